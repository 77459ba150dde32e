import Foundation

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
        self.threadIds = ([m.inReplyTo].compactMap { $0 } + m.references.reversed()).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        self.attachments = m.attachments.map(Self.describe)
        self.warnings = warnings
        if case .request = filing, m.role != .unclassified {
            let s = CategorySuggester.suggest(text: m.body + (m.customerComment.map { "\n" + $0 } ?? ""), subject: m.subject,
                                              returnReason: m.returnReason)
            suggested = SuggestedCategory(s)
        }
    }

    /// "photo.jpg (image/jpeg, 240 KB)".
    static func describe(_ a: MailAttachment) -> String {
        let size = a.size < 1024 ? "\(a.size) B" : a.size < 1024 * 1024 ? "\(a.size / 1024) KB"
            : String(format: "%.1f MB", Double(a.size) / 1_048_576)
        return "\(a.filename ?? "unnamed") (\(a.mimeType), \(size))"
    }
}

extension SuggestedCategory {
    /// Confidence rounded to two places: it is shown as a percentage and must read back equal.
    public init(_ s: CategorySuggestion) {
        self.init(category: s.category, confidence: (s.confidence * 100).rounded() / 100, cues: Array(s.matched.prefix(4)))
    }
}
