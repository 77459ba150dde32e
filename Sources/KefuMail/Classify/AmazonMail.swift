import Foundation

/// Fills a `ClassifiedMail` from an Amazon mail (sender under `amazon.<tld>`).
enum AmazonMail {
    /// Order ids and labelled fields are read from the notice's first part; a huge body is not scanned to its end.
    static let scanLimit = 200_000

    static func read(_ mail: ParsedMail, into c: inout ClassifiedMail) {
        if let id = mail.header("X-Marketplace-ID").map(NoticeText.trimmed), !id.isEmpty {
            if let m = MarketplaceDomains.amazonIds[id.uppercased()] {
                c.marketplace = m
            } else {
                c.warnings.append("unknown X-Marketplace-ID \(id), marketplace taken from the sender")
            }
        }
        let header = AmazonNotice.kind(notificationType: mail.header("X-Space-Notification-Type"))
        let bySubject = AmazonNotice.kind(subject: mail.subject, text: mail.text)
        if let unknown = header.unknown {
            c.warnings.append("unknown X-Space-Notification-Type \(unknown)" + (bySubject == nil ? "" : ", read from the subject"))
        }
        let head = mail.text.utf8.count > scanLimit ? String(decoding: mail.text.utf8.prefix(scanLimit), as: UTF8.self) : mail.text
        c.orderId = NoticeText.firstId(in: mail.subject, groups: [3, 7, 7]) ?? NoticeText.firstId(in: head, groups: [3, 7, 7])
        if let relay = MailClassifier.relay(mail, brand: "amazon") {
            c.buyer.address = relay.address
            c.buyer.name = AmazonNotice.buyerName(relay.name)
        }
        let noticeLanguage = bySubject?.language ?? AmazonNotice.language(subject: mail.subject)
        c.buyer.language = MarketplaceDomains.language(of: c.marketplace) ?? noticeLanguage

        var kind = header.kind ?? bySubject?.kind
        if kind == nil, c.buyer.address != nil {
            // Only buyers write from the relay: a reply with its own subject is still a buyer message.
            kind = .request(.buyerMessage)
            c.warnings.append("no known notification type or subject, read as a buyer message from the relay address")
        }
        guard let kind else {
            c.warnings.append("not a known notice: Amazon mail without a known notification type or subject")
            return
        }
        switch kind {
        case .request(let k): c.role = .request(k)
        case .event(let e): c.role = .event(e)
        case .sellerCopy: c.role = .sellerCopy
        }

        let lines = NoticeText.lines(head)
        let framed = MessageMarkers.extract(lines)
        let expectsMarkers = kind == .request(.buyerMessage) || kind == .sellerCopy
        if let framed {
            c.body = framed.body
            if !framed.foundEnd { c.warnings.append("no end-of-message marker, the message runs to the end of the text") }
            if framed.body.isEmpty { c.warnings.append("the framed message is empty") }
        } else if expectsMarkers {
            c.warnings.append("no message markers found, kept the whole text")
        }
        // The notice's own lines only: the buyer's words may contain "Reason:" too.
        var own = Array(lines)
        if let framed { own.removeSubrange(framed.lines) }
        let fields = NoticeFields.read(own[...])
        c.items = fields.items
        if kind == .request(.returnRequest) || kind == .request(.cancellationRequest) || kind == .event(.refundIssued) {
            c.returnReason = fields.returnReason
            c.customerComment = fields.customerComment
        }
        if kind == .request(.aToZClaim) || kind == .request(.chargeback) {
            c.dueAt = NoticeDeadline.due(text: mail.subject + "\n" + head, mailDate: c.receivedAt)
        }
    }
}
