import Foundation
import Testing
@testable import KefuInbox
@testable import KefuMail
@testable import KefuModel

/// A reply that has not left is no answer: the thread says where each reply is, the case counts as
/// needing a reply by its own deadline, and the outbox list (U) edits or cancels a queued reply.
@Suite struct OutboxEditTests {
    /// Fixture K-1005's reply (`K-1005-2`, written 15 h ago to a message 30 h old) still in the outbox.
    func queued(error: String? = nil, queuedAt: Date = hoursAgo(15)) -> QueuedReply {
        var st = DeliveryState()
        if let error { st.lastError = error; st.attempts = 1; st.nextAttemptAt = t0.addingTimeInterval(60) }
        return QueuedReply(path: "/s/outbox/x.eml", messageID: "K-1005-2", caseID: "K-1005", to: "b1005@marketplace.amazon.de",
                           subject: "Re: x", queuedAt: queuedAt, state: st)
    }

    func state(_ replies: [QueuedReply]) -> InboxState {
        var s = fixtureState()
        s.replySettings.storeName = "Lumen Home"; s.replySettings.agentName = "Lin"; s.replySettings.fromAddress = "support@lumen.example"
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [], queued: replies))
        return s
    }

    func thread(_ s: InboxState, _ id: String = "K-1005") -> String {
        s.detail(s.cases[id]!, width: 100).thread.map(\.text).joined(separator: "\n")
    }

    @Test func theThreadShowsQueuedFailedAndSent() {
        var s = state([queued(queuedAt: t0.addingTimeInterval(-60))])
        #expect(thread(s).contains("⧗ queued \(LocalTime.stamp(t0.addingTimeInterval(-60), in: utc)), not delivered yet"))
        // The error comes from a mail command: shown, with its control characters neutralised.
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [], queued: [queued(error: "msmtp: \u{1B}[2Jcannot connect\u{07}")]))
        let failed = thread(s)
        #expect(failed.contains("✗ not sent: msmtp:") && failed.contains("cannot connect"))
        #expect(!failed.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [.delivered(caseID: "K-1005", messageID: "K-1005-2", at: t0)], queued: []))
        #expect(thread(s).contains("✓ sent \(LocalTime.stamp(t0, in: utc))"))
        #expect(!thread(s).contains("not sent"))
    }

    @Test func anUndeliveredReplyIsOverdueInTheHeaderAndOrderedByItsDeadline() {
        let before = state([])
        #expect(before.counts.overdue == 1 && before.visible.last?.item.id != "K-1005")
        let s = state([queued(error: "msmtp: exit 75")])
        // Due 6 h ago (30 h old message, 24 h clock): the most overdue case, first in the queue.
        #expect(s.counts.overdue == 2 && s.counts.needsReply == before.counts.needsReply + 1)
        #expect(s.visible.first?.item.id == "K-1005")
        #expect(s.visible.first?.clock?.kind == .reply && s.visible.first?.clock?.state == .running)
        var o = s
        _ = apply(&o, .filterOverdue)
        #expect(o.visible.map(\.item.id).contains("K-1005"))
        #expect(InboxRender.render(s).text.contains("overdue 2"))
    }

    @Test func theReplyClockIsNotMetUntilDelivered() {
        var c = fixtureCases()[4]
        // Queued a minute ago and not late yet: the case still waits on the buyer, but no clock says "met".
        let fresh = QueueEntry(c, at: t0, undelivered: ["K-1005-2"])
        #expect(fresh.status == .waitingBuyer && fresh.clock?.state == .running)
        #expect(Clocks.all(c, at: t0, undelivered: ["K-1005-2"]).first { $0.kind == .reply }?.state == .running)
        // Delivered now, six hours after the deadline: breached, not met.
        c.recordDelivered(messageID: "K-1005-2", at: t0)
        #expect(Clocks.all(c, at: t0).first { $0.kind == .reply }?.state == .breached)
        let s = state([queued(queuedAt: t0.addingTimeInterval(-60))])
        let lines = s.detail(s.cases["K-1005"]!, width: 100).facts.map(\.text).joined(separator: "\n")
        #expect(lines.contains("Reply: 6h 00m late") && !lines.contains("met"))
    }

    @Test func editingAQueuedReplyReplacesTheSameOutboxItem() throws {
        var s = state([queued(error: "msmtp: exit 75")])
        _ = apply(&s, .outbox)
        #expect(apply(&s, .editQueued) == [.holdQueued(messageID: "K-1005-2", since: t0)], "held from delivery while edited")
        guard case .composer(let cs) = s.overlay else { Issue.record("no composer"); return }
        #expect(cs.requeue == QueuedEdit(messageID: "K-1005-2") && cs.editor.text == "We are on it." && s.selectedID == "K-1005")
        _ = InboxUpdate.update(&s, .insert("Update on order 302-0001005-1234567: "))   // the lint wants the order id
        var blocked = s
        #expect(apply(&blocked, .deleteLine, .confirm).isEmpty, "the lint applies to an edited reply too")
        let before = s.cases["K-1005"]!
        var effects = apply(&s, .confirm)
        if effects.isEmpty { effects = apply(&s, .confirm) }   // a lint warning asks for a second press
        #expect(effects.count == 1, "\(String(describing: s.statusLine))")
        guard case .requeueReply(let mail, let c, let previous, _) = try #require(effects.first) else {
            Issue.record("expected a requeue, got \(effects)"); return
        }
        #expect(mail.messageID == "K-1005-2" && mail.body.hasPrefix("Update on order 302-0001005-1234567: We are on it.") && previous == before)
        #expect(mail.date == hoursAgo(15))   // the same date, so the same outbox file name
        #expect(c.messages.count == before.messages.count)
        #expect(c.messages.first { $0.sourceId == "K-1005-2" }?.body == mail.body)
        #expect(c.events.last?.type == .replyEdited && s.cases["K-1005"] == c)
        #expect(s.overlay == .none && s.statusLine?.text == "K-1005: queued reply replaced")
    }

    @Test func discardingTheEditReleasesTheQueuedReply() {
        var s = state([queued(error: "msmtp: exit 75")])
        _ = apply(&s, .outbox, .editQueued)
        #expect(apply(&s, .cancel) == [.holdQueued(messageID: "K-1005-2", since: nil)])
        #expect(s.overlay == .none && s.statusLine?.text == "Edit discarded: the queued reply goes as it was")
        #expect(s.cases["K-1005"]?.messages.last?.body == "We are on it.")
    }

    @Test func cancellingAQueuedReplyAsksThenTheCaseNeedsAReply() throws {
        var s = state([queued(error: "msmtp: exit 75")])
        _ = apply(&s, .outbox)
        #expect(apply(&s, .cancelQueued).isEmpty)   // asks first
        #expect(s.statusLine?.isError == true && s.statusLine?.text.contains("again cancels") == true)
        #expect(s.cases["K-1005"]?.messages.count == 2)
        let before = s.cases["K-1005"]!
        let effects = apply(&s, .cancelQueued)
        let c = try #require(s.cases["K-1005"])
        #expect(effects == [.cancelQueued(messageID: "K-1005-2", c, previous: before)])
        #expect(c.status == .needsReply && !c.messages.contains { $0.sourceId == "K-1005-2" })
        #expect(c.events.last { $0.type == .replyCancelled }?.messageId == "K-1005-2")
        #expect(s.overlay == .none)
    }
}
