import Foundation

/// `kefu-bench scale` (issue 16): a large seller after a few years — 10,000 open and 500,000 closed
/// cases — built once under `dir` and kept for reruns, and every figure measured on it beside its
/// target and the machine's load. Each suite is one named section; they run in order.
enum ScaleBench {
    static let open = 10_000, closed = 500_000

    static func sections(dir: String, now: Date) -> [(name: String, run: () throws -> Void)] {
        [
            ("build the 10k open + 500k closed store", { try build(dir) }),
            ("first frame, inbox memory and keystrokes with ticks at 10k open + 500k closed", { try OpenScaleBench.run(dir: dir, now: now) }),
            ("weekly export at 100k and 500k closed", { try export(dir, now: now) }),
            // In a child of its own: a child spawned from this process, grown large by the sections
            // before, would report this process's peak as its own (exec keeps the shared memory's high mark).
            ("imports beside Python + SQLite and notmuch", {
                let (out, _) = try runSelf(["imports", "--dir", dir + "-imports", "--runs", "3"])
                print(out, terminator: "")
            }),
        ]
    }

    static func run(dir: String, now: Date) throws {
        for section in sections(dir: dir, now: now) {
            print("== \(section.name) (\(Measure.load()))")
            try section.run()
        }
    }

    /// Builds the store in a child (its peak is the builder's own) unless a run before did; the
    /// figures of the build that made it are kept in `built` and shown again.
    static func build(_ dir: String) throws {
        let fresh = try buildOnce(dir, open: open, closed: closed) != nil
        let kept = (try? String(contentsOfFile: dir + "/built", encoding: .utf8)) ?? ""
        let f = kept.split(separator: " ").dropFirst().compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard kept.hasPrefix("figures"), f.count == 5 else {
            print("  \(dir): built by an older kefu-bench without figures; remove it to measure the build")
            return
        }
        let when = fresh ? Measure.load() : "kept from an earlier run; remove \(dir) to build again"
        Measure.report("build 10k open + 500k closed (wall)", f[0] / 60, "min", target: 5, note: when)
        Measure.report("build 10k open + 500k closed (CPU, user+sys)", f[1] / 60, "min", target: 5, note: when)
        Measure.report("builder peak memory (every compaction included)", f[2], "MB", target: 300, note: when)
        Measure.report("last compaction: 10k retired into 490k, 10k open", f[3], "ms", target: .infinity, note: when)
        Measure.report("last compaction peak memory", f[4], "MB", target: 300, note: when)
    }

    /// The weekly export over a year of history: on a store of 2,000 open and 100,000 closed cases (as
    /// `kefu-bench export` builds) and on the scale store itself.
    static func export(_ dir: String, now: Date) throws {
        let small = dir + "-export-100k"
        try ExportBench.run(dir: small, ensure: { try buildOnce($0, open: 2000, closed: 100_000) }, now: now, target: 1000)
        try ExportBench.run(dir: dir, ensure: { try buildOnce($0, open: open, closed: closed) }, now: now, target: 2000)
    }
}
