import Foundation
import KefuCategories

/// Category suggestion alone, per message, on what the 100k JSONL import feeds it (issue 16: 8.5 µs a
/// message before the speed work, ≈ a fifth of the import's CPU), and the one-off cost of the cue index.
enum SuggestBench {
    static func run(now: Date, runs: Int) {
        // First use builds the cue index: its time, the heap it keeps (anonymous memory, after handing
        // freed heap back: code pages and Unicode tables touched for the first time are not the index's)
        // and the peak of the build.
        _ = mallocTrim(0)
        let (anon, hwm) = (Measure.statusMB("Anonymous:", file: "/proc/self/smaps_rollup"), Measure.statusMB("VmHWM:"))
        let cpu = cpuNanoseconds()
        _ = CategorySuggester.suggest(text: "warm-up")
        let first = Double(cpuNanoseconds() - cpu) / 1e6
        _ = mallocTrim(0)
        Measure.report("cue index build (first suggest), CPU", first, "ms", target: 75, note: "was ≈150 ms")
        Measure.report("cue index: heap kept", Measure.statusMB("Anonymous:", file: "/proc/self/smaps_rollup") - anon, "MB",
                       target: 5, note: "was ≈10 MB")
        Measure.report("cue index: peak memory added", Measure.statusMB("VmHWM:") - hwm, "MB", target: 10)

        var gen = Synthetic(seed: 7)
        let imports: [(String, String)] = (0..<20_000).map { n in
            let line = gen.importLine(n, now: now)
            let obj = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return (obj["body"] as! String, obj["subject"] as! String)
        }
        let mails: [(String, String)] = (0..<5_000).map { n in
            let c = gen.makeCase(number: n, now: now, ageHours: 1, closed: false)
            return (c.messages[0].body, c.messages[0].subject ?? "")
        }
        var long = ""
        while long.utf8.count < 20_000 { long += "The lamp arrived yesterday, the box was fine but the switch does not work. Replacement please? " }
        let pasted: [(String, String)] = Array(repeating: (long, ""), count: 200)
        for (name, corpus, target) in [("suggest, JSONL import messages", imports, 4.25), ("suggest, 2-paragraph mails", mails, 8.0),
                                       ("suggest, 20 KB pasted text (16k-scalar cut)", pasted, 200.0)] {
            // CPU time, not wall time: on the shared 2-core machine the wall clock mostly measures the neighbours.
            var perMessage: [Double] = []
            var sink = 0.0
            for _ in 0..<runs {
                let cpu = cpuNanoseconds()
                for (text, subject) in corpus { sink += CategorySuggester.suggest(text: text, subject: subject).confidence }
                perMessage.append(Double(cpuNanoseconds() - cpu) / 1000 / Double(corpus.count))
            }
            precondition(sink > 0)
            Measure.report(name + ", CPU (median of \(runs))", Measure.percentile(perMessage, 0.5), "µs", target: target,
                           note: String(format: "min %.2f, ", perMessage.min()!) + Measure.load())
        }
    }

    /// This process's CPU time, ns (finer than `Measure.cpuSeconds`).
    static func cpuNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

}

/// glibc's malloc_trim: hands freed heap back, so resident memory shows what is kept.
@_silgen_name("malloc_trim") private func mallocTrim(_ pad: Int) -> Int32
