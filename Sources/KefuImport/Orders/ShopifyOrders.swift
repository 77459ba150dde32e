import Foundation
import KefuModel
import KefuStore

/// Shopify's orders export (Admin → Orders → Export, CSV): one row per line item; the order's own fields
/// (currency, dates, status, shipping address) are on its first row only, later rows repeat just `Name`.
/// The export has no tracking column; a `Tracking Number` column (added by apps or later versions) is read
/// when present.
enum ShopifyOrders {
    static let idColumn = "Name"

    /// `currencies` carries each order's currency from its first row to the rows after it.
    static func read(_ r: inout ReportRow, currencies: inout [String: String]) -> ImportedOrder? {
        let id = r.required(idColumn)
        var currency = r.currency("Currency")
        if let id { if let c = currency { currencies[id] = c } else { currency = currencies[id] } }
        let purchasedAt = r.dateTime("Created at")
        let shippedAt = r.dateTime("Fulfilled at")
        let cancelledAt = r.dateTime("Cancelled at")
        let quantity = r.quantity("Lineitem quantity")
        let price = r.money("Lineitem price", currency: currency)
        let (country, region, zone) = r.place(country: ["Shipping Country", "Billing Country"],
                                              region: ["Shipping Province", "Billing Province"])
        guard let id, r.problems.isEmpty else { return nil }
        var items: [OrderItem] = []
        if r.text("Lineitem name") != nil || r.text("Lineitem sku") != nil {
            items.append(OrderItem(sku: r.text("Lineitem sku"), title: r.text("Lineitem name"), quantity: quantity ?? 1, price: price))
        }
        let tracking = r.text("Tracking Number").map { Tracking(carrier: r.text("Tracking Company"), number: $0) }
        return ImportedOrder(channel: .shop, id: id, status: cancelledAt != nil ? "cancelled" : r.text("Fulfillment Status"),
                             purchasedAt: purchasedAt, shippedAt: shippedAt, tracking: tracking, items: items,
                             country: country, region: region, timeZone: zone)
    }
}
