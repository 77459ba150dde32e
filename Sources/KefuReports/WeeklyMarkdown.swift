import Foundation
import KefuBase

/// The summary as Markdown that still reads well where chat or mail shows it as plain text:
/// short tables, bar charts in a code block, quotes as block quotes.
public enum WeeklyMarkdown {
    public static func render(_ r: WeeklyReport) -> String {
        var out: [String] = []
        let t = r.totals
        out.append("# Weekly summary \(r.period.label)")
        out.append("")
        out.append("\(ReportText.span(r.period)) · compared with \(r.previousPeriod.label)")
        out.append("")
        if r.empty { out.append("**No cases and no messages this period.**"); out.append("") }
        out.append("## Top changes")
        out.append("")
        if r.topChanges.isEmpty {
            out.append("No product × category rose against the mean of the \(WeeklyReport.trailingPeriods) periods before.")
        } else {
            out.append("Cases opened this period against the mean of the \(WeeklyReport.trailingPeriods) periods before, largest rise first.")
            out.append("")
            out.append("| Product | Category | Cases | Mean before | Rise | Per 100 units |")
            out.append("|---|---|---:|---:|---:|---:|")
            for c in r.topChanges {
                out.append("| \(escape(c.sku ?? "(no SKU)")) | \(escape(c.category)) | \(c.count) | \(ReportText.average(c.average)) | \(ReportText.rise(c.rise)) | \(ReportText.per100(c.casesPer100Units)) |")
            }
        }
        out.append("")
        out.append("## Totals")
        out.append("")
        out.append("| | |")
        out.append("|---|---|")
        let rows = ReportText.totalsRows(r)
        for (k, v) in rows { out.append("| \(escape(k)) | \(escape(v)) |") }
        out.append("")
        if !t.odrByMarketplace.isEmpty {
            out.append("## ODR per marketplace (\(t.odr.windowDays) days)")
            out.append("")
            out.append("| Marketplace | Orders | A-to-z claims | Chargebacks | Negative feedback | ODR |")
            out.append("|---|---:|---:|---:|---:|---:|")
            for m in t.odrByMarketplace {
                out.append("| \(escape(m.marketplace)) | \(m.orders.map(String.init) ?? "n/a") | \(ReportText.component(m.aToZClaims, m.aToZPercent)) | "
                           + "\(ReportText.component(m.chargebacks, m.chargebackPercent)) | \(ReportText.component(m.negativeFeedback, m.negativeFeedbackPercent)) | "
                           + "\(ReportText.percent(m.percent)) |")
            }
            out.append("")
        }

        if let agents = r.agents {
            out.append("## Agents")
            out.append("")
            out.append("| " + ReportText.agentColumns.joined(separator: " | ") + " |")
            out.append("|---|---:|---:|---:|---:|")
            for a in agents { out.append("| " + ReportText.agentRow(a).map(escape).joined(separator: " | ") + " |") }
            out.append("")
        }

        let shown = r.productsWithCases
        if !shown.isEmpty {
            out.append("## Cases opened per product")
            out.append("")
            out.append("```")
            let width = min(shown.map { ReportText.productName($0).count }.max() ?? 0, 24)
            let top = shown.map(\.opened).max() ?? 0
            for p in shown {
                let name = String(ReportText.productName(p).prefix(24))
                out.append(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                           + ReportText.bar(p.opened, max: top, width: 30) + " \(p.opened)")
            }
            out.append("```")
            out.append("")
        }
        if !r.products.isEmpty {
            // One scale for every product: the largest weekly count of the section is the full block.
            let top = ReportText.trendTop(r)
            let width = min(r.products.map { ReportText.productName($0).count }.max() ?? 0, 24)
            out.append("## Trend: cases opened, \(ReportText.trendSpan(r))")
            out.append("")
            out.append("```")
            for p in r.products {
                let name = String(ReportText.productName(p).prefix(24))
                out.append(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + ReportText.sparkline(p.trend, top: top)
                           + "  " + p.trend.map(String.init).joined(separator: " "))
            }
            out.append("```")
            out.append("")
        }
        if !r.products.isEmpty { out.append("## Per product"); out.append("") }
        for p in r.products {
            var head = "### " + escape(ReportText.productName(p))
            if let title = p.title { head += " — " + escape(title) }
            if let asin = p.asin { head += " (\(escape(asin)))" }
            out.append(head)
            out.append("")
            out.append("- Opened: \(p.opened) (previous \(p.previousOpened), \(ReportText.change(p.change)))")
            out.append("- Cases per 100 units sold: " + ReportText.productRate(p))
            out.append("- Resolved: \(p.resolved), \(p.resolvedWithoutReturn) without a return")
            if !p.categories.isEmpty {
                out.append("- By category: " + p.categories.map { "\($0.name) \($0.count)" + ($0.previous > 0 ? " (prev. \($0.previous))" : "") }.joined(separator: ", "))
            }
            if p.offers.contains(where: { $0.count > 0 }) {
                out.append("- Offers: " + p.offers.filter { $0.count > 0 }.map { "\(escape($0.name)) ×\($0.count)" }.joined(separator: ", "))
            }
            if !p.givenAway.isEmpty { out.append("- Given away: " + escape(ReportText.giveaways(p.givenAway))) }
            if let c = p.givenAwayConverted, let cur = r.currency { out.append("- Given away in \(cur): " + escape(ReportText.converted(c))) }
            if let photos = p.photos {
                out.append("- Photos: " + photos.map { "\(escape($0.caseId)) (\($0.count))" }.joined(separator: ", ")
                           + " — `kefu export photos --week \(escape(r.period.label)) -o DIR`")
            }
            if !p.quotes.isEmpty { out.append("") }
            for q in p.quotes { out.append("> " + escape(ReportText.quote(q))); out.append("") }
            out.append("")
        }
        // Read as plain text (a terminal, a chat, `cat`), so neutralised like every output whatever
        // its destination: no ESC, C1 or bidi control from a title, SKU or quote survives.
        return TerminalText.block(out.joined(separator: "\n").replacingOccurrences(of: "\n\n\n", with: "\n\n"))
    }

    static func hours(_ h: Double) -> String { h == h.rounded() ? "\(Int(h)) h" : "\(h) h" }

    /// Backslash-escapes what Markdown would read as markup (buyer text and titles are data, not markup).
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]<>|#".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
