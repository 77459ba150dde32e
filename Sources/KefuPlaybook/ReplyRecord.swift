import Foundation
import KefuModel
import KefuMail
import KefuConfig
import KefuBase

/// A composed reply leaving kefu: the e-mail for the outbox, and what it changes on the case.
public enum ReplyRecord {
    /// The e-mail to the buyer's relay address, threaded to their latest message.
    public static func mail(for c: Case, text: String, settings: ReplySettings, now: Date, random: inout RandomSource) -> MailMessage {
        let lastIn = c.messages.last { $0.direction == .inbound }
        let inbound = c.messages.filter { $0.direction == .inbound }.map(\.sourceId)
        let domain = settings.fromAddress.flatMap { $0.split(separator: "@").last.map(String.init) } ?? "kefu.local"
        return MailMessage(
            from: MailAddress(name: settings.storeName, address: settings.fromAddress ?? "kefu@localhost"),
            to: MailAddress(name: c.buyer.name, address: c.buyer.address ?? ""),
            subject: MailMessage.replySubject(lastIn?.subject, orderID: c.order?.id),
            date: now,
            messageID: MailMessage.newMessageID(caseID: c.id, at: now, domain: domain, random: random.next()),
            inReplyTo: lastIn?.sourceId,
            references: Array(inbound.suffix(10)),
            body: text,
            extraHeaders: [("X-Kefu-Case", c.id)])
    }

    /// Records the sent reply: an outbound message, the offers with their amounts, the case now waits on the
    /// buyer. `promise`: the time the reply promised to get back by (`Playbook.promiseDue`), a promise clock.
    /// `by`: the agent's id in team mode, so stats can say who answered.
    public static func apply(_ c: inout Case, mail: MailMessage, offers: [ChosenOffer], promise: Date? = nil, now: Date, by agent: String? = nil) {
        c.insertMessage(Message(sourceId: mail.messageID, direction: .outbound, at: now, subject: mail.subject, body: mail.body,
                                attachments: mail.attachments.map(\.summary)))
        if !offers.isEmpty {
            let amounts = offers.compactMap(\.amount)
            c.events.append(CaseEvent(.offerChosen, at: now, offers: offers.map(\.id), amounts: amounts.isEmpty ? nil : amounts))
        }
        c.events.append(CaseEvent(.replied, at: now, messageId: mail.messageID, by: agent))
        if let until = promise, until > now {
            c.events.append(CaseEvent(.promised, at: now, text: "promised in the reply", until: until))
        }
        c.setStatus(.waitingBuyer, at: now)
        c.updatedAt = now
    }
}
