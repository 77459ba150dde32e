import Foundation
import KefuBase
import KefuModel
import KefuMail

/// What a marketplace accepts as files in buyer messages, checked before a reply with attachments is sent.
///
/// Amazon: Seller Central help "Buyer-Seller Messaging" (sellercentral.amazon.*/help, itemID 200389080):
/// "You can send and receive one or more attachments (up to 10 MB) in a message", followed by the
/// supported formats — image files, PDF and text documents (DOMAIN.md, "Reply rules"). The page's format
/// list itself could not be retrieved here, so the types below are the ones those words name: JPEG,
/// PNG, GIF, PDF, plain text and Word documents. Anything else is blocked: Amazon would bounce the mail.
/// eBay and the seller's own shop mail have no published list kefu relies on: not checked.
public enum AttachmentRules {
    public static let amazonMaxTotal = 10 * 1024 * 1024
    public static let amazonTypes: [String: Set<String>] = [
        "image/jpeg": ["jpg", "jpeg"], "image/png": ["png"], "image/gif": ["gif"], "application/pdf": ["pdf"],
        "text/plain": ["txt"], "application/msword": ["doc"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
    ]

    /// Errors for each file Amazon would refuse (type, or the extension not matching an allowed type), and
    /// for a total above 10 MB.
    public static func check(_ files: [OutgoingAttachment], channel: Channel) -> [LintFinding] {
        guard channel == .amazon, !files.isEmpty else { return [] }
        var out: [LintFinding] = []
        for f in files {
            let ext = (f.name as NSString).pathExtension.lowercased()
            guard let exts = amazonTypes[f.type], exts.contains(ext) else {
                out.append(LintFinding(severity: .error, rule: "attachment-type",
                                       message: "Amazon: \(f.name) (\(f.type)) is not a type buyer messages accept (images JPEG/PNG/GIF, PDF, text, Word)",
                                       span: nil))
                continue
            }
        }
        let total = files.reduce(0) { $0 + $1.data.count }
        if total > amazonMaxTotal {
            out.append(LintFinding(severity: .error, rule: "attachment-size",
                                   message: "Amazon: attachments total \(AttachmentFile.sizeText(total)), above the 10 MB a message may carry", span: nil))
        }
        return out
    }
}

extension ReplyLint {
    /// Everything a reply to `c` is checked against before it is sent: its text under the case's
    /// marketplace rules plus its files. The inbox composer and `kefu reply` both call this, so they
    /// cannot drift apart.
    public static func check(_ text: String, attachments: [OutgoingAttachment], for c: Case) -> [LintFinding] {
        check(text, channel: c.channel, marketplace: c.marketplace, orderId: c.order?.id)
            + AttachmentRules.check(attachments, channel: c.channel)
    }
}
