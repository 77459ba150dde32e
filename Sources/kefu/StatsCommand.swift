import ArgumentParser
import Foundation
import KefuBase
import KefuModel

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Late response rate (24 h) and first-response times over 7, 30 and 90 days.")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        let store = try storeOptions.open(.readOnly, now: now)
        let since = now.addingTimeInterval(-90 * 86400)
        var responses: [MessageResponse] = []
        for c in store.cases.values { responses += ResponseMetrics.responses(c, at: now, policy: config.sla) }
        try store.forEachHistoryCase(closedSince: since) { responses += ResponseMetrics.responses($0, at: now, policy: config.sla) }
        let summary = ResponseSummary(responses, at: now)
        if json {
            Output.json(try KefuJSON.encoder(pretty: true).encode(summary))
            return
        }
        Output.line("Buyer messages and first responses, as of \(ISO8601.format(now))")
        Output.line(Self.table(summary.windows))
        for (channel, windows) in summary.byChannel.sorted(by: { $0.key < $1.key }) where summary.byChannel.count > 1 {
            Output.line("\n\(channel)")
            Output.line(Self.table(windows))
        }
    }

    static func table(_ windows: [ResponseSummary.Window]) -> String {
        var lines = ["  window   messages   met  late  pending  late rate   median first response   p90"]
        for w in windows {
            let r = w.lateResponse
            let rate = r.rate.map { String(format: "%.1f %%", $0 * 100) } ?? "-"
            lines.append("  " + [pad("\(w.days) days", 7), lpad("\(r.messages)", 10), lpad("\(r.met)", 5), lpad("\(r.late)", 5),
                                 lpad("\(r.pending)", 8), lpad(rate, 10), lpad(minutes(w.medianFirstResponseMinutes), 23),
                                 lpad(minutes(w.p90FirstResponseMinutes), 9)].joined(separator: ""))
        }
        return lines.joined(separator: "\n")
    }

    /// The same duration format as the queue's countdowns.
    static func minutes(_ m: Double?) -> String { m.map { Countdown.text($0 * 60) } ?? "-" }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    static func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
}
