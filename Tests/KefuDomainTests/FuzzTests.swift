import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport
@testable import KefuConfig

// Seeded mutation tests over every importer (issue 14, item 10). From the fixtures (mail, JSONL, order
// reports, config.toml; the keymaps are in KefuInboxTests/KeymapFuzzTests) a fixed seed makes
// thousands of mutants (FuzzMutator), and each is run the way the command line runs it, asserting:
//   - no crash (the test process survives: a trap here kills it — the input being run is always in
//     $TMPDIR/kefu-fuzz-last-KIND, so a crash can be reproduced);
//   - no input costs more than `Fuzz.microsPerByte` µs per byte of its size (with a floor of one second);
//   - every input is imported, warned about, or rejected with a `FILE:LINE:` error, and nothing
//     vanishes (every JSONL line is a message or an error);
//   - after importing into a fresh store, `CaseStore.check` finds no problem and the store opens
//     (and its queue, clocks included, can be computed — what `kefu list` does).
// Files in Fixtures/fuzz/TARGET/ (crashes found by libFuzzer, Tests/fuzz/run.sh) are replayed first.
// KEFU_FUZZ_MUTANTS=N sets the mutants per kind (more, outside CI), KEFU_FUZZ_SEED another seed;
// KEFU_FUZZ_US_PER_BYTE and KEFU_FUZZ_FLOOR tighten the time ceiling. A failing input is saved in
// $TMPDIR/kefu-fuzz-failures/ and named in the failure.

extension Fuzz {
    /// What a later `kefu check`, `kefu list` and the next import do with the store: all must work.
    static func verifyStore(_ dir: String) throws {
        let report: StoreCheckReport
        do { report = try CaseStore.check(dir, repair: false, now: t0) } catch { throw FuzzFailure("kefu check failed: \(error)") }
        if !report.ok { throw FuzzFailure("kefu check: \(report.problems.joined(separator: " | "))") }
        let store: CaseStore
        do { store = try CaseStore.open(dir, mode: .readOnly, create: false, now: t0) } catch {
            throw FuzzFailure("the store does not open after `kefu check` said ok: \(error)")
        }
        let entries = Queue.sorted(Queue.entries(store.cases.values, filter: .all, at: t0, policy: .standard))
        for e in entries { _ = QueueRow(e, at: t0) }
        if DurableIO.exists(dir + "/" + OrderBook.fileName) {
            do { _ = try OrderBook.load(storeDirectory: dir) } catch { throw FuzzFailure("the order book does not load: \(error)") }
        }
    }

    /// A store holding the JSONL seed's cases (orders from the order fixtures join them).
    static func seededStore(at dir: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/jsonl/messages.jsonl"))
        let parsed = JSONLImport.parse(data, file: "messages.jsonl")
        #expect(parsed.problems.isEmpty)
        let store = try CaseStore.open(dir, now: t0)
        try Intake(store: store, now: t0).run(parsed.messages)
        store.close(now: t0)
    }

    /// The lines `JSONLImport.parse` reads (it skips blank ones), counted the same way.
    static func nonBlankLines(_ b: [UInt8]) -> Int {
        var n = 0
        for (i, raw) in b.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var line = raw[...]
            if line.last == 0x0D { line = line.dropLast() }
            if i == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { n += 1 }
        }
        return n
    }
}

@Suite(.serialized) struct FuzzTests {
    /// `kefu import maildir`: the mutant is the one file in a Maildir's new/.
    @Test func mail() throws {
        let seeds = Fuzz.files(Fuzz.fixtures + "/mail")
        let fig = Fuzz.run(kind: "mail", target: "mime", seeds: seeds, count: Fuzz.mutants(default: 1200)) { bytes, dir in
            let maildir = dir + "/Maildir"
            for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true) }
            try Data(bytes).write(to: URL(fileURLWithPath: maildir + "/new/1763625600.M1P1.fuzz"))
            let storeDir = dir + "/store"
            let store = try CaseStore.open(storeDir, now: t0)
            let report = try MaildirIntake.run(try Maildir(path: maildir), store: store, now: t0)
            store.close(now: t0)
            // Nothing is dropped: the one file became a message (a new one: the store was empty).
            guard report.read == 1, report.intake.newMessages == 1 else {
                throw FuzzFailure("mail not filed: read \(report.read), new messages \(report.intake.newMessages), vanished \(report.vanished)")
            }
            // Each warning names its file, as `kefu: warning: DIR/new/NAME: …` prints it.
            for w in report.warnings where !w.hasPrefix("new/1763625600.M1P1.fuzz: ") {
                throw FuzzFailure("a warning without its file: \(w)")
            }
            try Fuzz.verifyStore(storeDir)
            return report.warnings.isEmpty && report.intake.warned == 0 && report.unclassified == 0 ? .imported : .warned
        }
        #expect(fig.failures.isEmpty, "\(fig.failures.count) failure(s):\n\(fig.failures.joined(separator: "\n"))")
    }

    /// `kefu import FILE` (with --skip-invalid, so the good lines of a bad file reach the store too).
    @Test func jsonl() throws {
        let seeds = Fuzz.files(Fuzz.fixtures + "/jsonl")
        let fig = Fuzz.run(kind: "jsonl", target: "jsonl", seeds: seeds, count: Fuzz.mutants(default: 800)) { bytes, dir in
            let file = dir + "/in.jsonl"
            let parsed = JSONLImport.parse(Data(bytes), file: file)
            for p in parsed.problems { try Fuzz.requireFileLine(p.description, file: file) }
            let lines = Fuzz.nonBlankLines(bytes), bad = Set(parsed.problems.map(\.line)).count
            guard parsed.messages.count + bad == lines else {
                throw FuzzFailure("\(lines) line(s) but \(parsed.messages.count) message(s) and \(bad) bad line(s): a line vanished")
            }
            if !parsed.messages.isEmpty {
                let storeDir = dir + "/store"
                let store = try CaseStore.open(storeDir, now: t0)
                let intake = try Intake(store: store, now: t0)
                try intake.run(parsed.messages)
                store.close(now: t0)
                let s = intake.summary
                guard s.newMessages + s.duplicates == parsed.messages.count else {
                    throw FuzzFailure("\(parsed.messages.count) message(s) read but \(s.newMessages) filed and \(s.duplicates) duplicate(s)")
                }
                try Fuzz.verifyStore(storeDir)
            }
            return parsed.problems.isEmpty ? .imported : .rejected
        }
        #expect(fig.failures.isEmpty, "\(fig.failures.count) failure(s):\n\(fig.failures.joined(separator: "\n"))")
    }

    /// `kefu import orders FILE --skip-invalid` into a store whose cases have the fixtures' order ids.
    @Test func orders() throws {
        let seeds = Fuzz.files(Fuzz.fixtures + "/orders")
        let base = Fuzz.scratch("orders-base") + "/store"
        try Fuzz.seededStore(at: base)
        defer { try? FileManager.default.removeItem(atPath: (base as NSString).deletingLastPathComponent) }
        let fig = Fuzz.run(kind: "orders", target: "orders", seeds: seeds, count: Fuzz.mutants(default: 1200)) { bytes, dir in
            let file = dir + "/report.csv"
            let parsed = OrderReport.parse(Data(bytes), file: file)
            for p in parsed.problems + parsed.warnings { try Fuzz.requireFileLine(p.description, file: file) }
            if parsed.format == nil && parsed.problems.isEmpty { throw FuzzFailure("no format and no error") }
            if !parsed.orders.isEmpty {
                let storeDir = dir + "/store"
                try FileManager.default.copyItem(atPath: base, toPath: storeDir)
                let store = try CaseStore.open(storeDir, now: t0)
                _ = try store.importOrders(parsed.orders)
                store.close(now: t0)
                try Fuzz.verifyStore(storeDir)
            }
            return !parsed.problems.isEmpty ? .rejected : parsed.warnings.isEmpty ? .imported : .warned
        }
        #expect(fig.failures.isEmpty, "\(fig.failures.count) failure(s):\n\(fig.failures.joined(separator: "\n"))")
    }

    /// `--config FILE`: read, then used for the queue's clocks (what every command does with it).
    @Test func config() throws {
        let seeds = Fuzz.files(Fuzz.fixtures + "/config")
        let base = Fuzz.scratch("config-base") + "/store"
        try Fuzz.seededStore(at: base)
        let cases = try CaseStore.open(base, mode: .readOnly, create: false, now: t0).cases.values
        try? FileManager.default.removeItem(atPath: (base as NSString).deletingLastPathComponent)
        let fig = Fuzz.run(kind: "config", target: "toml", seeds: seeds, count: Fuzz.mutants(default: 2000)) { bytes, dir in
            let file = dir + "/config.toml"
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let config: KefuConfig
            do { config = try KefuConfig.load(path: file, fallbackZone: TimeZone(identifier: "UTC")!) } catch {
                // A file that is not UTF-8 is refused whole, before any line is read.
                if "\(error)" == "\(file): not UTF-8 text" { return .rejected }
                try Fuzz.requireFileLine("\(error)", file: file)
                return .rejected
            }
            let entries = Queue.sorted(Queue.entries(cases, filter: .all, at: t0, policy: config.sla))
            for e in entries { _ = QueueRow(e, at: t0) }
            return .imported
        }
        #expect(fig.failures.isEmpty, "\(fig.failures.count) failure(s):\n\(fig.failures.joined(separator: "\n"))")
    }
}
