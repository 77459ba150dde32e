import Foundation
import KefuModel
import KefuStore

/// eBay Seller Hub's orders report (Orders → Download report, CSV): a few preamble rows before the header,
/// a blank row after it, one row per item (a multi-item order adds a row with the order's own fields and
/// no item), and a footer (`N record(s) downloaded…`, `Seller ID: …`). Amounts carry their currency
/// (`$12.50`, `EUR 12,50`, `£8.99`); dates are days (`Nov-14-26` on US sites, `14-Nov-26` elsewhere).
enum EbayOrders {
    static let idColumn = "Order Number"

    /// A footer row: everything from it on is not data.
    static func isFooter(_ fields: [String]) -> Bool {
        guard let first = fields.first?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return first.contains("record(s) downloaded") || first.hasPrefix("seller id")
    }

    static func read(_ r: inout ReportRow) -> ImportedOrder? {
        let id = r.required(idColumn)
        let purchasedAt = r.day("Sale Date")
        let shippedAt = r.day("Shipped On Date")
        let quantity = r.quantity("Quantity")
        let price = r.money("Sold For", currency: nil)
        let (country, region, zone) = r.place(country: ["Ship To Country", "Buyer Country"], region: ["Ship To State", "Buyer State"])
        guard let id, r.problems.isEmpty else { return nil }
        var items: [OrderItem] = []
        if r.text("Item Number") != nil || r.text("Item Title") != nil {
            // The listing's item number stands where Amazon has the ASIN: it is what eBay messages cite.
            items.append(OrderItem(sku: r.text("Custom Label"), asin: r.text("Item Number"), title: r.text("Item Title"),
                                   quantity: quantity ?? 1, price: price))
        }
        let tracking = r.text("Tracking Number").map { Tracking(carrier: r.text("Shipping Service"), number: $0) }
        return ImportedOrder(channel: .ebay, id: id, purchasedAt: purchasedAt, shippedAt: shippedAt, tracking: tracking,
                             items: items, country: country, region: region, timeZone: zone)
    }
}
