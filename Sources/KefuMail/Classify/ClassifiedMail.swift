import Foundation
import KefuModel

/// What one mail from the support mailbox means for the inbox, read from its headers and text by
/// `MailClassifier`. Nothing is ever dropped: mail that fits no known notice is `.unclassified` and
/// still becomes a case (`other`) with its raw text and a warning.
public struct ClassifiedMail: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        /// New work from the buyer or the marketplace: a buyer message, a return request, a claim…
        case request(RequestKind)
        /// Changes an existing case without asking for a reply: `REFUND_ISSUED`, buyer opted out.
        case event(EventType)
        /// A copy of the seller's own reply (Amazon's "Here is a copy of the e-mail that you sent"):
        /// an outbound message that stops the reply clock.
        case sellerCopy
        /// Fits no known notice: an `other` case with the raw text.
        case unclassified
    }

    public var role: Role
    public var channel: Channel
    /// `amazon.de`, `ebay.co.uk`; nil for store mail.
    public var marketplace: String?
    /// The RFC 5322 Message-ID (without brackets); a stable substitute when the mail has none.
    public var messageId: String
    public var inReplyTo: String?
    public var references: [String]
    public var receivedAt: Date
    /// Amazon `\d{3}-\d{7}-\d{7}`; for eBay the item number when no order number is given.
    public var orderId: String?
    /// The buyer (relay address for Amazon/eBay, own address for store mail); no address on system notices.
    public var buyer: Buyer
    public var subject: String
    /// The buyer's own words when the notice frames them (between the begin/end markers), else the readable text.
    public var body: String
    /// ASIN / item number, title, quantity from return notices and eBay messages.
    public var items: [OrderItem]
    /// The return reason as the marketplace lists it (for the category suggestion).
    public var returnReason: String?
    public var customerComment: String?
    /// A deadline the notice itself states ("within 3 calendar days" of the mail's date).
    public var dueAt: Date?
    /// "invoice.pdf (23 KB)" — listed for the agent, content not kept.
    public var attachments: [MailAttachment]
    /// Parser repairs and classification doubts, shown with the message.
    public var warnings: [String]

    public init(role: Role, channel: Channel, marketplace: String? = nil, messageId: String, inReplyTo: String? = nil,
                references: [String] = [], receivedAt: Date, orderId: String? = nil, buyer: Buyer = Buyer(),
                subject: String = "", body: String = "", items: [OrderItem] = [], returnReason: String? = nil,
                customerComment: String? = nil, dueAt: Date? = nil, attachments: [MailAttachment] = [], warnings: [String] = []) {
        self.role = role; self.channel = channel; self.marketplace = marketplace; self.messageId = messageId
        self.inReplyTo = inReplyTo; self.references = references; self.receivedAt = receivedAt; self.orderId = orderId
        self.buyer = buyer; self.subject = subject; self.body = body; self.items = items; self.returnReason = returnReason
        self.customerComment = customerComment; self.dueAt = dueAt; self.attachments = attachments; self.warnings = warnings
    }
}
