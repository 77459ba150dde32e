import Foundation

/// Auto-replies and bounces. They must not open work silently (an out-of-office is not a buyer's
/// question, and does not count as a reply) but must not be lost either: the classifier makes them
/// `.unclassified` with a warning that says which one it was.
enum AutomaticMail {
    /// Subject starts of out-of-office and automatic replies (after any "Re:"), folded; own reconstructions.
    static let autoReplySubjects = [
        "out of office", "automatic reply", "auto reply", "autoreply", "auto-reply", "away from the office",
        "abwesenheitsnotiz", "automatische antwort", "abwesend", "reponse automatique", "absence du bureau",
        "risposta automatica", "fuori sede", "fuori ufficio", "respuesta automatica", "fuera de la oficina",
        "自動返信", "自動応答", "不在通知",
    ]
    static let bounceSubjects = [
        "undelivered mail returned to sender", "delivery status notification", "undeliverable", "mail delivery failed",
        "returned mail", "delivery failure", "unzustellbar", "nicht zustellbar", "non remis", "non recapitabile",
        "no se puede entregar", "配信不能", "配送失敗",
    ]

    /// Why the mail is automatic, or nil. `marketplace` mail carries `Auto-Submitted: auto-generated`
    /// on every system notice, so only an explicit auto-reply counts there.
    static func reason(_ mail: ParsedMail, marketplace: Bool) -> String? {
        if let ct = mail.header("Content-Type"), NoticeText.folded(ct).hasPrefix("multipart/report") {
            return "bounce (multipart/report delivery report)"
        }
        let sender = (mail.from?.address ?? "").lowercased()
        if sender.hasPrefix("mailer-daemon@") || sender.hasPrefix("postmaster@") || sender == "mailer-daemon" {
            return "bounce (from \(mail.from?.address ?? ""))"
        }
        let subject = ReplyPrefix.strip(NoticeText.folded(mail.subject))
        if !marketplace, bounceSubjects.contains(where: { subject.hasPrefix($0) }) {
            return "bounce (subject \"\(mail.subject)\")"
        }
        if let auto = mail.header("Auto-Submitted").map({ NoticeText.trimmed($0).lowercased() }), !auto.hasPrefix("no") {
            if auto.hasPrefix("auto-replied") || !marketplace { return "auto-reply (Auto-Submitted: \(auto))" }
        }
        for name in ["X-Autoreply", "X-Autorespond"] where mail.header(name) != nil {
            return "auto-reply (\(name) header)"
        }
        if let p = mail.header("Precedence").map({ NoticeText.trimmed($0).lowercased() }), p == "auto_reply" {
            return "auto-reply (Precedence: auto_reply)"
        }
        if autoReplySubjects.contains(where: { subject.hasPrefix($0) }) {
            return "auto-reply (subject \"\(mail.subject)\")"
        }
        return nil
    }

}
