import Foundation
import KefuModel
import KefuStore

/// Small wordings every report format shares, so Markdown, HTML and the inbox say the same thing.
enum ReportText {
    static func minutes(_ m: Double?) -> String { m.map { Countdown.text($0 * 60) } ?? "–" }

    static func percent(_ p: Double?) -> String { p.map { String(format: "%.1f %%", $0) } ?? "–" }

    static func rate(_ r: LateResponseRate) -> String { r.rate.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }

    /// `+3`, `−2`, `±0`.
    static func change(_ n: Int) -> String { n > 0 ? "+\(n)" : n < 0 ? "−\(-n)" : "±0" }

    static func money(_ list: [ReportMoney]) -> String { list.isEmpty ? "none" : list.map(\.text).joined(separator: " · ") }

    static func giveaways(_ list: [Giveaway]) -> String {
        list.isEmpty ? "none" : list.map { g in
            "\(g.kind.label) ×\(g.count)" + (g.amounts.isEmpty ? "" : " (\(g.amounts.map(\.text).joined(separator: ", ")))")
        }.joined(separator: "; ")
    }

    static func odr(_ o: WeeklyReport.ODR) -> String {
        guard let orders = o.orders else { return "n/a (no orders imported)" }
        return "\(percent(o.percent)) (\(o.defectOrders) defect order\(o.defectOrders == 1 ? "" : "s") ÷ \(orders) orders, \(o.windowDays) days)"
    }

    static func sla(_ s: WeeklyReport.SLA) -> String {
        "\(s.met) of \(s.met + s.late) (\(percent(s.metPercent)))" + (s.pending > 0 ? ", \(s.pending) pending" : "")
    }

    static func productName(_ p: WeeklyReport.Product) -> String { p.sku ?? "(no SKU)" }

    /// `Mon 16 Nov 2026 – Sun 22 Nov 2026` in the period's zone.
    static func span(_ p: WeeklyReport.Period) -> String {
        let zone = TimeZone(identifier: p.timeZone) ?? TimeZone(identifier: "UTC")!
        func day(_ d: Date) -> String {
            let s = LocalTime.stamp(d, in: zone)
            return String(s.prefix(10)) + " " + LocalTime.day(d, in: zone).prefix(4)
        }
        return "\(day(p.from)) – \(day(p.to.addingTimeInterval(-1))) (\(p.timeZone))"
    }

    /// A text bar for chat and mail: full blocks, eighths at the end.
    static func bar(_ value: Int, max: Int, width: Int) -> String {
        guard max > 0, value > 0 else { return "" }
        let eighths = Swift.max(1, Int((Double(value) / Double(max) * Double(width * 8)).rounded()))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// `(de) “…”`, with the agent's translation (or the labelled machine one) after it; no label when
    /// the language is unknown.
    static func quote(_ q: ReportQuote) -> String {
        (q.language.map { "(\($0)) " } ?? "") + "“\(q.text)”" + q.translationSuffix
    }

    /// Cases per 100 units: `1.50`, or `n/a` without units sold.
    static func per100(_ r: Double?) -> String { r.map { String(format: "%.2f", $0) } ?? "n/a" }

    /// The product's rate with its units: `1.50 per 100 units (200 sold)`.
    static func productRate(_ p: WeeklyReport.Product) -> String {
        guard let u = p.unitsSold else { return "n/a (no orders imported)" }
        guard let r = p.casesPer100Units else { return "n/a (no units sold)" }
        return "\(per100(r)) per 100 units (\(u) sold)"
    }

    static func average(_ a: Double) -> String { String(format: "%.2f", a) }

    /// `+2.25`
    static func rise(_ r: Double) -> String { "+" + String(format: "%.2f", r) }

    /// `13.78 USD (10.00 USD; converted: 3.50 EUR × 1.08 = 3.78 USD; not converted (no rate): 5000.00 JPY)`,
    /// or the total alone when everything was in the report currency.
    static func converted(_ c: ConvertedTotal?) -> String {
        guard let c else { return "none" }
        let same = c.converted.filter { $0.from.currency == $0.amount.currency }.map(\.from.text)
        let other = c.converted.filter { $0.from.currency != $0.amount.currency }.map { "\($0.from.text) × \($0.rate) = \($0.amount.text)" }
        var parts = same
        if !other.isEmpty { parts.append("converted: " + other.joined(separator: ", ")) }
        if !c.notConverted.isEmpty { parts.append("not converted (no rate): " + c.notConverted.map(\.text).joined(separator: ", ")) }
        return other.isEmpty && c.notConverted.isEmpty ? c.total.text : "\(c.total.text) (" + parts.joined(separator: "; ") + ")"
    }

    static func moneyBack(_ m: WeeklyReport.MoneyBack) -> String {
        m.count == 0 ? "none" : "×\(m.count)" + (m.amounts.isEmpty ? "" : " (\(m.amounts.map(\.text).joined(separator: ", ")))")
    }

    /// `1 (0.50 %)`, or the count alone without orders.
    static func component(_ n: Int, _ p: Double?) -> String { p.map { "\(n) (\(String(format: "%.2f %%", $0)))" } ?? "\(n)" }

    /// Eight levels on one scale (`top`, the largest figure of the section); zero is `·`.
    static func sparkline(_ values: [Int], top: Int) -> String {
        let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(values.map { v -> Character in
            guard v > 0, top > 0 else { return "·" }
            return levels[min(7, max(0, Int((Double(v) / Double(top) * 8).rounded(.up)) - 1))]
        })
    }

    /// `2026-W40 – 2026-W47`
    static func trendSpan(_ r: WeeklyReport) -> String {
        guard let a = r.trendPeriods.first, let b = r.trendPeriods.last else { return "" }
        return "\(a) – \(b)"
    }

    /// The top of the trend scale, one for every product of the section.
    static func trendTop(_ r: WeeklyReport) -> Int { r.products.flatMap(\.trend).max() ?? 0 }

    /// The totals table of Markdown and HTML, unescaped.
    /// The agents section's columns, one row per agent (Markdown and HTML).
    static let agentColumns = ["Agent", "Answered", "First responses", "Median first response", "SLA met"]
    static func agentRow(_ a: AgentFigures) -> [String] {
        [a.name == a.agentID ? a.name : "\(a.name) (\(a.agentID))", String(a.answered), String(a.firstResponses),
         minutes(a.medianFirstResponseMinutes), a.slaMetRate.map { String(format: "%.1f %%", $0 * 100) + " (\(a.met) of \(a.met + a.late))" } ?? "–"]
    }

    static func totalsRows(_ r: WeeklyReport) -> [(String, String)] {
        let t = r.totals
        var rows: [(String, String)] = [
            ("Cases opened", "\(t.opened) (previous \(t.previousOpened), \(change(t.opened - t.previousOpened)))"),
            ("Cases resolved", "\(t.resolved) (previous \(t.previousResolved), \(change(t.resolved - t.previousResolved)))"),
            ("Messages in / out", "\(t.messagesIn) / \(t.messagesOut)"),
            ("\(WeeklyMarkdown.hours(t.sla.replyHours)) SLA met", sla(t.sla)),
            ("First response, median / p90", "\(minutes(t.firstResponse.medianMinutes)) / \(minutes(t.firstResponse.p90Minutes))"),
        ]
        rows.append(("Late response rate, " + t.lateResponse.map { "\($0.days)" }.joined(separator: " / ") + " days",
                     t.lateResponse.map(rate).joined(separator: " / ")))
        rows.append(("A-to-z claims / chargebacks / negative feedback", "\(t.aToZClaims) / \(t.chargebacks) / \(t.negativeFeedback)"))
        rows.append(("Given away", giveaways(t.givenAway)))
        if let cur = r.currency { rows.append(("Given away in \(cur)", converted(t.givenAwayConverted))) }
        rows.append(("Cancelled before shipment (money back, not given away)", moneyBack(t.cancelledBeforeShipment)))
        rows.append(("ODR estimate", odr(t.odr)))
        return rows
    }
}
