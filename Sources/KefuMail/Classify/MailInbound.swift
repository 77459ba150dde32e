import Foundation
import KefuModel
import KefuCategories

extension InboundMessage {
    /// A classified mail as the intake files it. Unclassified mail becomes a buyer message in an
    /// `other` case, so the agent sees it and nothing is lost.
    public init(mail m: ClassifiedMail) {
        var kind = RequestKind.buyerMessage
        var filing = Filing.request
        var warnings = m.warnings
        switch m.role {
        case .request(let k): kind = k
        case .event(let e): filing = .event(e)
        case .sellerCopy: filing = .sellerCopy
        case .unclassified:
            if !warnings.contains(where: { $0.hasPrefix("not a known notice") }) { warnings.append("not a known notice; filed as other") }
        }
        self.init(messageId: m.messageId, channel: m.channel, marketplace: m.marketplace, kind: kind, receivedAt: m.receivedAt,
                  orderId: m.orderId, from: m.buyer, subject: m.subject, body: m.body, items: m.items, dueAt: m.dueAt,
                  category: m.role == .unclassified ? .other : nil)
        self.filing = filing
        self.threadIds = Self.threadIds(inReplyTo: m.inReplyTo, references: m.references)
        self.attachments = m.attachments.map(Self.describe)
        self.warnings = warnings
        if case .request = filing, m.role != .unclassified {
            let s = CategorySuggester.suggest(text: m.body + (m.customerComment.map { "\n" + $0 } ?? ""), subject: m.subject,
                                              returnReason: m.returnReason)
            suggested = SuggestedCategory(s)
        }
    }

    /// In-Reply-To, then References nearest first, each id once and at most `maxThreadIds` of them: the
    /// intake looks every one up, and a hostile References header may list 50,000 (linear, via a set).
    static let maxThreadIds = 100

    static func threadIds(inReplyTo: String?, references: [String]) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for id in [inReplyTo].compactMap({ $0 }) + references.reversed() where seen.insert(id).inserted {
            out.append(id)
            if out.count == maxThreadIds { break }
        }
        return out
    }

    /// "photo.jpg (image/jpeg, 240 KB)".
    static func describe(_ a: MailAttachment) -> String {
        "\(a.filename ?? "unnamed") (\(a.mimeType), \(AttachmentFile.sizeText(a.size)))"
    }
}

extension SuggestedCategory {
    /// Confidence rounded to two places: it is shown as a percentage and must read back equal.
    public init(_ s: CategorySuggestion) {
        self.init(category: s.category, confidence: (s.confidence * 100).rounded() / 100, cues: Array(s.matched.prefix(4)))
    }
}
