import ArgumentParser
import Foundation
import KefuBase
import KefuModel
import KefuImport
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
            var sum: IntakeSummary?
            try spool.file { batch in
                var one = try Self.file(batch, into: pg, now: now)
                if let before = sum {
                    one.newMessages += before.newMessages; one.newCases += before.newCases
                    one.reopened += before.reopened; one.duplicates += before.duplicates; one.warned += before.warned
                }
                sum = one
            }
            pg.close(now: now)
            s = try sum ?? Self.file([], into: pg, now: now)
        } else {
            let store = try storeOptions.open(.write, create: true, now: now)
            store.writeThrough = true   // memory holds a batch of cases, not every case the file opens
            let intake = try Intake(store: store, now: now)
            try spool.file { try intake.run($0) }
            store.close(now: now)
            s = intake.summary
        }
        Output.line("imported \(s.newMessages) message(s) into \(s.newCases) new case(s), \(s.reopened) reopened, \(s.duplicates) duplicate(s) skipped")
        if rejected > 0 { throw ExitCode(2) }
    }

    /// One batch into the shared store as the inbox files mail: what the messages can match in history
    /// looked up first, filed against the open cases, then saved in one transaction (one NOTIFY).
    static func file(_ messages: [InboundMessage], into pg: PostgresCaseStore, now: Date) throws -> IntakeSummary {
        let prefetched = try PrefetchedIntake.prefetch(messages, history: try pg.historyLoader(), orders: nil)
        let source = PrefetchedIntakeSource(openCases: pg.cases, prefetched: prefetched, nextNumber: pg.nextCaseNumber)
        let intake = Intake(source: source, now: now, only: messages)
        for m in messages { try intake.add(m) }
        try pg.save(intake.takeChanged(), keepIfUnwritten: false)
        return intake.summary
    }
}
