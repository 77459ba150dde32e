import Foundation

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
}
