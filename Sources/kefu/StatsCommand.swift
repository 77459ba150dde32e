import ArgumentParser
import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuReports

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Late response rate (24 h) and first-response times over 7, 30 and 90 days.")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        let since = now.addingTimeInterval(-90 * 86400)
        var cases: [Case] = [], agents: [AgentRef] = []
        if let pg = try storeOptions.openPostgres(now: now) {
            cases = pg.openCases + (try pg.closedCases(closedSince: since))
            agents = try pg.agents().map(\.agent)
        } else {
            let store = try storeOptions.open(.readOnly, now: now)
            cases = Array(store.cases.values)
            try store.forEachHistoryCase(closedSince: since) { cases.append($0) }
            // A directory store's one agent, once an event names them (as the weekly summary shows them).
            agents = try WeeklyExport.agentNames(store, config: config).filter { a in cases.contains { $0.events.contains { $0.by == a.id } } }
        }
        let summary = ResponseSummary(cases.flatMap { ResponseMetrics.responses($0, at: now, policy: config.sla) }, at: now)
        // A team store's agents: who answered, how fast, within the window or not (the last 30 days).
        let perAgent = agents.isEmpty ? nil : AgentFigures.compute(cases, agents: agents, at: now, days: Self.agentDays, policy: config.sla)
        if json {
            Output.json(try KefuJSON.encoder(pretty: true).encode(StatsJSON(summary: summary, agents: perAgent)))
            return
        }
        Output.line("Buyer messages and first responses, as of \(ISO8601.format(now))")
        Output.line(Self.table(summary.windows))
        for (channel, windows) in summary.byChannel.sorted(by: { $0.key < $1.key }) where summary.byChannel.count > 1 {
            Output.line("\n\(channel)")
            Output.line(Self.table(windows))
        }
        if let perAgent {
            Output.line("\nAgents, last \(Self.agentDays) days")
            Output.line(Self.agentTable(perAgent))
        }
    }

    static let agentDays = 30

    static func agentTable(_ figures: [AgentFigures]) -> String {
        var lines = ["  agent                 answered   first responses   median first response   SLA met"]
        for f in figures {
            let rate = f.slaMetRate.map { String(format: "%.1f %%", $0 * 100) } ?? "-"
            lines.append("  " + [pad(TerminalText.line(f.name), 20), lpad("\(f.answered)", 10), lpad("\(f.firstResponses)", 18),
                                 lpad(minutes(f.medianFirstResponseMinutes), 24), lpad(rate, 10)].joined(separator: ""))
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON output: the summary's fields as before, and `agents` on a team store.
    struct StatsJSON: Encodable {
        var summary: ResponseSummary
        var agents: [AgentFigures]?
        func encode(to encoder: Encoder) throws {
            try summary.encode(to: encoder)
            if let agents {
                enum K: String, CodingKey { case agents }
                var k = encoder.container(keyedBy: K.self)
                try k.encode(agents, forKey: .agents)
            }
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
