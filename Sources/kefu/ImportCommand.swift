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
        ImportMemory.returnLargeBlocks()
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

enum ImportMemory {
    /// Two glibc defaults that keep freed memory resident in an import: each thread that parses or
    /// encodes a batch gets an arena of its own (up to 8 a core), each keeping its free pieces; and the
    /// mmap threshold rises to the size of each large block freed (up to 32 MB), after which the
    /// batch-sized buffers come from the heap and stay there, fragmented, once freed. A 100,000-line
    /// JSONL file, peak RSS / CPU (medians of 4, under load): neither 101 MB / 3.1 s; two arenas and
    /// the threshold held at 1 MB (larger buffers mapped and given back whole) 83 MB / 3.7 s — the
    /// CPU is fresh pages; at 128 KB 77 MB / 3.8 s; two arenas alone 92–96 MB, no CPU.
    static func returnLargeBlocks() {
        #if canImport(Glibc)
        // `mallopt` is not in Swift's Glibc module (malloc.h): found by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let f = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(f, to: Mallopt.self)
        let env = ProcessInfo.processInfo.environment
        if let a = env["XA"].flatMap({ Int32($0) }) { if a > 0 { _ = mallopt(-8, a) } } else { _ = mallopt(-8, 2) }
        if let t = env["XT"].flatMap({ Int32($0) }) { if t > 0 { _ = mallopt(-3, t) } } else { _ = mallopt(-3, 1 << 20) }
        #endif
    }
}
