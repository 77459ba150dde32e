import Foundation
import KefuInbox
import KefuBase
import KefuModel
import KefuStore
import KefuImport

// kefu-bench: figures with their targets, for the store (foundation) and the inbox screen.
//   kefu-bench store [--open N] [--closed N] [--dir DIR]   store figures
//   kefu-bench inbox [--dir DIR]                          keystroke→frame, first frame of the real binary
//   kefu-bench clocks                                       recomputing every clock of 2,000 open cases
//   kefu-bench intake                                       MIME parsing and category suggestion rates
//   kefu-bench suggest [--runs N]                           category suggestion per message, cue index build
//   kefu-bench maildir                                      importing a 20,000-message Maildir
//   kefu-bench export [--dir DIR]                           the weekly export over a year of history
//   kefu-bench open-scale [--open N] [--closed N] [--dir DIR]  first frame, inbox memory, keystrokes with ticks
//   kefu-bench scale [--dir DIR]                            10k open + 500k closed: build, compaction, export (issue 16)
//   kefu-bench imports [--dir DIR] [--runs N]               JSONL and Maildir imports beside Python+SQLite and notmuch
//   kefu-bench all                                          all of them
// Internal: open-probe DIR, crash-writer DIR (used by the crash-loop test).

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: String) -> String {
    if let i = args.firstIndex(of: name), i + 1 < args.count { return args[i + 1] }
    return fallback
}
let now = (try? Now.fromEnvironment())?() ?? Date()
let openCount = Int(option("--open", "2000"))!
let closedCount = Int(option("--closed", "100000"))!

func benchDir() -> String {
    option("--dir", NSTemporaryDirectory() + "kefu-bench-\(openCount)-\(closedCount)")
}

/// Builds (once) a store with `open` open and `closed` closed cases, in a child process
/// so that this one stays small (a big parent slows every later fork and spoils the figures).
/// Returns the builder's output (its figures), or nil when the store was built before.
@discardableResult
func buildOnce(_ dir: String, open: Int = openCount, closed: Int = closedCount) throws -> String? {
    if FileManager.default.fileExists(atPath: dir + "/built") { return nil }
    let (out, _) = try runSelf(["build-store", dir, "--open", String(open), "--closed", String(closed)])
    print(out, terminator: "")
    return out
}

func ensureStore(_ dir: String) throws { try buildOnce(dir) }

/// The closed cases a batch at a time, each batch retired to history by a compaction, as a store's
/// history grows over the years (half a million resolved cases held at once is a store nobody has);
/// the open cases come before the last batch, so that its compaction — the one measured — retires
/// into the full history beside all of them. The last line gives the figures `ScaleBench` reads:
/// whole time, CPU time, the builder's peak memory, and the last compaction's time and peak.
func buildStore(_ dir: String) throws {
    try? FileManager.default.removeItem(atPath: dir)
    var gen = Synthetic(seed: 42)
    let store = try CaseStore.open(dir, now: now)
    let batchSize = 10_000
    var lastCompaction = (ms: 0.0, peakMB: Double.nan)
    var peakBeforeLast = 0.0   // the high mark is reset for the last compaction: the whole build's is the larger
    let t = try Measure.ms {
        var batch: [Case] = []
        func flush(retire: Bool, last: Bool) throws {
            try store.save(batch)
            batch.removeAll()
            guard retire else { return }
            if last { peakBeforeLast = Measure.peakMB() }
            let reset = last && Measure.resetPeak()
            lastCompaction.ms = try Measure.ms { try store.compact(now: now) }
            if reset { lastCompaction.peakMB = Measure.peakMB() }
        }
        let lastBatch = max(0, closedCount - batchSize)
        for i in Array(0..<lastBatch) + Array(closedCount..<(openCount + closedCount)) + Array(lastBatch..<closedCount) {
            let closed = i < closedCount
            // Closed cases spread over the past year; open ones over the last 30 hours.
            let age = closed ? 24 * 8 + Double(i % 358) * 24 : Double(i % 30) + Double(i % 60) / 60
            batch.append(gen.makeCase(number: 1001 + i, now: now, ageHours: age, closed: closed))
            if batch.count == batchSize { try flush(retire: closed, last: closed && i == closedCount - 1) }
        }
        if !batch.isEmpty { try flush(retire: true, last: true) }
        if closedCount == 0 { try store.compact(now: now) }
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: dir + "/active.jsonl")[.size] as? Int) ?? 0
    print(String(format: "built %d open + %d closed cases in %.1f s (active.jsonl %.1f KB per case)", openCount, closedCount, t / 1000,
                 Double(bytes) / Double(max(openCount, 1)) / 1024))
    let figures = String(format: "figures %.3f %.3f %.1f %.1f %.1f", t / 1000, Measure.cpuSeconds(), max(peakBeforeLast, Measure.peakMB()), lastCompaction.ms, lastCompaction.peakMB)
    print(figures)
    FileManager.default.createFile(atPath: dir + "/built", contents: Data((figures + "\n").utf8))
}

/// A scratch copy of the bench store for measurements that write, so the original stays as built.
func scratchCopy(_ dir: String) throws -> String {
    let copy = dir + "-scratch"
    try? FileManager.default.removeItem(atPath: copy)
    try FileManager.default.copyItem(atPath: dir, toPath: copy)
    try? FileManager.default.removeItem(atPath: copy + "/built")
    sync() // let the copy's writeback finish before fsync latencies are measured
    return copy
}

func runSelf(_ arguments: [String], env: [String: String] = [:]) throws -> (String, Double) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    p.arguments = arguments
    var e = ProcessInfo.processInfo.environment
    for (k, v) in env { e[k] = v }
    p.environment = e
    let out = Pipe()
    p.standardOutput = out
    var data = Data()
    let ms = try Measure.ms {
        try p.run()
        data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
    }
    return (String(decoding: data, as: UTF8.self), ms)
}

func storeBench() throws {
    let dir = benchDir()
    try ensureStore(dir)
    // Open + queue ready, in fresh processes (cold start of the code, warm file cache).
    var inProcess: [Double] = [], whole: [Double] = [], peak: [Double] = []
    for _ in 0..<5 {
        let (out, wall) = try runSelf(["open-probe", dir])
        let f = out.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        inProcess.append(f[0]); peak.append(f[1]); whole.append(wall)
    }
    Measure.report("open store + queue ready (in process, median of 5)", Measure.percentile(inProcess, 0.5), "ms", target: 150)
    Measure.report("open store + queue ready (whole process, median)", Measure.percentile(whole, 0.5), "ms", target: 150)
    Measure.report("peak memory opening the store", peak.max()!, "MB", target: 150)

    // One change persisted (append + fsync), p99 over 1,000 changes.
    let store = try CaseStore.open(try scratchCopy(dir), now: now)
    var ids = Array(store.cases.keys.sorted().prefix(200))
    var times: [Double] = []
    for i in 0..<1000 {
        var c = store.cases[ids[i % ids.count]]!
        c.events.append(CaseEvent(.note, at: now, text: "bench note \(i)"))
        times.append(try Measure.ms { try store.save(c) })
    }
    Measure.report("one change persisted (fsync), median", Measure.percentile(times, 0.5), "ms", target: 5)
    Measure.report("one change persisted (fsync), p99", Measure.percentile(times, 0.99), "ms", target: 5)
    ids.removeAll()

    // JSONL import into the big store: parse, group (history index included), persist.
    var gen = Synthetic(seed: 7)
    let n = 20_000
    let text = (0..<n).map { gen.importLine($0, now: now) }.joined(separator: "\n")
    var imported = 0
    let ms = try Measure.ms {
        let parsed = JSONLImport.parse(Data(text.utf8), file: "bench.jsonl")
        let intake = try Intake(store: store, now: now)
        try intake.run(parsed.messages)
        imported = intake.summary.newMessages
    }
    precondition(imported == n, "imported \(imported) of \(n)")
    Measure.report("JSONL import (20,000 messages into the big store)", Double(n) / (ms / 1000), "msg/s", target: 5000, lowerIsBetter: false)
    try? FileManager.default.removeItem(atPath: store.directory)
}

func openProbe(_ dir: String) throws {
    var entries = 0
    let ms = try Measure.ms {
        let s = try CaseStore.open(dir, mode: .readOnly, now: now)
        entries = Queue.entries(s.cases.values, filter: .needsReply, at: now).count
    }
    precondition(entries > 0)
    print(String(format: "%.3f %.1f", ms, Measure.peakMB()))
}

/// For the crash-loop test: saves forever, printing each change's number once it is durable.
func crashWriter(_ dir: String) throws {
    let store = try CaseStore.open(dir, now: now)
    var n = store.cases["K-1001"]?.events.filter { $0.type == .note }.count ?? 0
    while true {
        var c = store.cases["K-1001"] ?? Case(id: "K-1001", channel: .email, openedAt: now)
        n += 1
        c.events.append(CaseEvent(.note, at: now, text: "change \(n)"))
        var other = store.cases["K-\(1002 + n % 50)"] ?? Case(id: "K-\(1002 + n % 50)", channel: .shop, openedAt: now)
        other.events.append(CaseEvent(.note, at: now, text: String(repeating: "x", count: 2000)))
        try store.save([c, other])
        FileHandle.standardOutput.write(Data("\(n)\n".utf8))
        if n % 40 == 0 { try store.compact(now: now) }
    }
}

do {
    switch args.first ?? "all" {
    case "store": try storeBench()
    case "inbox": try InboxBench.run(dir: benchDir(), ensure: ensureStore, now: now)
    case "live": try LiveIntakeBench.run(dir: benchDir(), ensure: ensureStore, now: now, runs: Int(option("--runs", "5"))!)
    case "live-once": try LiveIntakeBench.once(dir: benchDir(), now: now)
    case "open-scale": try ensureStore(benchDir()); try OpenScaleBench.run(dir: benchDir(), now: now)
    case "open-scale-probe": try OpenScaleBench.probe(args[1], now: now)
    case "clocks": ClockBench.run(now: now)
    case "intake": IntakeBench.run()
    case "suggest": SuggestBench.run(now: now, runs: Int(option("--runs", "5")) ?? 5)
    case "maildir": try MaildirBench.run(now: now)
    case "maildir-import": try MaildirBench.importChild(args[1], args[2], now: now)
    case "imports": try ImportScaleBench.run(scratch: option("--dir", NSTemporaryDirectory() + "kefu-bench-imports"), now: now,
                                             runs: Int(option("--runs", "3")) ?? 3)
    // Its own store: the offers, returns and claims it reports on were added to the synthetic cases later.
    case "export": try ExportBench.run(dir: option("--dir", NSTemporaryDirectory() + "kefu-bench-export-\(openCount)-\(closedCount)"),
                                       ensure: ensureStore, now: now)
    case "scale": try ScaleBench.run(dir: option("--dir", NSTemporaryDirectory() + "kefu-bench-scale"), now: now)
    case "all":
        try storeBench()
        try InboxBench.run(dir: benchDir(), ensure: ensureStore, now: now)
        ClockBench.run(now: now)
        IntakeBench.run()
        try MaildirBench.run(now: now)
        try ExportBench.run(dir: NSTemporaryDirectory() + "kefu-bench-export-\(openCount)-\(closedCount)", ensure: ensureStore, now: now)
    case "open-probe": try openProbe(args[1])
    case "crash-writer": try crashWriter(args[1])
    case "build-store": try buildStore(args[1])
    default:
        FileHandle.standardError.write(Data("usage: kefu-bench [store|inbox|clocks|intake|suggest|maildir|imports|export|scale|all] [--open N] [--closed N] [--dir DIR]\n".utf8))
        exit(1)
    }
} catch {
    FileHandle.standardError.write(Data("kefu-bench: \(error)\n".utf8))
    exit(2)
}
