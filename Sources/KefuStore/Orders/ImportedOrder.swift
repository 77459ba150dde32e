import Foundation
import KefuModel

/// One order as an order report states it: the facts kefu joins onto cases, and the line of the order
/// book. Buyer names, e-mail and street addresses are personal data the inbox does not need to answer
/// a message, so they are never read: only the country, the state/province and the time zone they imply.
public struct ImportedOrder: Codable, Hashable, Sendable {
    public var channel: Channel
    public var id: String
    /// `amazon.de` from Amazon's `sales-channel`; nil where the report does not say.
    public var marketplace: String?
    /// The report's own word (`Shipped`, `fulfilled`, `cancelled`, …), kept as written.
    public var status: String?
    public var purchasedAt: Date?
    public var shippedAt: Date?
    public var deliveredAt: Date?
    public var tracking: Tracking?
    /// Unit prices (`OrderItem.price` × `quantity` is the line).
    public var items: [OrderItem]
    /// ISO 3166 alpha-2.
    public var country: String?
    /// State or province code (`CA`, `NSW`).
    public var region: String?
    /// IANA zone implied by country and region (see `ReportRegions`).
    public var timeZone: String?

    public init(channel: Channel, id: String, marketplace: String? = nil, status: String? = nil, purchasedAt: Date? = nil,
                shippedAt: Date? = nil, deliveredAt: Date? = nil, tracking: Tracking? = nil, items: [OrderItem] = [],
                country: String? = nil, region: String? = nil, timeZone: String? = nil) {
        self.channel = channel; self.id = id; self.marketplace = marketplace; self.status = status
        self.purchasedAt = purchasedAt; self.shippedAt = shippedAt; self.deliveredAt = deliveredAt
        self.tracking = tracking; self.items = items; self.country = country; self.region = region; self.timeZone = timeZone
    }

    /// The key an order is known by: channel + id. Shopify names orders `#1001` and buyers write `1001`,
    /// so a leading `#` does not count.
    public static func key(channel: Channel, orderId: String) -> String {
        var id = Substring(orderId.trimmingCharacters(in: .whitespaces))
        if id.hasPrefix("#") { id = id.dropFirst() }
        return channel.rawValue + "|" + id
    }

    public var key: String { Self.key(channel: channel, orderId: id) }

    /// `self` with every field `newer` knows taken from it: a later report wins, but an empty value
    /// never erases a known one. Items come as a whole list (a report lists every item of an order).
    public func updated(with newer: ImportedOrder) -> ImportedOrder {
        var o = self
        o.marketplace = newer.marketplace ?? marketplace
        o.status = newer.status ?? status
        o.purchasedAt = newer.purchasedAt ?? purchasedAt
        o.shippedAt = newer.shippedAt ?? shippedAt
        o.deliveredAt = newer.deliveredAt ?? deliveredAt
        o.tracking = newer.tracking ?? tracking
        if !newer.items.isEmpty {
            // A title read from invalid UTF-8 (with U+FFFD) does not replace a clean one for the same item.
            o.items = newer.items.map { item in
                guard let t = item.title, t.contains("\u{FFFD}"),
                      let clean = items.first(where: { $0.sku == item.sku && $0.asin == item.asin })?.title,
                      !clean.contains("\u{FFFD}") else { return item }
                var kept = item
                kept.title = clean
                return kept
            }
        }
        o.country = newer.country ?? country
        o.region = newer.region ?? region
        o.timeZone = newer.timeZone ?? timeZone
        return o
    }

    /// Adds the facts of another row of the same order in the same file: the first value seen wins
    /// (Shopify writes order-level fields on the first row only), items accumulate.
    package mutating func absorb(_ row: ImportedOrder) {
        marketplace = marketplace ?? row.marketplace
        status = status ?? row.status
        purchasedAt = purchasedAt ?? row.purchasedAt
        shippedAt = shippedAt ?? row.shippedAt
        deliveredAt = deliveredAt ?? row.deliveredAt
        tracking = tracking ?? row.tracking
        items += row.items
        country = country ?? row.country
        region = region ?? row.region
        timeZone = timeZone ?? row.timeZone
    }
}
