import Foundation
import KefuModel
import KefuMail
import KefuPlaybook

/// A reply being rewritten while it waits in the outbox: sending replaces that outbox item.
public struct QueuedEdit: Sendable, Equatable {
    public var messageID: String
}

/// The outbox list (`U`): show a queued reply's case, edit the reply (back into the composer;
/// sending replaces the same outbox item), or cancel it (the case needs a reply again).
extension InboxUpdate {
    static func outboxMenu(_ s: inout InboxState, _ a: KeyAction, _ m: Menu) -> [InboxEffect]? {
        guard m.selected < s.outbox.count else { return nil }
        let q = s.outbox[m.selected]
        switch a {
        case .openQueued:
            guard showCase(&s, of: q) != nil else { return [] }
            s.overlay = .none
            return []
        case .editQueued:
            guard requireWritable(&s), let (c, reply) = queuedReply(&s, q) else { return [] }
            guard reply.attachments?.isEmpty ?? true else {
                s.statusLine = ("\(c.id): a reply with attachments cannot be edited here: cancel it (\(keyName(s, .cancelQueued, in: .menu))) and write it again", true)
                return []
            }
            let language = composerFor(s)?.language(for: c) ?? c.buyer.language ?? "en"
            var cs = ComposerState(caseID: c.id, offers: [], language: language, text: reply.body)
            cs.requeue = QueuedEdit(messageID: q.messageID)
            cs.relint(c)
            cs.keepCursorVisible(composerLayout(s, cs))
            s.overlay = .composer(cs)
            s.focus = .detail
            s.statusLine = ("Editing the queued reply (held meanwhile): \(keyName(s, .confirm)) replaces it in the outbox", false)
            return [.holdQueued(messageID: q.messageID, since: s.now)]
        case .cancelQueued:
            guard requireWritable(&s), let (c, reply) = queuedReply(&s, q) else { return [] }
            var m = m
            guard m.cancelAsked == m.selected else {
                m.cancelAsked = m.selected
                s.overlay = .menu(m)
                s.statusLine = ("Cancel \(c.id)'s reply? It never reaches the buyer. \(keyName(s, .cancelQueued, in: .menu)) again cancels it", true)
                return []
            }
            var changed = c
            changed.messages.removeAll { $0.direction == .outbound && $0.sourceId == reply.sourceId }
            changed.events.append(CaseEvent(.replyCancelled, at: s.now, messageId: reply.sourceId))
            if changed.status != .resolved { changed.setStatus(.needsReply, at: s.now) }
            signEvents(&changed, since: c.events.count, s)
            changed.updatedAt = s.now
            s.overlay = .none
            commit(&s, changed, "reply cancelled; the case needs a reply again")
            return [.cancelQueued(messageID: reply.sourceId, changed, previous: c)]
        default:
            return nil
        }
    }

    /// The edit of a queued reply discarded: the reply goes as it was.
    static func editGivenUp(_ s: inout InboxState, _ edit: QueuedEdit) -> [InboxEffect] {
        s.statusLine = ("Edit discarded: the queued reply goes as it was", false)
        return [.holdQueued(messageID: edit.messageID, since: nil)]
    }

    /// Selects the queued reply's case in the detail pane (showing every case if the filter hides it).
    @discardableResult
    static func showCase(_ s: inout InboxState, of q: QueuedReply) -> Case? {
        guard let id = q.caseID, let c = s.cases[id] else {
            s.statusLine = ("\(q.caseID ?? "This reply")'s case is not open in the inbox: see kefu outbox", true)
            return nil
        }
        if !s.visible.contains(where: { $0.item.id == id }) { setFilter(&s, .all) }
        s.selectedID = id
        s.focus = .detail
        s.threadScroll = 0
        keepSelection(&s)
        return c
    }

    /// The queued reply's case and its outbound message, shown; nil with the reason said.
    static func queuedReply(_ s: inout InboxState, _ q: QueuedReply) -> (Case, Message)? {
        guard !q.state.inFlight else {
            s.statusLine = ("This reply is held (kefu stopped mid-delivery): check the sent mail, then retry or cancel it with kefu outbox", true)
            return nil
        }
        guard let c = showCase(&s, of: q) else { return nil }
        guard let m = c.messages.first(where: { $0.direction == .outbound && $0.sourceId == q.messageID }) else {
            s.statusLine = ("\(c.id) does not record this reply: see kefu outbox", true)
            return nil
        }
        return (c, m)
    }

    /// Send from a composer editing a queued reply: the same checks as a new reply, then the same
    /// Message-ID, date and file with the new text; the case's message is rewritten in place.
    static func sendEdited(_ s: inout InboxState, _ cs: ComposerState) -> [InboxEffect] {
        guard let edit = cs.requeue, requireWritable(&s), let c = s.cases[cs.caseID],
              let i = c.messages.firstIndex(where: { $0.direction == .outbound && $0.sourceId == edit.messageID }) else {
            s.statusLine = ("Not sent: the reply being edited is no longer on its case", true)
            return []
        }
        var cs = cs
        guard gatePasses(&s, &cs, c) else { return [] }
        let original = c.messages[i]
        var mail = ReplyRecord.mail(for: c, text: cs.editor.text, settings: s.replySettings, now: original.at, random: &s.random)
        mail.messageID = edit.messageID
        mail.subject = original.subject ?? mail.subject
        var changed = c
        changed.messages[i].body = mail.body
        changed.events.append(CaseEvent(.replyEdited, at: s.now, messageId: edit.messageID))
        signEvents(&changed, since: c.events.count, s)
        changed.updatedAt = s.now
        s.overlay = .none
        commit(&s, changed, "queued reply replaced")
        return [.requeueReply(mail, changed, previous: c, composer: cs)]
    }
}
