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
        // Where the time goes, once more step by step.
        var store: CaseStore!, facts: [CaseFacts] = [], report: WeeklyReport!
        let open = try Measure.ms { store = try CaseStore.open(dir, mode: .readOnly, now: now) }
        let index = try Measure.ms { _ = try store.historyIndex() }
        let active = Measure.ms { facts = store.cases.values.map { CaseFacts($0, quote: period.contains($0.openedAt)) } }
        let read = try Measure.ms { facts += try store.historyFacts(closedSince: WeeklyReport.historyNeeded(for: period)) }
        let build = Measure.ms {
            report = WeeklyReport.build(facts: facts, period: period, now: now, policy: SLAPolicy(), playbook: try? Playbook.bundled(), orderCount: nil)
        }
        var render: [String] = []
        for f in ReportFormat.allCases { render.append(String(format: "%@ %.0f", f.rawValue, try Measure.ms { _ = try WeeklyExport.render(report, as: f) })) }
        print(String(format: "  open %.0f ms, history index (not used by the report) %.0f ms, facts of %d open cases %.0f ms, closed %.0f ms, report %.0f ms, render ms: %@",
                     open, index, store.cases.count, active, read, build, render.joined(separator: ", ")))
        print(String(format: "  %d products; history cases decoded: %d; md %d B, csv %d B, json %d B, html %d B", products, decoded,
                     bytes[.md] ?? 0, bytes[.csv] ?? 0, bytes[.json] ?? 0, bytes[.html] ?? 0))
        let kefu = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("kefu").path
        guard FileManager.default.isExecutableFile(atPath: kefu) else { return }
        var whole: [Double] = []
        for _ in 0..<3 {
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
        }
        Measure.report("kefu export weekly --format md (whole process, median)", Measure.percentile(whole, 0.5), "ms", target: target,
                       note: Measure.load())
    }
}
