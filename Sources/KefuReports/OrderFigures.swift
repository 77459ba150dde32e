import Foundation
import KefuModel
import KefuStore

/// What the weekly summary takes from the order book: the ODR's orders (in total and per marketplace)
/// over the 60 days before the period's end, and the units sold per SKU in the period.
public struct OrderFigures: Sendable, Equatable {
    /// Orders purchased in the ODR window; nil when no orders were imported (ODR and rates are "n/a").
    public var odrOrders: Int?
    /// The same orders per marketplace (`amazon.de`, else the channel).
    public var ordersByMarketplace: [String: Int]
    /// Units per SKU in the orders purchased in the period, cancelled orders left out; nil without orders.
    public var unitsBySKU: [String: Int]?

    public init(odrOrders: Int? = nil, ordersByMarketplace: [String: Int] = [:], unitsBySKU: [String: Int]? = nil) {
        self.odrOrders = odrOrders; self.ordersByMarketplace = ordersByMarketplace; self.unitsBySKU = unitsBySKU
    }

    public static let noOrderBook = OrderFigures()

    /// An order whose status says it was cancelled (`Cancelled`, Shopify's `cancelled`): nothing was sold.
    static func isCancelled(_ o: ImportedOrder) -> Bool { o.status?.lowercased().hasPrefix("cancel") ?? false }

    static func marketplaceKey(_ marketplace: String?, _ channel: Channel) -> String {
        marketplace?.lowercased() ?? channel.rawValue
    }
}

extension OrderBook {
    public func figures(for period: ReportPeriod) -> OrderFigures { OrderFigures(orders.values, for: period) }
}

extension OrderFigures {
    /// From the imported orders, wherever the store keeps them.
    public init(_ orders: some Sequence<ImportedOrder>, for period: ReportPeriod) {
        let odrFrom = WeeklyReport.odrWindowStart(for: period)
        var f = OrderFigures(odrOrders: 0, unitsBySKU: [:])
        for o in orders {
            guard let p = o.purchasedAt else { continue }
            if p >= odrFrom && p < period.end {
                f.odrOrders! += 1
                f.ordersByMarketplace[OrderFigures.marketplaceKey(o.marketplace, o.channel), default: 0] += 1
            }
            if period.contains(p) && !OrderFigures.isCancelled(o) {
                for item in o.items { if let sku = item.sku { f.unitsBySKU![sku, default: 0] += max(item.quantity, 0) } }
            }
        }
        self = f
    }
}
