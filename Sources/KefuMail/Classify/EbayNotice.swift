import Foundation
import KefuModel

/// eBay member messages ("NAME sent a message about TITLE #ITEMID", relayed through
/// `…@members.ebay.<tld>`) and eBay's return / item-not-received / not-as-described notices.
///
/// The localised subject forms and the notice phrases are the project's own reconstructions (from the
/// documented English subject), not copies of real eBay mail.
enum EbayNotice {
    /// "NAME <verb> TITLE #ITEMID": the words between the buyer's name and the title, folded.
    static let messageSubjects: [(language: String, verb: String)] = [
        ("en", " sent a message about "),
        ("en", " sent you a message about "),
        ("en", " has sent a question about "),
        ("de", " hat eine nachricht zu "),
        ("de", " hat ihnen eine nachricht zu "),
        ("de", " hat eine frage zu "),
        ("fr", " a envoye un message concernant "),
        ("fr", " vous a envoye un message concernant "),
        ("it", " ha inviato un messaggio relativo a "),
        ("it", " ti ha inviato un messaggio su "),
        ("es", " ha enviado un mensaje sobre "),
        ("es", " te ha enviado un mensaje sobre "),
    ]
    /// German subjects end in "… gesendet"; dropped from the title.
    static let titleTails = [" gesendet", " geschickt"]

    static let requests: [(RequestKind, String, [String])] = [
        (.inrRequest, "en", ["item not received", "hasn't received", "has not received", "didn't receive"]),
        (.inrRequest, "de", ["artikel nicht erhalten", "nicht erhalten"]),
        (.inrRequest, "fr", ["objet non recu", "article non recu"]),
        (.inrRequest, "it", ["oggetto non ricevuto", "articolo non ricevuto"]),
        (.inrRequest, "es", ["articulo no recibido", "no ha recibido"]),
        (.snadRequest, "en", ["not as described"]),
        (.snadRequest, "de", ["nicht wie beschrieben", "entspricht nicht der beschreibung"]),
        (.snadRequest, "fr", ["non conforme a la description", "ne correspond pas a la description"]),
        (.snadRequest, "it", ["non conforme alla descrizione", "non corrisponde alla descrizione"]),
        (.snadRequest, "es", ["no coincide con la descripcion", "no es como se describe"]),
        (.returnRequest, "en", ["return request", "return opened", "wants to return", "requested a return"]),
        (.returnRequest, "de", ["rucknahmeanfrage", "ruckgabeanfrage", "rucknahme beantragt", "ruckgabe beantragt"]),
        (.returnRequest, "fr", ["demande de retour"]),
        (.returnRequest, "it", ["richiesta di restituzione", "richiesta di reso"]),
        (.returnRequest, "es", ["solicitud de devolucion"]),
    ]

    struct Subject: Equatable {
        var buyer: String
        var title: String
        var itemId: String?
        var language: String
    }

    /// Reads a member-message subject; `Re:`/`AW:` prefixes are ignored.
    static func parse(subject: String) -> Subject? {
        for (language, verb) in messageSubjects {
            guard let r = NoticeText.range(of: verb, in: subject) else { continue }
            let name = NoticeText.trimmed(Substring(ReplyPrefix.strip(String(subject[..<r.lowerBound]))))
            var title = NoticeText.trimmed(subject[r.upperBound...])
            for tail in titleTails where NoticeText.folded(title).hasSuffix(tail) { title = String(title.dropLast(tail.count)) }
            var itemId: String?
            if let hash = title.lastIndex(of: "#") {
                let digits = title[title.index(after: hash)...].prefix { $0.isASCII && $0.isNumber }
                if digits.count >= 9 {
                    itemId = String(digits)
                    title = String(title[..<hash])
                }
            }
            title = NoticeText.trimmed(title.trimmingCharacters(in: CharacterSet(charactersIn: "()[]\"")))
            return Subject(buyer: NoticeText.trimmed(name), title: NoticeText.trimmed(title), itemId: itemId, language: language)
        }
        return nil
    }

    /// A return / INR / SNAD notice from its subject.
    static func request(subject: String) -> (kind: RequestKind, language: String)? {
        NoticeText.firstMatch(NoticeText.folded(subject), in: requests)
    }

    /// The item number from an "Item number: 123456789012" line or a "#123456789012" in the text.
    static func itemId(in text: String) -> String? {
        for line in NoticeText.lines(String(text.prefix(20_000))) {
            if let (label, value) = NoticeText.labelled(line), NoticeFields.labels[label] == .itemNumber {
                let digits = value.prefix { $0.isASCII && $0.isNumber }
                if digits.count >= 9 { return String(digits) }
            }
        }
        return nil
    }
}
