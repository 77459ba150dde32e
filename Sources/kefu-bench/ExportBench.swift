import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuConfig
import KefuPlaybook
import KefuReports

/// The weekly export over a year of history (issue 8: ≤ 1 s in a release build, without decoding
/// the history): in process (open the store, build the report, render every format) and as the
/// real `kefu export weekly` process when it sits next to this binary.
enum ExportBench {
    static func run(dir: String, ensure: (String) throws -> Void, now: Date, target: Double = 1000) throws {
        try ensure(dir)
        let zone = TimeZone(identifier: "UTC")!
        let period = ReportPeriod.lastCompleteWeek(before: now, zone: zone)
        var times: [Double] = [], decoded = 0, products = 0, bytes: [ReportFormat: Int] = [:]
        for _ in 0..<3 {
            times.append(try Measure.ms {
                let store = try CaseStore.open(dir, mode: .readOnly, now: now)
                let report = try WeeklyExport.report(store: store, config: KefuConfig(timeZone: zone), period: period, now: now,
                                                     playbook: try? Playbook.bundled())
                for f in ReportFormat.allCases { bytes[f] = try WeeklyExport.render(report, as: f).utf8.count }
                decoded = store.historyCasesDecoded
                products = report.products.count
            })
        }
        Measure.report("weekly export \(period.label), 4 formats (in process, median of 3)", Measure.percentile(times, 0.5), "ms", target: target, note: Measure.load())
        // Where the time goes, once more step by step, the report's own path (wall and this process's CPU time).
        var store: CaseStore!, closed: [CaseFacts] = [], open: [CaseFacts] = [], report: WeeklyReport!
        func step(_ body: () throws -> Void) rethrows -> String {
            let cpu = Measure.cpuSeconds()
            let wall = try Measure.ms(body)
            return String(format: "%.0f ms (CPU %.0f)", wall, (Measure.cpuSeconds() - cpu) * 1000)
        }
        let opening = try step { store = try CaseStore.open(dir, mode: .readOnly, now: now) }
        let index = try step { _ = try store.historyIndex() }
        let read = try step { closed = try store.historyFacts(closedSince: WeeklyReport.historyNeeded(for: period), openIDs: Set(store.cases.keys), quotesFrom: period.start) }
        let active = step { open = WeeklyExport.openFacts(Array(store.cases.values), closed: closed, period: period) }
        let build = step {
            report = WeeklyReport.build(facts: open + closed, period: period, now: now, policy: SLAPolicy(), playbook: try? Playbook.bundled(), orderCount: nil)
        }
        var render: [String] = []
        for f in ReportFormat.allCases { render.append(String(format: "%@ %.0f", f.rawValue, try Measure.ms { _ = try WeeklyExport.render(report, as: f) })) }
        print("  open \(opening), history index (not used by the report) \(index), facts of \(store.cases.count) open cases \(active), of \(closed.count) closed \(read), report \(build), render ms: \(render.joined(separator: ", "))")
        print(String(format: "  %d products; history cases decoded: %d; md %d B, csv %d B, json %d B, html %d B", products, decoded,
                     bytes[.md] ?? 0, bytes[.csv] ?? 0, bytes[.json] ?? 0, bytes[.html] ?? 0))
        let kefu = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("kefu").path
        guard FileManager.default.isExecutableFile(atPath: kefu) else { return }
        var whole: [Double] = [], cpu: [Double] = []
        func childrenCPU() -> Double {
            var ru = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &ru)
            return Double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 + Double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000
        }
        for _ in 0..<3 {
            let before = childrenCPU()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: kefu)
            p.arguments = ["export", "weekly", "--store", dir, "--week", period.label, "--format", "md"]
            var env = ProcessInfo.processInfo.environment
            env["KEFU_NOW"] = ISO8601.format(now); env["KEFU_CONFIG"] = "/nonexistent/kefu-bench.toml"
            p.environment = env
            let out = Pipe()
            p.standardOutput = out
            whole.append(try Measure.ms {
                try p.run()
                _ = out.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
            })
            guard p.terminationStatus == 0 else { throw KefuError.data("kefu export weekly exited \(p.terminationStatus)") }
            cpu.append(childrenCPU() - before)
        }
        Measure.report("kefu export weekly --format md (whole process, median)", Measure.percentile(whole, 0.5), "ms", target: target,
                       note: Measure.load() + String(format: "; CPU (user+sys) %.0f ms", Measure.percentile(cpu, 0.5)))
    }
}
