import Foundation
import KefuBase

/// The summary as one self-contained HTML file: no scripts, no external files, bar charts as inline
/// SVG, a print style sheet (A4, no page break inside a product). Every text from the store is escaped.
public enum WeeklyHTML {
    /// Products per printed A4 page at most: a page break after every tenth.
    static let productsPerPage = 10

    public static func render(_ r: WeeklyReport) -> String {
        let t = r.totals
        var b = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Weekly summary \(esc(r.period.label))</title>
        <style>
        body{font-family:system-ui,"Noto Sans","Noto Sans CJK SC","Noto Sans CJK JP",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d2330;background:#fff}
        h1{font-size:1.6rem;margin-bottom:.2rem} h2{font-size:1.2rem;border-bottom:2px solid #2f6fdb;padding-bottom:.2rem;margin-top:2rem}
        h3{font-size:1rem;margin:1.4rem 0 .4rem} .sub{color:#5a6275;margin-top:0}
        table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #dde2ec;vertical-align:top}
        th{background:#eef2f9} td.n{text-align:right;font-variant-numeric:tabular-nums} .spark{font-size:1.2rem;letter-spacing:.1em}
        .empty{background:#fff4d6;border:1px solid #e8c35a;padding:.6rem 1rem;font-weight:600}
        blockquote{margin:.4rem 0;padding:.3rem .8rem;border-left:4px solid #9db7e8;background:#f5f8fd;color:#333}
        .lang{color:#5a6275;font-size:.85em}
        .product{break-inside:avoid;page-break-inside:avoid} svg text{font-size:12px;fill:#1d2330}
        @media print{body{margin:0;max-width:none;font-size:7pt} h2{break-after:avoid;page-break-after:avoid;margin-top:.8rem}
        @page{size:A4;margin:12mm} h3{font-size:8pt;margin:.2rem 0 0} td,th{padding:0 .3rem} blockquote{margin:0;padding:0 .4rem;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
        .product{display:grid;grid-template-columns:1fr 1fr;column-gap:4mm;align-items:start} .product h3,.product blockquote{grid-column:1/-1}
        .product svg{height:auto;max-height:18mm;width:100%} .products-page+.products-page,h2.per-product{break-before:page;page-break-before:always}}
        </style></head><body>
        <h1>Weekly summary \(esc(r.period.label))</h1>
        <p class="sub">\(esc(ReportText.span(r.period))) · compared with \(esc(r.previousPeriod.label))</p>

        """
        if r.empty { b += "<p class=\"empty\">No cases and no messages this period.</p>\n" }
        b += "<h2>Top changes</h2>\n"
        if r.topChanges.isEmpty {
            b += "<p>No product × category rose against the mean of the \(WeeklyReport.trailingPeriods) periods before.</p>\n"
        } else {
            b += "<p class=\"sub\">Cases opened this period against the mean of the \(WeeklyReport.trailingPeriods) periods before, largest rise first.</p>\n"
            b += "<table>\n<tr><th>Product</th><th>Category</th><th>Cases</th><th>Mean before</th><th>Rise</th><th>Per 100 units</th></tr>\n"
            for c in r.topChanges {
                b += "<tr><td>\(esc(c.sku ?? "(no SKU)"))</td><td>\(esc(c.category))</td><td class=\"n\">\(c.count)</td>"
                b += "<td class=\"n\">\(ReportText.average(c.average))</td><td class=\"n\">\(ReportText.rise(c.rise))</td>"
                b += "<td class=\"n\">\(esc(ReportText.per100(c.casesPer100Units)))</td></tr>\n"
            }
            b += "</table>\n"
        }
        b += "<h2>Totals</h2>\n<table>\n"
        for (k, v) in ReportText.totalsRows(r) { b += "<tr><th>\(esc(k))</th><td>\(esc(v))</td></tr>\n" }
        b += "</table>\n"
        if !t.odrByMarketplace.isEmpty {
            b += "<h2>ODR per marketplace (\(t.odr.windowDays) days)</h2>\n<table>\n"
            b += "<tr><th>Marketplace</th><th>Orders</th><th>A-to-z claims</th><th>Chargebacks</th><th>Negative feedback</th><th>ODR</th></tr>\n"
            for m in t.odrByMarketplace {
                b += "<tr><td>\(esc(m.marketplace))</td><td class=\"n\">\(m.orders.map(String.init) ?? "n/a")</td>"
                b += "<td class=\"n\">\(esc(ReportText.component(m.aToZClaims, m.aToZPercent)))</td>"
                b += "<td class=\"n\">\(esc(ReportText.component(m.chargebacks, m.chargebackPercent)))</td>"
                b += "<td class=\"n\">\(esc(ReportText.component(m.negativeFeedback, m.negativeFeedbackPercent)))</td>"
                b += "<td class=\"n\">\(esc(ReportText.percent(m.percent)))</td></tr>\n"
            }
            b += "</table>\n"
        }

        if let agents = r.agents {
            b += "<h2>Agents</h2>\n<table>\n<tr>" + ReportText.agentColumns.map { "<th>\(esc($0))</th>" }.joined() + "</tr>\n"
            for a in agents {
                let cells = ReportText.agentRow(a)
                b += "<tr><td>\(esc(cells[0]))</td>" + cells.dropFirst().map { "<td class=\"n\">\(esc($0))</td>" }.joined() + "</tr>\n"
            }
            b += "</table>\n"
        }

        let shown = r.productsWithCases
        if !shown.isEmpty {
            b += "<h2>Cases opened per product</h2>\n"
            let items = shown.map { (ReportText.productName($0), $0.opened, $0.previousOpened) }
            b += bars(items, top: scale(items), label: "Cases opened per product")
        }
        if !r.products.isEmpty {
            // One scale for the whole section: the largest weekly count is the full block.
            let top = ReportText.trendTop(r)
            b += "<h2>Trend: cases opened, \(esc(ReportText.trendSpan(r)))</h2>\n<table>\n"
            b += "<tr><th>Product</th><th>\(esc(r.trendPeriods.first ?? "")) … \(esc(r.trendPeriods.last ?? ""))</th><th>Cases per period</th></tr>\n"
            for p in r.products {
                let figures = p.trend.map(String.init).joined(separator: ", ")
                let alt = "Cases opened of \(ReportText.productName(p)), \(ReportText.trendSpan(r)): \(figures)"
                b += "<tr><td>\(esc(ReportText.productName(p)))</td><td><span class=\"spark\" role=\"img\" aria-label=\"\(esc(alt))\">"
                b += "\(ReportText.sparkline(p.trend, top: top))</span></td><td>\(esc(figures))</td></tr>\n"
            }
            b += "</table>\n<h2 class=\"per-product\">Per product</h2>\n"
        }
        // Every product's category chart on one scale: the largest category count of the section.
        let categoryTop = scale(r.products.flatMap { $0.categories.map { ($0.name, $0.count, $0.previous) } })
        for (i, p) in r.products.enumerated() {
            if i % productsPerPage == 0 { b += (i > 0 ? "</div>\n" : "") + "<div class=\"products-page\">\n" }
            b += "<section class=\"product\"><h3>\(esc(ReportText.productName(p)))"
            if let title = p.title { b += " — \(esc(title))" }
            if let asin = p.asin { b += " <small>(\(esc(asin)))</small>" }
            b += "</h3>\n<table>\n"
            b += "<tr><th>Opened</th><td class=\"n\">\(p.opened)</td><td>previous \(p.previousOpened), \(esc(ReportText.change(p.change)))</td></tr>\n"
            b += "<tr><th>Cases per 100 units sold</th><td colspan=\"2\">\(esc(ReportText.productRate(p)))</td></tr>\n"
            b += "<tr><th>Resolved</th><td class=\"n\">\(p.resolved)</td><td>\(p.resolvedWithoutReturn) without a return</td></tr>\n"
            b += "<tr><th>Given away</th><td colspan=\"2\">\(esc(ReportText.giveaways(p.givenAway)))</td></tr>\n"
            if let c = p.givenAwayConverted, let cur = r.currency {
                b += "<tr><th>Given away in \(esc(cur))</th><td colspan=\"2\">\(esc(ReportText.converted(c)))</td></tr>\n"
            }
            let offers = p.offers.filter { $0.count > 0 }
            if !offers.isEmpty {
                b += "<tr><th>Offers</th><td colspan=\"2\">\(esc(offers.map { "\($0.name) ×\($0.count)" }.joined(separator: ", ")))</td></tr>\n"
            }
            if let photos = p.photos {
                b += "<tr><th>Photos</th><td colspan=\"2\">" + photos.map { "<span class=\"case\">\(esc($0.caseId))</span> (\($0.count))" }.joined(separator: ", ")
                    + " — <code>kefu export photos --week \(esc(r.period.label)) -o DIR</code></td></tr>\n"
            }
            b += "</table>\n"
            if !p.categories.isEmpty {
                b += bars(p.categories.map { ($0.name, $0.count, $0.previous) }, top: categoryTop,
                          label: "Cases opened of \(ReportText.productName(p)) by category")
            }
            for q in p.quotes {
                b += "<blockquote>" + (q.language.map { "<span class=\"lang\">(\(esc($0)))</span> " } ?? "")
                b += "<span\(q.language.map { " lang=\"\(esc($0))\"" } ?? "")>“\(esc(q.text))”</span>"
                if !q.translationSuffix.isEmpty { b += esc(q.translationSuffix) }
                b += "</blockquote>\n"
            }
            b += "</section>\n"
        }
        if !r.products.isEmpty { b += "</div>\n" }
        b += "<p class=\"sub\">Generated by kefu \(esc(ISO8601.format(r.generatedAt))). Buyer quotes have names, addresses and numbers removed.</p>\n"
        b += "</body></html>\n"
        return b
    }

    /// The largest figure of a chart's items (at least 1).
    static func scale(_ items: [(String, Int, Int)]) -> Int { max(items.map { max($0.1, $0.2) }.max() ?? 1, 1) }

    /// Horizontal bars scaled to `top`: this period dark, the previous one light beneath it, the count
    /// at the end. `role="img"` with a `<title>` and `aria-label` giving every figure (the text alternative).
    static func bars(_ items: [(String, Int, Int)], top: Int, label: String) -> String {
        let label0 = 170.0, width = 560.0, row = 30.0
        let alt = label + " (this period, previous): " + items.map { "\($0.0) \($0.1) (\($0.2))" }.joined(separator: ", ")
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(esc(alt))\" width=\"\(Int(label0 + width + 60))\" height=\"\(Int(Double(items.count) * row + 18))\""
        s += " viewBox=\"0 0 \(Int(label0 + width + 60)) \(Int(Double(items.count) * row + 18))\">\n<title>\(esc(alt))</title>\n"
        s += "<text x=\"\(Int(label0))\" y=\"12\" fill=\"#5a6275\"><tspan fill=\"#2f6fdb\">■</tspan> this period  <tspan fill=\"#9db7e8\">■</tspan> previous</text>\n"
        for (i, item) in items.enumerated() {
            let y = 18 + Double(i) * row
            let w1 = max(Double(item.1) / Double(top) * width, item.1 > 0 ? 2 : 0)
            let w2 = max(Double(item.2) / Double(top) * width, item.2 > 0 ? 2 : 0)
            let name = item.0.count > 24 ? String(item.0.prefix(23)) + "…" : item.0
            s += "<text x=\"\(Int(label0 - 6))\" y=\"\(Int(y + 14))\" text-anchor=\"end\">\(esc(name))</text>"
            s += String(format: "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.1f\" height=\"14\" fill=\"#2f6fdb\"/>", label0, y + 2, w1)
            s += String(format: "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.1f\" height=\"7\" fill=\"#9db7e8\"/>", label0, y + 18, w2)
            s += "<text x=\"\(Int(label0 + w1 + 6))\" y=\"\(Int(y + 14))\">\(item.1)</text>\n"
        }
        return s + "</svg>\n"
    }

    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        // Control and bidi characters shown as their visible stand-ins (`TerminalText`), as in every output.
        for ch in TerminalText.block(s) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
