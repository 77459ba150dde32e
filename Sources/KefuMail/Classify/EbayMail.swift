import Foundation
import KefuModel

/// Fills a `ClassifiedMail` from an eBay mail (sender under `ebay.<tld>`). The eBay item number is
/// kept as the item's `sku` (the listing's id; `asin` stays nil) and is the order id when the mail
/// names no order number (`\d{2}-\d{5}-\d{5}`).
enum EbayMail {
    static func read(_ mail: ParsedMail, into c: inout ClassifiedMail) {
        let head = mail.text.utf8.count > AmazonMail.scanLimit
            ? String(decoding: mail.text.utf8.prefix(AmazonMail.scanLimit), as: UTF8.self) : mail.text
        let relay = MailClassifier.relay(mail, brand: "ebay")
        let message = EbayNotice.parse(subject: mail.subject)
        let kind: RequestKind
        if let message {
            kind = .buyerMessage
            c.buyer.language = message.language
        } else if let r = EbayNotice.request(subject: mail.subject) {
            kind = r.kind
            c.buyer.language = r.language
        } else if relay != nil {
            kind = .buyerMessage
            c.warnings.append("eBay member message with an unfamiliar subject")
        } else {
            c.warnings.append("not a known notice: eBay mail with subject \"\(mail.subject)\"")
            return
        }
        c.role = .request(kind)
        c.buyer.language = MarketplaceDomains.language(of: c.marketplace) ?? c.buyer.language
        if let relay {
            c.buyer.address = relay.address
            c.buyer.name = relay.name.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let name = message?.buyer, !name.isEmpty { c.buyer.name = name }

        let lines = NoticeText.lines(head)
        let framed = MessageMarkers.extract(lines, style: .ebay)
        if let framed {
            c.body = framed.body
        } else if kind == .buyerMessage {
            c.warnings.append("no message markers found, kept the whole text")
        }
        var own = Array(lines)
        if let framed { own.removeSubrange(framed.lines) }
        let fields = NoticeFields.read(own[...])
        let itemId = message?.itemId ?? EbayNotice.itemId(in: head)
        let title = message?.title.isEmpty == false ? message?.title : fields.items.first?.title
        if itemId != nil || title != nil {
            c.items = [OrderItem(sku: itemId, title: title, quantity: fields.items.first?.quantity ?? 1)]
        }
        c.returnReason = kind == .buyerMessage ? nil : fields.returnReason
        c.customerComment = kind == .buyerMessage ? nil : fields.customerComment
        c.orderId = NoticeText.firstId(in: mail.subject, groups: [2, 5, 5]) ?? NoticeText.firstId(in: head, groups: [2, 5, 5]) ?? itemId
    }
}
