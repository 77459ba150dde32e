import Foundation
import KefuBase
import KefuStore
import KefuConfig
import KefuPostgres
import KefuPostgresStore

extension StoreOptions {
    /// The PostgreSQL store asked for: `--store postgresql://…`, else `$KEFU_STORE` holding such a URL,
    /// else `[store] url` in the configuration (only when no store directory was given). Nil: the JSON store.
    func postgresURL(env: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let s = store, !s.isEmpty { return StoreURL.isPostgres(s) ? s : nil }
        if let s = env["KEFU_STORE"], !s.isEmpty { return StoreURL.isPostgres(s) ? s : nil }
        return try loadConfig(directory: StoreLocation.resolve(explicit: nil, env: env)).storeURL
    }

    /// Opens the PostgreSQL store when one is asked for (see `postgresURL`), with this machine's working
    /// directory for it (outbox, seen-list, exports); nil when the JSON store is meant.
    func openPostgres(now: Date) throws -> PostgresCaseStore? {
        guard let url = try postgresURL() else { return nil }
        do {
            return try PostgresCaseStore(url: url, directory: Self.workingDirectory(for: url))
        } catch let e as PGError { throw e.kefuError }
    }

    /// A command that reads only a directory store, asked to work on a PostgreSQL one, says so rather than
    /// taking the URL for a directory name (or quietly using another store).
    func refusePostgres() throws {
        guard let url = try postgresURL() else { return }
        throw KefuError.usage("this command works on a store directory only so far, and the store is \(PGURL.redacted(url)); pass --store DIR, or `kefu store copy` the database to a directory first")
    }

    /// `$XDG_DATA_HOME/kefu/postgres/<digest of the URL without its password>`: one per database.
    static func workingDirectory(for url: String, env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var base = StoreLocation.resolve(explicit: nil, env: env.filter { $0.key != "KEFU_STORE" })
        if base.hasSuffix("/kefu") { base += "/postgres" } else { base += "-postgres" }
        return base + "/" + SHA256.hex(Data(PGURL.redacted(url).utf8)).prefix(16)
    }
}
