import Foundation
import KefuBase
import KefuInbox
import KefuStore

/// Issue 16's figures for opening the inbox on a given store, and for typing in it: first frame of
/// the real binary, the inbox's memory once open, keystroke → frame with the clock ticking. Takes
/// any store directory, so `kefu-bench scale` can run it on the 10k open + 500k closed store.
enum OpenScaleBench {
    /// Typing pace the keystroke figures assume: the clock ticks once every `keysPerTick` keys.
    static let keysPerTick = 10

    static func run(dir: String, now: Date) throws {
        // Child processes first, while this one is small (a big parent slows every spawn).
        let kefu = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("kefu").path
        var firsts: [Double] = []
        if FileManager.default.isExecutableFile(atPath: kefu) {
            for _ in 0..<5 { firsts.append(try InboxBench.firstFrame(kefu: kefu, dir: dir)) }
        }
        var probes: [(ms: Double, rss: Double, peak: Double, open: Int)] = []
        for _ in 0..<3 {
            let (out, _) = try runSelf(["open-scale-probe", dir])
            let f = out.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            guard f.count == 4 else { throw KefuError.data("open-scale-probe: unexpected output: \(out)") }
            probes.append((f[0], f[1], f[2], Int(f[3])))
        }
        let open = probes[0].open
        let big = open > 5000
        let size = "\(open) open"
        if firsts.isEmpty {
            print("first frame: build `kefu` in the same configuration to measure it (\(kefu) missing)")
        } else {
            Measure.report("first frame, \(size) (kefu spawn→exit, median of 5)", Measure.percentile(firsts, 0.5), "ms", target: big ? 300 : 150)
        }
        Measure.report("open → first frame in process, \(size) (median of 3)", Measure.percentile(probes.map(\.ms), 0.5), "ms", target: big ? 300 : 150)
        Measure.report("inbox memory after open, \(size) (median)", Measure.percentile(probes.map(\.rss), 0.5), "MB", target: 150)
        Measure.report("inbox peak memory opening, \(size) (median)", Measure.percentile(probes.map(\.peak), 0.5), "MB", target: 150)
        let (median, p99) = try keystrokes(dir: dir, now: now)
        Measure.report("keystroke → frame, \(size), ticks included, median", median, "ms", target: 1)
        Measure.report("keystroke → frame, ticks included, p99", p99, "ms", target: 5)
    }

    /// The inbox as `kefu` opens it (store, state, first frame), in a fresh process: prints the time to
    /// the first frame, resident and peak memory after it (MB), and the number of open cases.
    static func probe(_ dir: String, now: Date) throws {
        var open = 0
        var state: InboxState?
        let ms = try Measure.ms {
            let store = try CaseStore.open(dir, mode: .readOnly, now: now)
            let s = InboxState(storeName: store.name, readOnly: true, cases: store.openCases, now: now, width: 120, height: 40,
                               keymap: try Keymap.load(), nextCaseNumber: store.nextCaseNumber)
            _ = InboxRender.render(s)
            open = s.cases.count
            state = s
        }
        print(String(format: "%.3f %.1f %.1f %d", ms, LiveIntakeBench.residentMB(), Measure.peakMB(), open))
        withExtendedLifetime(state) {}
    }

    /// Keys as an agent presses them, a tick every `keysPerTick` of them: each sample is one turn of the
    /// loop (the tick when a second began, the key, the frame).
    static func keystrokes(dir: String, now: Date) throws -> (median: Double, p99: Double) {
        let store = try CaseStore.open(dir, mode: .readOnly, now: now)
        var state = InboxState(storeName: "bench", readOnly: true, cases: store.openCases, now: now, width: 120, height: 40,
                               keymap: try Keymap.load())
        let keys: [KeyAction] = [.moveDown, .moveDown, .pageDown, .moveUp, .switchPane, .moveUp, .switchPane, .pageUp]
        var times: [Double] = []
        var second = now
        for i in 0..<4000 {
            let a = keys[i % keys.count]
            times.append(Measure.ms {
                if i % keysPerTick == 0 {
                    second = second.addingTimeInterval(1)
                    _ = InboxUpdate.update(&state, .tick(second))
                }
                _ = InboxUpdate.update(&state, .command(a))
                _ = InboxRender.render(state)
            })
        }
        return (Measure.percentile(times, 0.5), Measure.percentile(times, 0.99))
    }
}
