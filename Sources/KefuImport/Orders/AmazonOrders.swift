import Foundation
import KefuModel
import KefuStore

/// Amazon's All Orders report (Seller Central → Reports → Order Reports; tab-separated flat file): one row
/// per item, every row repeating the order's fields. The 29-, 32- and 33-column variants differ only in
/// which columns exist, so columns are looked up by name and only `amazon-order-id` is required.
enum AmazonOrders {
    static let idColumn = "amazon-order-id"

    static func read(_ r: inout ReportRow) -> ImportedOrder? {
        let id = r.required(idColumn)
        let purchasedAt = r.dateTime("purchase-date")
        let currency = r.currency("currency")
        let quantity = r.quantity("quantity")
        // `item-price` is the price of the line (unit price × quantity).
        let linePrice = r.money("item-price", currency: currency)
        let (country, region, zone) = r.place(country: ["ship-country"], region: ["ship-state"])
        guard let id, r.problems.isEmpty else { return nil }
        var items: [OrderItem] = []
        if r.text("sku") != nil || r.text("asin") != nil || r.text("product-name") != nil {
            let q = quantity ?? 1
            items.append(OrderItem(sku: r.text("sku"), asin: r.text("asin"), title: r.text("product-name"), quantity: q,
                                   price: linePrice.map { ReportValues.unitPrice($0, quantity: q) }))
        }
        return ImportedOrder(channel: .amazon, id: id, marketplace: marketplace(r.text("sales-channel")),
                             status: r.text("order-status"), purchasedAt: purchasedAt, items: items,
                             country: country, region: region, timeZone: zone)
    }

    /// `Amazon.de` → `amazon.de`; `Non-Amazon` (multi-channel fulfilment) names no marketplace.
    static func marketplace(_ salesChannel: String?) -> String? {
        guard let s = salesChannel?.lowercased(), s.hasPrefix("amazon.") else { return nil }
        return s
    }
}
