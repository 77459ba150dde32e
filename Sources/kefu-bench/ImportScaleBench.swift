import Foundation
import KefuBase

/// Issue 16's import figures, each beside its target and its peer run on the same data in the same
/// run: the real `kefu` binary (beside this one) against a plain Python `json` + `sqlite3` script
/// (Tests/peers/jsonl_sqlite.py) for JSONL, and against `notmuch new` for a Maildir. Every figure is
/// the median of `runs` whole-process runs; peak memory is the child's own (`wait4`).
enum ImportScaleBench {
    static let jsonlLines = 100_000
    static let maildirMails = 20_000

    /// `scratch` keeps the generated inputs for reruns; stores and databases in it are made afresh.
    static func run(scratch: String, now: Date, runs: Int = 3) throws {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        print("load: \(load())")
        // A child's peak (wait4's ru_maxrss) is at least the spawning process's own high-water mark:
        // Linux carries it across exec. Run `kefu-bench imports` alone for the children's own peaks.
        if let own = ownPeakMB(), own > 30 { print(String(format: "note: the peaks below are at least this bench's own peak, %.1f MB (run `imports` alone for theirs)", own)) }
        let kefu = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("kefu").path
        guard FileManager.default.isExecutableFile(atPath: kefu) else {
            print("kefu not built beside kefu-bench (swift build -c release --product kefu): import figures skipped")
            return
        }
        // The children see no agent's store or config: everything they touch is in `scratch`.
        var env = ProcessInfo.processInfo.environment
        env["KEFU_STORE"] = nil; env["KEFU_CONFIG"] = nil
        env["XDG_CONFIG_HOME"] = scratch + "/xdg"
        try jsonl(kefu: kefu, scratch: scratch, env: env, now: now, runs: runs)
        try maildir(kefu: kefu, scratch: scratch, env: env, now: now, runs: runs)
    }

    static func jsonl(kefu: String, scratch: String, env: [String: String], now: Date, runs: Int) throws {
        let file = scratch + "/import-\(jsonlLines).jsonl"
        if !FileManager.default.fileExists(atPath: file + ".built") {
            var gen = Synthetic(seed: 7)
            var text = Data()
            for i in 0..<jsonlLines { text.append(Data((gen.importLine(i, now: now) + "\n").utf8)) }
            try text.write(to: URL(fileURLWithPath: file))
            FileManager.default.createFile(atPath: file + ".built", contents: Data())
        }
        let script = peerScript(), python = ChildRun.installed("python3")
        // Runs alternate, kefu then the peer, so a load that comes and goes weighs on both alike.
        var kefuRuns: [ChildRun] = [], peerRuns: [ChildRun] = []
        for _ in 0..<runs {
            let store = scratch + "/jsonl-store"
            try? FileManager.default.removeItem(atPath: store)
            let r = try ChildRun.run(kefu, ["import", "--store", store, file], environment: env, log: scratch + "/kefu.log")
            guard r.status == 0, r.output.contains("imported \(jsonlLines) message(s)") else { throw KefuError.data("kefu import failed: \(r.output)") }
            kefuRuns.append(r)
            guard let script, python else { continue }
            let db = scratch + "/peer.sqlite"
            for suffix in ["", "-journal"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            let p = try ChildRun.run("python3", [script, file, db], environment: env, log: scratch + "/peer.log")
            guard p.status == 0, p.output.hasPrefix("\(jsonlLines) ") else { throw KefuError.data("the Python peer failed: \(p.output)") }
            peerRuns.append(p)
        }
        let kefuRate = Double(jsonlLines) / (median(kefuRuns.map(\.ms)) / 1000)
        Measure.report("JSONL import, \(jsonlLines / 1000)k lines (whole process)", kefuRate, "msg/s", target: 5000, lowerIsBetter: false)
        Measure.report("  peak memory of that import", median(kefuRuns.map(\.peakMB)), "MB", target: 100)
        print(String(format: "%-52@ %10.0f ms  (wall %.0f ms; each run: %@)", "  CPU time of that import (user + system)" as NSString,
                     median(kefuRuns.map(\.cpuMS)), median(kefuRuns.map(\.ms)), kefuRuns.map { String(format: "%.0f", $0.ms) }.joined(separator: ", ") as NSString))
        guard !peerRuns.isEmpty else {
            print("  python3 (or Tests/peers/jsonl_sqlite.py) not found: no peer figure")
            return
        }
        let peerRate = Double(jsonlLines) / (median(peerRuns.map(\.ms)) / 1000)
        print(String(format: "%-52@ %10.0f msg/s  peak %.1f MB, CPU %.0f ms, wall %.0f ms (each: %@)", "  Python json + sqlite3, same file" as NSString, peerRate,
                     median(peerRuns.map(\.peakMB)), median(peerRuns.map(\.cpuMS)), median(peerRuns.map(\.ms)),
                     peerRuns.map { String(format: "%.0f", $0.ms) }.joined(separator: ", ") as NSString))
        Measure.report("  kefu ÷ Python (rate)", kefuRate / peerRate, "×", target: 1, lowerIsBetter: false)
        // Each kefu run against the peer run right after it (the same moment's load).
        let pairs = zip(kefuRuns, peerRuns).map { $1.ms / $0.ms }
        print(String(format: "%-52@ %@  (kefu faster in %d of %d)", "  run by run, kefu ÷ Python" as NSString,
                     pairs.map { String(format: "%.2f", $0) }.joined(separator: ", ") as NSString, pairs.filter { $0 > 1 }.count, pairs.count))
    }

    static func maildir(kefu: String, scratch: String, env: [String: String], now: Date, runs: Int) throws {
        let dir = scratch + "/maildir-\(maildirMails)"
        if !FileManager.default.fileExists(atPath: dir + "/built") { try MaildirBench.write(maildirMails, to: dir, now: now) }
        let store = scratch + "/maildir-store"
        var first: [Double] = [], again: [Double] = [], peaks: [Double] = []
        for _ in 0..<runs {
            try? FileManager.default.removeItem(atPath: store)
            let r = try ChildRun.run(kefu, ["import", "maildir", "--store", store, dir], environment: env, log: scratch + "/kefu.log")
            guard r.status == 0, r.output.contains("imported ") else { throw KefuError.data("kefu import maildir failed: \(r.output)") }
            first.append(r.ms); peaks.append(r.peakMB)
            let n = try ChildRun.run(kefu, ["import", "maildir", "--store", store, dir], environment: env, log: scratch + "/kefu.log")
            guard n.status == 0, n.output.contains("imported 0 message(s)") else { throw KefuError.data("kefu rescan failed: \(n.output)") }
            again.append(n.ms)
        }
        let kefuRate = Double(maildirMails) / (median(first) / 1000)
        Measure.report("Maildir import, \(maildirMails / 1000)k mails (whole process)", kefuRate, "msg/s", target: 2000, lowerIsBetter: false)
        print(String(format: "%-52@ %10.1f MB", "  peak memory" as NSString, median(peaks)))
        print(String(format: "%-52@ %10.1f ms  (target: ≤ 10× notmuch new)", "Maildir rescan, nothing new (whole process)" as NSString, median(again)))

        guard ChildRun.installed("notmuch") else {
            print("  notmuch not installed: no peer figures (apt-get install notmuch)")
            return
        }
        let db = scratch + "/notmuch-db", config = scratch + "/notmuch-config"
        try """
            [database]
            path=\(db)
            mail_root=\(dir)
            [new]
            tags=unread;inbox;
            ignore=built
            [maildir]
            synchronize_flags=false

            """.write(toFile: config, atomically: true, encoding: .utf8)
        var nmEnv = env
        nmEnv["NOTMUCH_CONFIG"] = config
        var nmFirst: [Double] = [], nmAgain: [Double] = []
        for _ in 0..<runs {
            try? FileManager.default.removeItem(atPath: db)
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
            let r = try ChildRun.run("notmuch", ["new", "--quiet"], environment: nmEnv, log: scratch + "/notmuch.log")
            guard r.status == 0 else { throw KefuError.data("notmuch new failed: \(r.output)") }
            nmFirst.append(r.ms)
            let n = try ChildRun.run("notmuch", ["new", "--quiet"], environment: nmEnv, log: scratch + "/notmuch.log")
            guard n.status == 0 else { throw KefuError.data("notmuch new (again) failed: \(n.output)") }
            nmAgain.append(n.ms)
        }
        let nmRate = Double(maildirMails) / (median(nmFirst) / 1000)
        print(String(format: "%-52@ %10.0f msg/s", "  notmuch new, same Maildir (first index)" as NSString, nmRate))
        Measure.report("  kefu ÷ notmuch (first import rate)", kefuRate / nmRate, "×", target: 3, lowerIsBetter: false)
        print(String(format: "%-52@ %10.1f ms", "  notmuch new, nothing new" as NSString, median(nmAgain)))
        Measure.report("  kefu ÷ notmuch (nothing-new time)", median(again) / median(nmAgain), "×", target: 10)
        print("load: \(load())")
    }

    static func median(_ xs: [Double]) -> Double { Measure.percentile(xs, 0.5) }

    /// This process's peak resident memory (VmHWM), in MB.
    static func ownPeakMB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }

    /// The machine's load as `uptime` prints it (figures on 2 shared cores depend on it).
    static func load() -> String {
        let avg = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: ", ") ?? "unknown"
        return "load average \(avg) on \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }

    /// The Python peer: beside this source in the checkout, or under the current directory.
    static func peerScript() -> String? {
        let fromSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/peers/jsonl_sqlite.py").path
        return [fromSource, FileManager.default.currentDirectoryPath + "/Tests/peers/jsonl_sqlite.py"].first { FileManager.default.fileExists(atPath: $0) }
    }
}
