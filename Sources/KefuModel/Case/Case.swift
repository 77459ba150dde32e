import Foundation

public struct Buyer: Codable, Hashable, Sendable {
    public var name: String?
    /// The marketplace relay address (…@marketplace.amazon.de) or the buyer's own for store mail.
    public var address: String?
    public var country: String?
    public var timeZone: String?
    public var language: String?
    public init(name: String? = nil, address: String? = nil, country: String? = nil, timeZone: String? = nil, language: String? = nil) {
        self.name = name; self.address = address; self.country = country; self.timeZone = timeZone; self.language = language
    }
}

public struct OrderItem: Codable, Hashable, Sendable {
    public var sku: String?
    public var asin: String?
    public var title: String?
    public var quantity: Int
    public var price: Money?
    public init(sku: String? = nil, asin: String? = nil, title: String? = nil, quantity: Int = 1, price: Money? = nil) {
        self.sku = sku; self.asin = asin; self.title = title; self.quantity = quantity; self.price = price
    }
}

public struct Tracking: Codable, Hashable, Sendable {
    public var carrier: String?
    public var number: String
    public init(carrier: String? = nil, number: String) { self.carrier = carrier; self.number = number }
}

public struct Order: Codable, Hashable, Sendable {
    /// The items' price × quantity, when every item has a price in one currency (never mixes currencies).
    public var itemsTotal: Money? {
        guard let currency = items.first?.price?.currency else { return nil }
        var total = Decimal(0)
        for i in items {
            guard let p = i.price, p.currency == currency else { return nil }
            total += p.amount * Decimal(i.quantity)
        }
        return Money(total, currency)
    }

    public var id: String
    /// The report's order status (`Unshipped`, `Shipped`, Shopify's fulfillment status), when imported.
    public var status: String?
    public var purchasedAt: Date?
    public var shippedAt: Date?
    public var deliveredAt: Date?
    public var tracking: Tracking?
    public var items: [OrderItem]
    public init(id: String, purchasedAt: Date? = nil, shippedAt: Date? = nil, deliveredAt: Date? = nil,
                tracking: Tracking? = nil, items: [OrderItem] = [], status: String? = nil) {
        self.id = id; self.status = status; self.purchasedAt = purchasedAt; self.shippedAt = shippedAt
        self.deliveredAt = deliveredAt; self.tracking = tracking; self.items = items
    }
}

public struct Message: Codable, Hashable, Sendable {
    /// The id the source gave the message (import `messageId`, later the mail Message-ID); unique per channel.
    public var sourceId: String
    public var direction: Direction
    public var at: Date
    public var kind: RequestKind?
    public var subject: String?
    /// Exactly as received; sanitised only when displayed.
    public var body: String
    /// A deadline the notice itself states (A-to-z "respond within 3 days", a chargeback's due date).
    public var dueAt: Date?
    /// Attachments as listed to the agent ("photo.jpg (image/jpeg, 240 KB)"): the JSONL import's and older
    /// mail's only record of them.
    public var attachments: [String]?
    /// The files themselves, kept in the store or left in the Maildir (mail filed since attachments are kept).
    public var files: [AttachmentFile]?
    /// What the import had to guess or repair (a wrong charset label, no end marker, not a known notice).
    public var warnings: [String]?
    /// The body machine-translated into the agent's language (cached; `kefu purge` removes it with the body).
    public var translation: MessageTranslation?
    public init(sourceId: String, direction: Direction, at: Date, kind: RequestKind? = nil, subject: String? = nil,
                body: String, dueAt: Date? = nil, attachments: [String]? = nil, warnings: [String]? = nil, files: [AttachmentFile]? = nil,
                translation: MessageTranslation? = nil) {
        self.sourceId = sourceId; self.direction = direction; self.at = at; self.kind = kind
        self.subject = subject; self.body = body; self.dueAt = dueAt
        self.attachments = attachments?.isEmpty == true ? nil : attachments
        self.warnings = warnings?.isEmpty == true ? nil : warnings
        self.files = files?.isEmpty == true ? nil : files
        self.translation = translation
    }
}

public enum EventType: String, Codable, Sendable {
    case received, replied
    case offerChosen = "offer-chosen"
    case statusChanged = "status-changed"
    case categoryChanged = "category-changed"
    case note, snoozed
    case noResponseNeeded = "no-response-needed"
    /// The agent promised a follow-up by `until`; it runs as a clock.
    case promised
    /// The agent did what a clock asked outside kefu (answered the claim in Seller Central); `text` names the clock.
    case handled
    /// The returned item arrived (starts the refund clock); `refund-issued` stops it.
    case returnReceived = "return-received"
    case refundIssued = "refund-issued"
    /// The mail command accepted the reply `messageId` (it left the outbox).
    case delivered
    /// The agent rewrote reply `messageId` while it still waited in the outbox (same Message-ID).
    case replyEdited = "reply-edited"
    /// The agent took reply `messageId` back out of the outbox before it left: it never reached the buyer.
    case replyCancelled = "reply-cancelled"
    /// Amazon: the buyer opted out of non-critical messages (only order-essential replies allowed).
    case buyerOptedOut = "buyer-opted-out"
    /// The agent put the case on hold (a dispute in progress): its personal data is never purged.
    case held
    /// The hold was released; the case is purged like any other once its time has come.
    case released
    /// The agent pinned a quote (`pinnedQuote`) for the weekly summary, or replaced the one pinned.
    case quotePinned = "quote-pinned"
    /// The agent removed the pinned quote: the report quotes the buyer's first message again.
    case quoteUnpinned = "quote-unpinned"
    /// The agent undid an action (`u` in the inbox): the events at `undoes` count as never having
    /// happened. The history stays append-only; readers use `Case.liveEvents`.
    case undone
}

extension EventType {
    /// Events filed from a notice mail: their `messageId` counts for deduplication like a message's.
    public var isFiledNotice: Bool { self == .refundIssued || self == .buyerOptedOut }
}

/// One line of a case's append-only history. Fields are optional because each type uses a few of them.
public struct CaseEvent: Codable, Hashable, Sendable {
    public var type: EventType
    public var at: Date
    public var messageId: String?
    public var from: String?
    public var to: String?
    public var text: String?
    public var offers: [String]?
    public var amounts: [Money]?
    public var until: Date?
    /// For `undone`: the positions in `events` of the events it takes back.
    public var undoes: [Int]?
    /// The agent's id who did it (team mode: notes, replies, changes); nil for the buyer, the intake and one-agent stores.
    public var by: String?
    public init(_ type: EventType, at: Date, messageId: String? = nil, from: String? = nil, to: String? = nil,
                text: String? = nil, offers: [String]? = nil, amounts: [Money]? = nil, until: Date? = nil, undoes: [Int]? = nil,
                by: String? = nil) {
        self.type = type; self.at = at; self.messageId = messageId; self.from = from; self.to = to
        self.text = text; self.offers = offers; self.amounts = amounts; self.until = until; self.undoes = undoes; self.by = by
    }
}

/// The category the intake guessed from the buyer's words, kept until the agent sets one.
public struct SuggestedCategory: Codable, Hashable, Sendable {
    public var category: Category
    /// 0...1.
    public var confidence: Double
    /// The phrases that led to it, so the agent can judge it at a glance.
    public var cues: [String]
    public init(category: Category, confidence: Double, cues: [String]) {
        self.category = category; self.confidence = confidence; self.cues = cues
    }
}

public struct Case: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var channel: Channel
    public var marketplace: String?
    /// Sorted, each kind once.
    public var kinds: [RequestKind]
    public var category: Category
    public var status: CaseStatus
    public var order: Order?
    public var buyer: Buyer
    /// In time order.
    public var messages: [Message]
    /// Append-only.
    public var events: [CaseEvent]
    public var openedAt: Date
    public var updatedAt: Date
    public var snoozedUntil: Date?
    /// Grouping key for cases without an order id: sender address + normalised subject.
    public var threadKey: String?
    /// Set while `category` is the intake's guess; cleared when the agent chooses a category.
    public var suggestedCategory: SuggestedCategory?
    /// Set while the case is on hold (`kefu hold`, `L` in the inbox): `kefu purge` never touches it.
    public var heldAt: Date?
    /// When `kefu purge` removed the buyer's personal data and the message texts (see `PersonalData`).
    public var purgedAt: Date?
    /// The scrubbed buyer quote the weekly summary shows, kept when the message it came from is purged.
    public var purgedQuote: String?
    /// The same for the quote's cached machine translation, so a purged period's summary stays the same.
    public var purgedQuoteTranslation: String?
    /// A quote the agent chose for the weekly summary (with their translation); scrubbed when pinned
    /// and kept through the purge like `purgedQuote`.
    public var pinnedQuote: PinnedQuote?

    public init(id: String, channel: Channel, marketplace: String? = nil, kinds: [RequestKind] = [],
                category: Category = .other, status: CaseStatus = .needsReply, order: Order? = nil,
                buyer: Buyer = Buyer(), messages: [Message] = [], events: [CaseEvent] = [],
                openedAt: Date, updatedAt: Date? = nil, snoozedUntil: Date? = nil, threadKey: String? = nil,
                suggestedCategory: SuggestedCategory? = nil, heldAt: Date? = nil, purgedAt: Date? = nil, purgedQuote: String? = nil,
                pinnedQuote: PinnedQuote? = nil, purgedQuoteTranslation: String? = nil) {
        self.id = id; self.channel = channel; self.marketplace = marketplace; self.kinds = kinds
        self.category = category; self.status = status; self.order = order; self.buyer = buyer
        self.messages = messages; self.events = events; self.openedAt = openedAt
        self.updatedAt = updatedAt ?? openedAt; self.snoozedUntil = snoozedUntil; self.threadKey = threadKey
        self.suggestedCategory = suggestedCategory
        self.heldAt = heldAt; self.purgedAt = purgedAt; self.purgedQuote = purgedQuote
        self.pinnedQuote = pinnedQuote
        self.purgedQuoteTranslation = purgedQuoteTranslation
    }

    public var latestMessage: Message? { messages.last }
    public var firstSKU: String? { order?.items.lazy.compactMap(\.sku).first }

    /// The case number in `K-1042`, for ordering and id allocation.
    public var number: Int { Self.number(id) }
    public static func number(_ id: String) -> Int { Int(id.dropFirst(2)) ?? 0 }

    public mutating func addKind(_ kind: RequestKind) {
        if !kinds.contains(kind) { kinds.append(kind); kinds.sort() }
    }

    /// Inserts keeping time order (imports may arrive out of order).
    public mutating func insertMessage(_ m: Message) {
        let idx = messages.lastIndex(where: { $0.at <= m.at }).map { $0 + 1 } ?? 0
        messages.insert(m, at: idx)
    }

    /// Changes the status with a `status-changed` event; leaving `snoozed` clears the snooze time.
    public mutating func setStatus(_ to: CaseStatus, at now: Date) {
        guard status != to else { return }
        events.append(CaseEvent(.statusChanged, at: now, text: "\(status.rawValue)→\(to.rawValue)"))
        status = to
        if to != .snoozed { snoozedUntil = nil }
    }

    public func hasMessage(sourceId: String) -> Bool { messages.contains { $0.sourceId == sourceId } }

    public var isHeld: Bool { heldAt != nil }

    /// Puts the case on hold or releases it, with a `held` / `released` event. Nothing when already so.
    public mutating func setHeld(_ on: Bool, at now: Date) {
        guard on != isHeld else { return }
        events.append(CaseEvent(on ? .held : .released, at: now))
        heldAt = on ? now : nil
    }
}
