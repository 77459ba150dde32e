import Foundation

/// One inbound message as every intake path (JSONL, Maildir) hands it to `Intake`.
public struct InboundMessage: Sendable, Equatable {
    /// What the message does to its case.
    public enum Filing: Sendable, Equatable {
        /// Asks for an answer: filed as an inbound message that (re)starts the reply clock.
        case request
        /// Changes the case without asking for anything (refund issued, buyer opted out).
        case event(EventType)
        /// The seller's own reply, copied back by the marketplace: an outbound message.
        case sellerCopy
    }

    public var messageId: String
    public var channel: Channel
    public var marketplace: String?
    public var kind: RequestKind
    public var receivedAt: Date
    public var orderId: String?
    public var from: Buyer
    public var subject: String?
    public var body: String
    public var items: [OrderItem]
    public var dueAt: Date?
    public var category: Category?
    public var filing: Filing = .request
    /// In-Reply-To and References: the messages this one answers, for mail without an order id.
    public var threadIds: [String] = []
    public var attachments: [String] = []
    /// The files themselves (Maildir intake): kept in the store already, or left in the Maildir.
    public var files: [AttachmentFile] = []
    public var warnings: [String] = []
    /// Computed where messages are parsed in parallel; `Intake` computes it when nil.
    public var suggested: SuggestedCategory?

    public init(messageId: String, channel: Channel, marketplace: String? = nil, kind: RequestKind, receivedAt: Date,
                orderId: String? = nil, from: Buyer = Buyer(), subject: String? = nil, body: String,
                items: [OrderItem] = [], dueAt: Date? = nil, category: Category? = nil) {
        self.messageId = messageId; self.channel = channel; self.marketplace = marketplace; self.kind = kind
        self.receivedAt = receivedAt; self.orderId = orderId; self.from = from; self.subject = subject
        self.body = body; self.items = items; self.dueAt = dueAt; self.category = category
    }
}

/// A bad input line: where, which field, what is wrong.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String?
    public var message: String
    /// The memberwise initializer, spelled out because the importers live in another target.
    package init(file: String, line: Int, field: String?, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }
    public var description: String { "\(file):\(line): \(field.map { "\($0): " } ?? "")\(message)" }
}
