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
        // Validate every file before touching the store.
        var accepted: [(String, [InboundMessage])] = []
        var rejected = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw KefuError.data("\(file): cannot read") }
            let parsed = JSONLImport.parse(data, file: file)
            for p in parsed.problems { Output.error("kefu: \(p)") }
            if parsed.problems.isEmpty || skipInvalid {
                accepted.append((file, parsed.messages))
            } else {
                rejected += 1
                Output.error("kefu: \(file): rejected: \(Set(parsed.problems.map(\.line)).count) bad line(s); nothing imported from it (--skip-invalid imports the valid lines)")
            }
        }
        let s: IntakeSummary
        if let pg = try storeOptions.openPostgres(now: now) {
            s = try Self.file(accepted.flatMap(\.1), into: pg, now: now)
        } else {
            let store = try storeOptions.open(.write, create: true, now: now)
            let intake = try Intake(store: store, now: now)
            for (_, messages) in accepted { try intake.run(messages) }
            store.close(now: now)
            s = intake.summary
        }
        Output.line("imported \(s.newMessages) message(s) into \(s.newCases) new case(s), \(s.reopened) reopened, \(s.duplicates) duplicate(s) skipped")
        if rejected > 0 { throw ExitCode(2) }
    }

    /// Into the shared store as the inbox files mail: what the messages can match in history looked
    /// up first, filed against the open cases, then saved in one transaction (one NOTIFY).
    static func file(_ messages: [InboundMessage], into pg: PostgresCaseStore, now: Date) throws -> IntakeSummary {
        let prefetched = try PrefetchedIntake.prefetch(messages, history: try pg.historyLoader(), orders: nil)
        let source = PrefetchedIntakeSource(openCases: pg.cases, prefetched: prefetched, nextNumber: pg.nextCaseNumber)
        let intake = Intake(source: source, now: now, only: messages)
        for m in messages { try intake.add(m) }
        try pg.save(intake.takeChanged(), keepIfUnwritten: false)
        pg.close(now: now)
        return intake.summary
    }
}
