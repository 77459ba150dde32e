import ArgumentParser
import Foundation
import KefuBase
import KefuStore
import KefuPostgres
import KefuPostgresStore

struct Store: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work on a store as a whole.", subcommands: [StoreCopy.self])
}

struct StoreCopy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole store (cases, closed cases, order book, outbox, seen-list) between a directory and PostgreSQL.",
        discussion: """
            FROM and TO are each a store directory or a postgresql:// URL. The copy is verified: both sides are read \
            back and their counts and SHA-256 checksums printed and compared. A target holding anything is refused \
            unless --force, which replaces a PostgreSQL target's contents (in one transaction); a directory target \
            must be new or empty.
            """)
    @Argument(help: "The store to copy from.") var from: String
    @Argument(help: "The store to copy into.") var to: String
    @Flag(help: "Replace what a PostgreSQL target holds.") var force = false

    func run() throws {
        let now = try Now.fromEnvironment()()
        let source = try Self.read(from, now: now)
        let target: StoreContents
        if StoreURL.isPostgres(to) {
            let pg = try Self.postgres(to)
            if try !pg.isEmpty() && !force {
                throw KefuError.data("\(pg.displayURL): already holds a store; --force replaces it")
            }
            try pg.replaceContents(with: source)
            target = try pg.contents()
        } else {
            let dir = StoreLocation.resolve(explicit: to)
            if let items = try? FileManager.default.contentsOfDirectory(atPath: dir), !items.isEmpty {
                throw KefuError.data("\(dir): not empty; copy into a new or empty directory" + (force ? " (--force replaces only a PostgreSQL target)" : ""))
            }
            let store = try CaseStore.open(dir, mode: .write, create: true, now: now)
            try source.write(json: store, now: now)
            store.close(now: now)
            target = try Self.read(dir, now: now)
        }
        let a = try source.summary(), b = try target.summary()
        Output.line("copied \(TerminalText.line(Self.display(from))) → \(TerminalText.line(Self.display(to)))")
        for (x, y) in zip(a, b) {
            let same = x.count == y.count && x.sha256 == y.sha256
            Output.line("  \(Stats.pad(x.part, 17)) \(Stats.lpad(String(x.count), 7)) \(x.sha256.prefix(16))  \(same ? "=" : "≠ \(y.count) \(y.sha256.prefix(16))")")
        }
        guard a.map(\.count) == b.map(\.count) && a.map(\.sha256) == b.map(\.sha256) else {
            throw KefuError.data("the copy differs from its source (see above)")
        }
        Output.line("verified: counts and checksums equal")
    }

    static func display(_ place: String) -> String { StoreURL.isPostgres(place) ? PGURL.redacted(place) : StoreLocation.resolve(explicit: place) }

    static func postgres(_ url: String) throws -> PostgresCaseStore {
        do { return try PostgresCaseStore(url: url, directory: StoreOptions.workingDirectory(for: url)) } catch let e as PGError { throw e.kefuError }
    }

    static func read(_ place: String, now: Date) throws -> StoreContents {
        if StoreURL.isPostgres(place) { return try postgres(place).contents() }
        return try StoreContents.read(json: try CaseStore.open(StoreLocation.resolve(explicit: place), mode: .readOnly, create: false, now: now))
    }
}
