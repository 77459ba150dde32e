import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase
import KefuModel
import KefuImport
import KefuStore
import KefuPostgresStore

/// `kefu import [jsonl] FILE…` (messages, the default) and `kefu import orders FILE…` (order reports).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import inbound messages (the default) or order reports.",
        subcommands: [ImportJSONL.self, ImportMaildir.self, ImportOrders.self],
        defaultSubcommand: ImportJSONL.self)
}

struct ImportJSONL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonl",
        abstract: "Import inbound messages (JSONL, one message per line; see README).",
        discussion: "A file with a bad line is rejected whole and every bad line is reported; --skip-invalid imports the good lines.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Input format: jsonl.") var format: String = "jsonl"
    @Flag(help: "Import the valid lines of a file that has bad ones.") var skipInvalid = false
    @Argument(help: "Files to import.") var files: [String]

    func run() throws {
        guard format == "jsonl" else { throw KefuError.usage("--format: unknown format \"\(format)\" (supported: jsonl)") }
        let now = try Now.fromEnvironment()()
        // Check every file before touching the store. Each is read once, a batch of lines at a time;
        // its valid lines wait in a private spool, so memory stays flat however long the file.
        let spool = try JSONLSpool()
        var rejected = 0
        for file in files {
            let checked = try spool.check(path: file, rejectIfBad: !skipInvalid) { Output.error("kefu: \($0)") }
            if checked.badLines > 0 && !skipInvalid {
                rejected += 1
                Output.error("kefu: \(file): rejected: \(checked.badLines) bad line(s); nothing imported from it (--skip-invalid imports the valid lines)")
            }
        }
        let s: IntakeSummary
        if let pg = try storeOptions.openPostgres(now: now) {
            var sum = IntakeSummary()
            let history = try pg.historyLoader(), assign = try storeOptions.loadConfig().team.assign
            try spool.file { batch in
                let intake = try TeamIntake.intake(for: batch, into: pg, history: history, now: now)
                for m in batch { try intake.add(m) }
                try TeamIntake.commit(intake, into: pg, assign: assign)
                sum.add(intake.summary)
            }
            pg.close(now: now)
            s = sum
        } else {
            let store = try storeOptions.open(.write, create: true, now: now)
            store.writeThrough = true   // memory holds a batch of cases, not every case the file opens
            s = try {
                let intake = try Intake(store: store, now: now)
                // Each batch is encoded while the next is filed (filing is one thread's work).
                try spool.file { batch in
                    for m in batch { try intake.add(m) }
                    try store.saveBehind(intake.takeChanged())
                }
                try store.finishBehind()
                return intake.summary
            }()   // the intake's tables let go of before the compaction at close (the import's peak)
            store.close(now: now)
        }
        Output.line("imported \(s.newMessages) message(s) into \(s.newCases) new case(s), \(s.reopened) reopened, \(s.duplicates) duplicate(s) skipped")
        if rejected > 0 { throw ExitCode(2) }
    }
}

/// Filing into the team store as the inbox files mail: what a batch's messages can match in history
/// looked up first, then filed against the open cases; the caller saves the changed cases in one
/// transaction (one NOTIFY).
enum TeamIntake {
    static func intake(for messages: [InboundMessage], into pg: PostgresCaseStore, history: HistoryLookup, now: Date) throws -> Intake {
        let prefetched = try PrefetchedIntake.prefetch(messages, history: history, orders: nil)
        let source = PrefetchedIntakeSource(openCases: pg.cases, prefetched: prefetched, nextNumber: pg.nextCaseNumber)
        return Intake(source: source, now: now, only: messages)
    }

    /// Saves what the intake changed in one transaction, then gives the new cases to the available
    /// agents by `[team] assign` (nothing with "none").
    static func commit(_ intake: Intake, into pg: PostgresCaseStore, assign policy: AssignPolicy) throws {
        let known = Set(pg.cases.keys)
        let changed = intake.takeChanged()
        try pg.save(changed, keepIfUnwritten: false)
        try pg.assign(changed.map(\.id).filter { !known.contains($0) }, policy: policy)
    }
}
