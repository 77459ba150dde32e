import ArgumentParser
import Foundation
import KefuBase
import KefuStore
import KefuPostgresStore

/// `kefu purge [--dry-run]`: removes the buyer's personal data from cases past their keep-days.
struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove buyer personal data from resolved cases past delivery + [privacy] keep-days.",
        discussion: "Also runs once a day when a writer (the inbox, an import) opens the store. Held cases are never purged.")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print what would be purged (counts and case ids); change nothing.") var dryRun = false

    func run() throws {
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        let policy = PurgePolicy(keepDays: config.keepDays)
        if let pg = try storeOptions.openPostgres(now: now) {
            // Never on opening, as a directory store does: the team's purge is this command's, run by one agent.
            defer { pg.close(now: now) }
            Output.line(try pg.purge(policy: policy, now: now, dryRun: dryRun).summary)
            return
        }
        let store = try storeOptions.open(dryRun ? .readOnly : .write, now: now, autoPurge: false)
        defer { store.close(now: now) }
        let report = try store.purge(policy: policy, now: now, dryRun: dryRun)
        Output.line(report.summary)
    }
}

/// `kefu hold ID` / `kefu hold --release ID`: a held case (a dispute in progress) keeps its personal data.
struct Hold: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Hold a case (a dispute in progress: `kefu purge` keeps its personal data), or release it.")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Release the hold.") var release = false
    @Argument(help: "The case id, e.g. K-1042.") var id: String

    func run() throws {
        let now = try Now.fromEnvironment()()
        let agent = try storeOptions.loadConfig().agentID
        var (store, c) = try storeOptions.openAnyCase(id, now: now)
        defer { store.close(now: now) }
        let key = c.id, before = c.events.count
        guard c.isHeld == release else {
            Output.line("\(key): \(release ? "not held" : "already held")")
            return
        }
        c.setHeld(!release, at: now) // not updatedAt: a notice-only case's resolved time falls back to it
        c.attributeEvents(from: before, to: agent)
        try store.saveNow(c)
        Output.line(release ? "\(key): hold released" : "\(key): held (never purged until released)"
              + (c.purgedAt != nil ? "; its personal data was already purged" : ""))
    }
}
