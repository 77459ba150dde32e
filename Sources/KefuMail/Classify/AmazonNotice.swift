import Foundation
import KefuModel

/// Which Amazon notice a mail is: by `X-Space-Notification-Type` first, then by subject (and, for the
/// seller's copy, the opening of the text).
///
/// The subject phrases are the project's own reconstructions of Amazon's notice subjects in English,
/// German, French, Italian, Spanish and Japanese (from the documented English wording and the domain
/// notes), not copies of real notices. They are matched folded and as whole words; extend the tables
/// when a real notice shows another wording.
enum AmazonNotice {
    enum Kind: Equatable {
        case request(RequestKind)
        case event(EventType)
        case sellerCopy
    }

    static let notificationTypes: [String: Kind] = [
        "BBC_MESSAGE_SENT_TO_MERCHANT": .request(.buyerMessage),
        "RETURN_REQUEST": .request(.returnRequest),
        "A_Z_CLAIM_RESPONDENT_NOTIFY": .request(.aToZClaim),
        "BRC_SELLER_NOTIFICATION": .request(.chargeback),
        "REFUND_ISSUED": .event(.refundIssued),
        "BUYER_OPTED_OUT_BSM_MESSAGES": .event(.buyerOptedOut),
        "BBC_MESSAGE_CONFIRMATION_TO_MERCHANT": .sellerCopy,
    ]

    /// Checked in this order: the first table with a phrase in the subject wins.
    static let subjects: [(Kind, String, [String])] = [
        (.sellerCopy, "en", ["here is a copy of the e-mail that you sent", "here is a copy of the email that you sent", "copy of your message to"]),
        (.sellerCopy, "de", ["hier ist eine kopie der e-mail, die sie", "kopie ihrer nachricht an"]),
        (.sellerCopy, "fr", ["voici une copie de l'e-mail que vous avez envoye", "copie de votre message a"]),
        (.sellerCopy, "it", ["ecco una copia dell'e-mail che hai inviato", "copia del tuo messaggio a", "copia del messaggio inviato"]),
        (.sellerCopy, "es", ["esta es una copia del correo electronico que has enviado", "copia de tu mensaje a", "copia de su mensaje a"]),
        (.sellerCopy, "ja", ["送信したメールのコピー", "送信したメッセージのコピー"]),

        (.request(.buyerMessage), "en", ["message from amazon customer", "inquiry from amazon customer"]),
        (.request(.buyerMessage), "de", ["nachricht von amazon-kunde", "nachricht von amazon kunde", "anfrage von amazon-kunde", "nachricht von amazon-kundin"]),
        (.request(.buyerMessage), "fr", ["message de la part de", "message du client amazon", "demande de renseignements de la part de"]),
        (.request(.buyerMessage), "it", ["messaggio dal cliente amazon", "messaggio da cliente amazon", "richiesta dal cliente amazon"]),
        (.request(.buyerMessage), "es", ["mensaje del cliente de amazon", "consulta del cliente de amazon"]),
        (.request(.buyerMessage), "ja", ["amazonのお客様からのメッセージ", "購入者からのメッセージ", "お客様からのお問い合わせ"]),

        (.request(.aToZClaim), "en", ["a-to-z guarantee", "a-to-z claim", "a-z guarantee"]),
        (.request(.aToZClaim), "de", ["a-bis-z-garantie", "a-bis-z garantie", "a-bis-z-garantieantrag"]),
        (.request(.aToZClaim), "fr", ["garantie a a z", "garantie de a a z", "garantie a-z"]),
        (.request(.aToZClaim), "it", ["garanzia dalla a alla z", "garanzia a-z", "garanzia dalla a-z"]),
        (.request(.aToZClaim), "es", ["garantia de la a a la z", "garantia de la a a z", "garantia a-z"]),
        (.request(.aToZClaim), "ja", ["マーケットプレイス保証", "a-z保証"]),

        (.request(.chargeback), "en", ["chargeback"]),
        (.request(.chargeback), "de", ["ruckbuchung", "ruckbelastung"]),
        (.request(.chargeback), "fr", ["retrofacturation", "contestation de paiement"]),
        (.request(.chargeback), "it", ["riaccredito", "contestazione di addebito"]),
        (.request(.chargeback), "es", ["contracargo", "devolucion de cargo"]),
        (.request(.chargeback), "ja", ["チャージバック"]),

        (.request(.cancellationRequest), "en", ["cancellation request", "request to cancel", "buyer-requested cancellation"]),
        (.request(.cancellationRequest), "de", ["stornierungsanfrage", "stornierungsantrag", "bitte um stornierung"]),
        (.request(.cancellationRequest), "fr", ["demande d'annulation"]),
        (.request(.cancellationRequest), "it", ["richiesta di cancellazione", "richiesta di annullamento"]),
        (.request(.cancellationRequest), "es", ["solicitud de cancelacion", "peticion de cancelacion"]),
        (.request(.cancellationRequest), "ja", ["キャンセルリクエスト", "キャンセルのリクエスト"]),

        (.event(.refundIssued), "en", ["refund issued", "refund initiated", "refund processed", "refund confirmation"]),
        (.event(.refundIssued), "de", ["erstattung veranlasst", "ruckerstattung veranlasst", "erstattung durchgefuhrt", "erstattung ausgestellt"]),
        (.event(.refundIssued), "fr", ["remboursement effectue", "remboursement emis", "remboursement initie"]),
        (.event(.refundIssued), "it", ["rimborso emesso", "rimborso effettuato", "rimborso avviato"]),
        (.event(.refundIssued), "es", ["reembolso emitido", "reembolso realizado", "reembolso iniciado"]),
        (.event(.refundIssued), "ja", ["返金完了", "返金が完了", "返金処理"]),

        (.event(.buyerOptedOut), "en", ["opted out", "opt-out of messages"]),
        (.event(.buyerOptedOut), "de", ["nachrichten abgemeldet", "nachrichten abbestellt"]),
        (.event(.buyerOptedOut), "fr", ["desinscrit des messages", "ne souhaite plus recevoir"]),
        (.event(.buyerOptedOut), "it", ["ha scelto di non ricevere", "disiscritto dai messaggi"]),
        (.event(.buyerOptedOut), "es", ["ha optado por no recibir", "se ha dado de baja"]),
        (.event(.buyerOptedOut), "ja", ["受信を停止", "メッセージの受信拒否"]),

        (.request(.returnRequest), "en", ["return request", "return authorization", "return authorisation", "return requested"]),
        (.request(.returnRequest), "de", ["rucksendung", "rucksendeanforderung", "rucksendeantrag", "rucksendeanfrage"]),
        (.request(.returnRequest), "fr", ["demande de retour", "retour"]),
        (.request(.returnRequest), "it", ["richiesta di reso", "autorizzazione al reso", "reso"]),
        (.request(.returnRequest), "es", ["solicitud de devolucion", "devolucion"]),
        (.request(.returnRequest), "ja", ["返品リクエスト", "返品"]),
    ]

    /// The kind from the header, or nil with the unknown type named (read from the subject instead).
    static func kind(notificationType: String?) -> (kind: Kind?, unknown: String?) {
        guard let raw = notificationType.map(NoticeText.trimmed), !raw.isEmpty else { return (nil, nil) }
        if let k = notificationTypes[raw.uppercased()] { return (k, nil) }
        return (nil, raw)
    }

    /// The kind and notice language from the subject, else (for the seller's copy) the opening of the text.
    static func kind(subject: String, text: String) -> (kind: Kind, language: String)? {
        if let m = NoticeText.firstMatch(NoticeText.folded(subject), in: subjects) { return m }
        let opening = NoticeText.folded(String(text.prefix(600)))
        return NoticeText.firstMatch(opening, in: subjects.filter { $0.0 == .sellerCopy })
    }

    /// The language of the notice template, guessed from the subject alone (for notices classified by header).
    static func language(subject: String) -> String? {
        NoticeText.firstMatch(NoticeText.folded(subject), in: subjects)?.language
    }

    /// The buyer's name as the relay shows it: "Jane Doe - Amazon Marketplace" → "Jane Doe".
    static func buyerName(_ display: String?) -> String? {
        guard var name = display.map(NoticeText.trimmed), !name.isEmpty else { return nil }
        let folded = NoticeText.folded(name)
        for suffix in [" - amazon marketplace", " - marketplace amazon", " via amazon", " uber amazon", " par amazon", " tramite amazon",
                       " a traves de amazon", " - amazon", " (amazon)"] where folded.hasSuffix(suffix) {
            name = String(name.prefix(name.count - suffix.count))
            break
        }
        name = NoticeText.trimmed(name)
        return name.isEmpty || NoticeText.folded(name).hasPrefix("amazon") ? nil : name
    }
}
