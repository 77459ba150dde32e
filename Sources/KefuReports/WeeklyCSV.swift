import Foundation

/// One row per product × category (this period's or the previous one's), with the product's own
/// figures repeated on each of its rows so a spreadsheet can filter and pivot on any column.
/// A product with neither has one row with an empty category. An empty report is the header alone.
/// The top changes come first, in their order (`top_change_rank` 1…5), then every other row, then
/// one row per agent (`agent…` columns; empty on the products' rows).
public enum WeeklyCSV {
    public static let header = ["period", "sku", "asin", "title", "category", "cases", "previous_cases", "change",
                                "product_opened", "product_previous_opened", "product_resolved", "product_resolved_without_return",
                                "product_given_away",
                                "top_change_rank", "mean_previous_4", "rise", "cases_per_100_units",
                                "units_sold", "product_cases_per_100_units"]
        + (1...WeeklyReport.trendLength).map { "trend_\($0)" }
        + ["report_currency", "product_given_away_converted", "product_given_away_not_converted", "product_quotes"]
        + agentHeader
    /// The agents' rows come after the products' and fill only these columns (and `period`).
    public static let agentHeader = ["agent", "agent_name", "agent_answered", "agent_first_responses",
                                     "agent_median_first_response_minutes", "agent_sla_met", "agent_sla_late", "agent_sla_met_percent"]

    public static func render(_ r: WeeklyReport) -> String {
        var ranked: [(Int, [String])] = [], rows: [[String]] = []
        func num(_ d: Double?) -> String { d.map { String(format: "%.2f", $0) } ?? "" }
        for p in r.products {
            let common = [r.period.label, p.sku ?? "", p.asin ?? "", p.title ?? ""]
            let product = [String(p.opened), String(p.previousOpened), String(p.resolved), String(p.resolvedWithoutReturn),
                           ReportText.giveaways(p.givenAway)]
            let converted = [r.currency ?? "", p.givenAwayConverted?.total.amount ?? "",
                             p.givenAwayConverted?.notConverted.map(\.text).joined(separator: ", ") ?? ""]
            let tail = [p.unitsSold.map(String.init) ?? "", num(p.casesPer100Units)] + p.trend.map(String.init)
                + converted + [p.quotes.map(ReportText.quote).joined(separator: "\n")]
            let cats = p.categories.isEmpty ? [WeeklyReport.Count(name: "", count: 0, previous: 0)] : p.categories
            for c in cats {
                let rank = r.topChanges.firstIndex { $0.sku == p.sku && $0.category == c.name && !c.name.isEmpty }
                let top = rank.map { r.topChanges[$0] }
                let rate = WeeklyReport.per100Units(c.count, unitsSold: p.unitsSold)
                let row = common + [c.name, String(c.count), String(c.previous), String(c.count - c.previous)] + product
                    + [rank.map { String($0 + 1) } ?? "", top.map { num($0.average) } ?? "", top.map { num($0.rise) } ?? "", num(rate)] + tail
                    + agentHeader.map { _ in "" }
                if let rank { ranked.append((rank, row)) } else { rows.append(row) }
            }
        }
        // Agent ids and names are outside input: `CSV.document` makes every cell inert.
        let agents = (r.agents ?? []).map { a in
            [r.period.label] + Array(repeating: "", count: header.count - agentHeader.count - 1)
                + [a.agentID, a.name, String(a.answered), String(a.firstResponses), num(a.medianFirstResponseMinutes),
                   String(a.met), String(a.late), num(a.slaMetRate.map { $0 * 100 })]
        }
        return CSV.document(header: header, rows: ranked.sorted { $0.0 < $1.0 }.map(\.1) + rows + agents)
    }
}
