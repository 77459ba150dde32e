import Foundation

/// One queue line as `kefu list --json` prints it. Every key is always present (null when unknown).
public struct QueueRow: Encodable, Sendable {
    public var id: String
    public var channel: Channel
    public var marketplace: String?
    public var kinds: [RequestKind]
    public var category: Category
    public var status: CaseStatus
    public var orderId: String?
    public var buyer: String?
    public var sku: String?
    public var dueAt: Date?
    public var clock: String?
    public var remainingSeconds: Int?
    public var overdue: Bool
    public var subject: String?

    public init(_ e: QueueEntry, at now: Date) {
        let c = e.item
        id = c.id; channel = c.channel; marketplace = c.marketplace; kinds = c.kinds; category = c.category
        status = e.status; orderId = c.order?.id; buyer = c.buyer.name; sku = c.firstSKU
        dueAt = e.clock?.dueAt; clock = e.clock?.name
        remainingSeconds = e.clock.map { Int($0.remaining(at: now).rounded(.down)) }
        overdue = e.isOverdue(at: now); subject = c.latestMessage?.subject
    }

    enum CodingKeys: String, CodingKey {
        case id, channel, marketplace, kinds, category, status, orderId, buyer, sku, dueAt, clock, remainingSeconds, overdue, subject
    }

    public func encode(to encoder: Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(id, forKey: .id); try k.encode(channel, forKey: .channel); try k.encode(marketplace, forKey: .marketplace)
        try k.encode(kinds, forKey: .kinds); try k.encode(category, forKey: .category); try k.encode(status, forKey: .status)
        try k.encode(orderId, forKey: .orderId); try k.encode(buyer, forKey: .buyer); try k.encode(sku, forKey: .sku)
        try k.encode(dueAt, forKey: .dueAt); try k.encode(clock, forKey: .clock)
        try k.encode(remainingSeconds, forKey: .remainingSeconds); try k.encode(overdue, forKey: .overdue)
        try k.encode(subject, forKey: .subject)
    }
}
