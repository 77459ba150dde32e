import Foundation
import KefuBase
import KefuModel

/// Reads a parsed mail as an Amazon, eBay or store notice. Pure: the same mail gives the same result.
///
/// Order of decisions: bounces and auto-replies first (unclassified, with the reason), then Amazon
/// (sender under `amazon.<tld>`), eBay (sender under `ebay.<tld>`), else store mail. Marketplace
/// headers are only believed from a marketplace sender: anyone can write `X-Space-Notification-Type`.
public enum MailClassifier {
    /// `fallbackDate` is used when the mail has no usable Date header (the file's delivery time).
    public static func classify(_ mail: ParsedMail, fallbackDate: Date) -> ClassifiedMail {
        var c = ClassifiedMail(role: .unclassified, channel: .email, messageId: mail.messageID ?? "",
                               inReplyTo: mail.inReplyTo, references: mail.references,
                               receivedAt: mail.date ?? fallbackDate, subject: mail.subject,
                               body: NoticeText.trimmed(mail.text), attachments: mail.attachments, warnings: mail.warnings)
        if mail.messageID?.isEmpty ?? true {
            c.messageId = substituteId(mail)
            c.warnings.append("no Message-ID, using \(c.messageId)")
        }
        if mail.date == nil {
            c.warnings.append(mail.header("Date") == nil ? "no Date header, using the delivery time" : "unreadable Date header, using the delivery time")
        }
        let sender = mail.from?.address
        let amazon = MarketplaceDomains.marketplace(brand: "amazon", address: sender)
        let ebay = MarketplaceDomains.marketplace(brand: "ebay", address: sender)
        if amazon != nil {
            c.channel = .amazon
            c.marketplace = amazon
        } else if ebay != nil {
            c.channel = .ebay
            c.marketplace = ebay
        }

        if let why = AutomaticMail.reason(mail, marketplace: amazon != nil || ebay != nil) {
            c.warnings.append("\(why): not opened as work")
            // An out-of-office still says whose it is (the intake may file it with that buyer's case).
            if why.hasPrefix("auto-reply"), let from = mail.from, amazon == nil, ebay == nil {
                c.buyer = Buyer(name: from.name.flatMap { $0.isEmpty ? nil : $0 }, address: from.address)
            }
            return c
        }
        if amazon != nil {
            AmazonMail.read(mail, into: &c)
        } else if ebay != nil {
            EbayMail.read(mail, into: &c)
        } else {
            readStoreMail(mail, into: &c)
        }
        return c
    }

    /// Mail to the web store's support address: the sender is the buyer; threading is done downstream.
    static func readStoreMail(_ mail: ParsedMail, into c: inout ClassifiedMail) {
        if mail.header("X-Space-Notification-Type") != nil || mail.header("X-Marketplace-ID") != nil {
            c.warnings.append("Amazon notice headers from a non-Amazon sender (\(mail.from?.address ?? "none")), read as ordinary mail")
        }
        guard let from = mail.from, from.address.contains("@") else {
            c.warnings.append("not a known notice: no sender address")
            return
        }
        c.role = .request(.buyerMessage)
        c.buyer = Buyer(name: from.name.flatMap { $0.isEmpty ? nil : $0 }, address: from.address)
    }

    /// A stable stand-in for a missing Message-ID: the same mail read again gives the same id, so
    /// dedupe still works, and two different mails never share one (SHA-256 of every byte of the
    /// file: mails that differ only in an attachment or a second part are still two mails). A mail
    /// built in memory without its bytes falls back to FNV-1a of From, Date, Subject and the text.
    static func substituteId(_ mail: ParsedMail) -> String {
        if let digest = mail.sourceDigest ?? mail.source.map(SHA256.hex) { return "sha256-" + digest }
        return "fnv-" + NoticeText.fnv1a64([mail.header("From") ?? "", mail.header("Date") ?? "", mail.subject, mail.text])
    }

    /// The relay address among From and Reply-To (`…@marketplace.amazon.de`, `…@members.ebay.de`).
    static func relay(_ mail: ParsedMail, brand: String) -> MailAddress? {
        if let f = mail.from, MarketplaceDomains.isRelay(f.address, brand: brand) { return f }
        for value in [mail.header("Reply-To")].compactMap({ $0 }) {
            if let a = AddressList.parse(value).first(where: { MarketplaceDomains.isRelay($0.address, brand: brand) }) { return a }
        }
        return nil
    }
}
