import Foundation
import KefuModel
import KefuStore

/// Fills a case from its order's report facts. Pure on values, so the order import and the mail intake
/// (a new case whose order is already in the book) share it.
public enum OrderJoin {
    /// Whether `order` is the order of case `c`: same channel and order id (`#1001` = `1001`).
    public static func matches(_ order: ImportedOrder, _ c: Case) -> Bool {
        guard c.channel == order.channel, let id = c.order?.id else { return false }
        return ImportedOrder.key(channel: c.channel, orderId: id) == order.key
    }

    /// Fills what the case does not know yet and returns whether anything changed (a second identical
    /// call changes nothing).
    ///
    /// - Dates and tracking: the report is the source of these, so a report value replaces a different one
    ///   (a reshipment's new tracking number reaches the case).
    /// - Items: taken whole when the case has none; otherwise each case item missing a price, ASIN, SKU or
    ///   title gets it from the report item with the same SKU (or ASIN/item number).
    /// - Buyer country and time zone, marketplace: only when unknown (the message may know better).
    @discardableResult
    public static func apply(_ order: ImportedOrder, to c: inout Case) -> Bool {
        guard matches(order, c), var o = c.order else { return false }
        let before = c
        o.purchasedAt = order.purchasedAt ?? o.purchasedAt
        o.status = order.status ?? o.status
        o.shippedAt = order.shippedAt ?? o.shippedAt
        o.deliveredAt = order.deliveredAt ?? o.deliveredAt
        o.tracking = order.tracking ?? o.tracking
        if o.items.isEmpty {
            o.items = order.items
        } else {
            for i in o.items.indices {
                let mine = o.items[i]
                guard let theirs = order.items.first(where: { sameItem($0, mine) }) else { continue }
                o.items[i].price = mine.price ?? theirs.price
                o.items[i].asin = mine.asin ?? theirs.asin
                o.items[i].sku = mine.sku ?? theirs.sku
                o.items[i].title = mine.title ?? theirs.title
            }
        }
        c.order = o
        c.marketplace = c.marketplace ?? order.marketplace
        // The zone only when it belongs to the country the case has (a buyer in AT shipping to DE keeps hers).
        if c.buyer.timeZone == nil, c.buyer.country == nil || c.buyer.country == order.country { c.buyer.timeZone = order.timeZone }
        if c.buyer.country == nil { c.buyer.country = order.country }
        return c != before
    }

    private static func sameItem(_ a: OrderItem, _ b: OrderItem) -> Bool {
        if let x = a.sku, let y = b.sku { return x == y }
        if let x = a.asin, let y = b.asin { return x == y }
        return false
    }
}

extension CaseStore {
    /// Merges imported orders into the store's order book (replaced atomically), then fills every
    /// active case of a known order from the book — which holds what earlier imports knew as well —
    /// in one journal record. Returns the merge and how many cases changed.
    public func importOrders(_ orders: [ImportedOrder]) throws -> (merge: OrderBook.MergeSummary, filled: Int) {
        let book = try OrderBook.load(storeDirectory: directory)
        let merge = book.merge(orders)
        try book.save()
        var changed: [Case] = []
        for var c in cases.values.sorted(by: { $0.number < $1.number }) {
            guard let id = c.order?.id, let order = book.lookup(channel: c.channel, orderId: id) else { continue }
            if OrderJoin.apply(order, to: &c) { changed.append(c) }
        }
        try save(changed)
        return (merge, changed.count)
    }
}
