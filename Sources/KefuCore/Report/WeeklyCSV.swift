import Foundation

/// One row per product × category (this period's or the previous one's), with the product's own
/// figures repeated on each of its rows so a spreadsheet can filter and pivot on any column.
/// A product with neither has one row with an empty category. An empty report is the header alone.
public enum WeeklyCSV {
    public static let header = ["period", "sku", "asin", "title", "category", "cases", "previous_cases", "change",
                                "product_opened", "product_previous_opened", "product_resolved", "product_resolved_without_return",
                                "product_given_away"]

    public static func render(_ r: WeeklyReport) -> String {
        var rows: [[String]] = []
        for p in r.products {
            let common = [r.period.label, p.sku ?? "", p.asin ?? "", p.title ?? ""]
            let product = [String(p.opened), String(p.previousOpened), String(p.resolved), String(p.resolvedWithoutReturn),
                           ReportText.giveaways(p.givenAway)]
            let cats = p.categories.isEmpty ? [WeeklyReport.Count(name: "", count: 0, previous: 0)] : p.categories
            for c in cats {
                rows.append(common + [c.name, String(c.count), String(c.previous), String(c.count - c.previous)] + product)
            }
        }
        return CSV.document(header: header, rows: rows)
    }
}
