import Foundation
import KefuModel
import KefuMail

/// `u`: the last change taken back, as an event (see `UndoStep`); a reply in its grace period back
/// into the composer.
extension InboxUpdate {
    /// Keeps `changes` as the step `u` takes back next and says so on the status line.
    static func remember(_ s: inout InboxState, _ what: String, _ changes: [UndoStep.Change],
                         reply: UndoStep.Reply? = nil, marks: Set<String> = []) {
        s.undoSteps.append(UndoStep(what: what, changes: changes, reply: reply, marks: marks))
        if s.undoSteps.count > UndoStep.limit { s.undoSteps.removeFirst() }
        if reply == nil, let line = s.statusLine { s.statusLine = (line.text + " · \(undoKey(s)) to undo", line.isError) }
    }

    /// A change the store refused never happened: the newest step on case `id` goes.
    static func forgetUndo(_ s: inout InboxState, _ id: String) {
        if let i = s.undoSteps.lastIndex(where: { $0.changes.contains { $0.after.id == id } }) { s.undoSteps.remove(at: i) }
    }

    static func undoKey(_ s: InboxState) -> String { keyName(s, .undo, in: .queue) }

    static func undo(_ s: inout InboxState) -> [InboxEffect] {
        guard let step = s.undoSteps.popLast() else { s.statusLine = ("Nothing to undo", false); return [] }
        if let reply = step.reply { return takeBack(&s, step, reply) }
        for ch in step.changes {
            if let why = ch.newer(than: s.cases[ch.after.id]) {
                s.statusLine = ("Not undone: \(ch.after.id) \(why) — “\(step.what)” cannot be taken back", true)
                return []
            }
        }
        var effects: [InboxEffect] = []
        for ch in step.changes {
            guard let current = s.cases[ch.after.id] else { continue }
            var back = ch.reverted(current, what: step.what, at: s.now)
            guard back != current else { continue }
            signEvents(&back, since: current.events.count, s)
            commit(&s, back, "")
            effects.append(.save(back, previous: current))
        }
        if !step.marks.isEmpty { s.marked = step.marks.filter { s.cases[$0] != nil } }
        // One case back: the cursor goes to it, where the agent can see what came back.
        if step.changes.count == 1, let id = step.changes.first?.after.id, id != s.selectedID, s.visible.contains(where: { $0.item.id == id }) {
            s.selectedID = id
            s.threadScroll = 0
            keepSelection(&s)
        }
        s.statusLine = ("Undone: \(step.what)", false)
        return effects
    }

    /// Undo send: within the grace period the runtime takes the reply out of the outbox (unless a
    /// delivery claimed it that instant) and saves the case without it; `.replyTakenBack` then opens
    /// the composer with the text as it was sent.
    static func takeBack(_ s: inout InboxState, _ step: UndoStep, _ reply: UndoStep.Reply) -> [InboxEffect] {
        guard let ch = step.changes.first else { return [] }
        let id = ch.after.id
        guard s.now < reply.sendAfter else {
            s.statusLine = ("\(id): the reply is already on its way — it cannot be taken back", true)
            return []
        }
        if let why = ch.newer(than: s.cases[id]) {
            s.statusLine = ("Not taken back: \(id) \(why); the reply goes as queued", true)
            return []
        }
        guard let current = s.cases[id] else { return [] }
        var back = ch.reverted(current, what: step.what, at: s.now, dropping: reply.mail.messageID)
        signEvents(&back, since: current.events.count, s)
        s.statusLine = ("\(id): taking the reply back…", false)
        return [.takeBackReply(messageID: reply.mail.messageID, restored: back, current: current, composer: reply.composer)]
    }

    static func replyTakenBack(_ s: inout InboxState, _ c: Case, _ composer: ComposerState) -> [InboxEffect] {
        putCases(&s, [(c.id, c)])
        if s.visible.contains(where: { $0.item.id == c.id }) { s.selectedID = c.id; keepSelection(&s) }
        var cs = composer
        cs.pending = nil
        cs.relint(c)
        cs.keepCursorVisible(composerLayout(s, cs))
        s.overlay = .composer(cs)
        s.focus = .detail
        s.statusLine = ("\(c.id): reply taken back, not sent — edit it, or \(keyName(s, .cancel)) to discard it", false)
        return []
    }

    /// The reply step just sent: "sending in N s — u to undo" while its grace period runs.
    static func sendingLine(_ id: String, _ reply: UndoStep.Reply, _ s: InboxState, at now: Date) -> String {
        let left = Int(reply.sendAfter.timeIntervalSince(now).rounded(.up))
        return left > 0 ? "\(id): reply queued — sending in \(left) s — \(undoKey(s)) to undo" : "\(id): reply queued; waiting for the buyer"
    }

    /// On the tick: the countdown on the status line, and the deliverer told when a grace period ends.
    static func replyGrace(_ s: inout InboxState, since before: Date) -> [InboxEffect] {
        var effects: [InboxEffect] = []
        for i in s.undoSteps.indices {
            guard var reply = s.undoSteps[i].reply, !reply.released, let id = s.undoSteps[i].changes.first?.after.id else { continue }
            // The countdown stays in view: it comes back once another key's message is gone.
            if s.statusLine == nil || s.statusLine?.text == sendingLine(id, reply, s, at: before) {
                s.statusLine = (sendingLine(id, reply, s, at: s.now), false)
            }
            if s.now >= reply.sendAfter {
                reply.released = true
                s.undoSteps[i].reply = reply
                effects.append(.deliverDue)
            }
        }
        return effects
    }
}

extension InboxUpdate {
    /// A reply just queued: `u` takes it back until its grace period ends (none: `u` says it left).
    static func rememberReply(_ s: inout InboxState, _ mail: MailMessage, _ cs: ComposerState, _ change: UndoStep.Change) {
        let sendAfter = s.replySettings.sendAfter(mail.date) ?? mail.date
        var cs = cs
        cs.pending = nil
        let reply = UndoStep.Reply(mail: mail, composer: cs, sendAfter: sendAfter, released: sendAfter <= s.now)
        remember(&s, "\(change.after.id): reply", [change], reply: reply)
        if !reply.released { s.statusLine = (sendingLine(change.after.id, reply, s, at: s.now), false) }
    }
}
