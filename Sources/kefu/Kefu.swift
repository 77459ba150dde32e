import ArgumentParser
import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuConfig

@main
struct Kefu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kefu",
        abstract: "A keyboard-only after-sales inbox for Amazon, eBay and web-store buyers.",
        version: KefuVersion.current,
        subcommands: [Inbox.self, Demo.self, List.self, Show.self, Reply.self, OutboxCmd.self, Stats.self, Export.self, Import.self, Store.self, AgentCmd.self, Check.self, Purge.self, Hold.self, Pin.self, Attachments.self, Keys.self],
        defaultSubcommand: Inbox.self
    )

    /// Exit codes: 0 ok, 1 usage, 2 data error. Errors are one line on stderr.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let e as KefuError {
            fail(e.description, code: e.exitCode)
        } catch let e as ExitCode {
            Foundation.exit(e.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit { exit(withError: error) }
            fail(message(for: error) + "\n" + "Run `kefu --help` for usage.", code: 1)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        Output.error("kefu: \(message)")
        Foundation.exit(code)
    }
}

/// Options every command that reads a store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store directory (default: $KEFU_STORE, $XDG_DATA_HOME/kefu, ~/.local/share/kefu).")
    var store: String?

    @Option(name: .long, help: "The configuration file (default: $KEFU_CONFIG, else $XDG_CONFIG_HOME/kefu/config.toml if it exists, else the store directory's config.toml).")
    var config: String?

    var path: String { StoreLocation.resolve(explicit: store) }

    /// `config.toml` with the built-in defaults under it: `--config`, else `KefuConfig.path` for this
    /// store (or `directory`). A missing default file is fine, a missing `--config` is not.
    func loadConfig(directory: String? = nil) throws -> KefuConfig {
        if let c = config, !FileManager.default.fileExists(atPath: c) { throw KefuError.usage("--config: no file \(c)") }
        return try KefuConfig.load(path: config ?? KefuConfig.path(storeDirectory: directory ?? path))
    }

    /// Opens the store; a writer first purges personal data past `[privacy] keep-days` (at most once a
    /// day, see `CaseStore.autoPurge`) and says so on stderr when it did.
    func open(_ mode: CaseStore.Mode, create: Bool = false, now: Date, at directory: String? = nil,
              autoPurge: Bool = true) throws -> CaseStore {
        if directory == nil { try refusePostgres() }
        let s = try CaseStore.open(directory ?? path, mode: mode, create: create, now: now)
        if autoPurge && !s.readOnly {
            // A purge that cannot finish (a damaged history month) must not keep the agent out of the inbox.
            do {
                if let r = try s.autoPurge(policy: PurgePolicy(keepDays: try loadConfig(directory: s.directory).keepDays), now: now), r.count > 0 {
                    Output.error("kefu: \(r.summary) (past [privacy] keep-days)")
                }
            } catch {
                Output.error("kefu: warning: personal data not purged: \(error) (run `kefu check`, then `kefu purge`)")
            }
        }
        for w in s.warnings { Output.error("kefu: warning: \(w)") }
        return s
    }

    /// A case id as typed (`K-1042`, `k-1042` or `1042`) in the store's form, `K-1042`.
    static func caseKey(_ id: String) -> String {
        id.uppercased().hasPrefix("K-") ? id.uppercased() : "K-\(id)"
    }

    /// Opens the store to change one case, active or closed (`K-1042` or `1042`). A closed case comes
    /// back into the active set with the change (a saved case supersedes its history line).
    func openCase(_ id: String, now: Date) throws -> (store: CaseStore, case: Case) {
        let store = try open(.write, now: now, autoPurge: false)
        let key = Self.caseKey(id)
        guard let c = try store.cases[key] ?? store.historyCase(id: key) else {
            store.close(now: now)
            throw KefuError.data("no case \(key) in \(store.directory)")
        }
        return (store, c)
    }
}
