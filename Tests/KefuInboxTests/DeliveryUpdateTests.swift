import Foundation
import Testing
@testable import KefuInbox
@testable import KefuMail

/// The inbox's side of delivery: what the delivery thread reports reaches the header, the queue
/// and the cases.
@Suite struct DeliveryUpdateTests {
    func queued(_ caseID: String, queuedAt: Date, error: String? = nil) -> QueuedReply {
        var st = DeliveryState()
        st.lastError = error
        if error != nil { st.attempts = 1; st.nextAttemptAt = queuedAt.addingTimeInterval(60) }
        return QueuedReply(path: "/s/outbox/x.eml", messageID: "m-\(caseID)", caseID: caseID, to: "b@marketplace.amazon.de",
                           subject: "Re: x", queuedAt: queuedAt, state: st)
    }

    @Test func aReplyNotSentForTenMinutesIsNoAnswer() {
        var s = fixtureState()
        // K-1005 waits on the buyer; its reply was queued 11 minutes ago and has not left.
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [], queued: [queued("K-1005", queuedAt: t0.addingTimeInterval(-660))]))
        #expect(s.counts.notSent == 1)
        #expect(s.visible.contains { $0.item.id == "K-1005" }, "back in the needs-reply queue")
        let screen = InboxRender.render(s).text
        #expect(screen.contains("⚠ 1 reply not sent (U)"))
        #expect(screen.contains("! not sent"))
        _ = apply(&s, .last)   // K-1005 sorts last: its clock is met
        #expect(InboxRender.render(s).text.contains("⚠ Reply not sent — queued since"))
        // Five minutes old and no error: still on its way, nothing to warn about.
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [], queued: [queued("K-1005", queuedAt: t0.addingTimeInterval(-300))]))
        #expect(s.counts.notSent == 0 && !s.visible.contains { $0.item.id == "K-1005" })
        // …until the clock passes ten minutes.
        _ = InboxUpdate.update(&s, .tick(t0.addingTimeInterval(301)))
        #expect(s.counts.notSent == 1)
    }

    @Test func outboxMenuRetriesAndDeliveryIsRecorded() {
        var s = fixtureState()
        let q = queued("K-1005", queuedAt: t0, error: "msmtp -t: exit 75: msmtp: cannot connect")
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [.failed(caseID: "K-1005", messageID: q.messageID, error: q.state.lastError!, nextAttemptAt: t0.addingTimeInterval(60))], queued: [q]))
        #expect(s.statusLine?.isError == true && s.statusLine?.text.contains("cannot connect") == true)
        _ = apply(&s, .outbox)
        guard case .menu(let m) = s.overlay, case .outbox = m.purpose else { Issue.record("no outbox menu"); return }
        #expect(m.items.count == 1 && m.items[0].contains("cannot connect") && m.items[0].contains("tries 1"))
        #expect(apply(&s, .confirm) == [.retryDeliveries])
        let undelivered = s.cases["K-1005"]
        let effects = InboxUpdate.update(&s, .deliveryReport(outcomes: [.delivered(caseID: "K-1005", messageID: q.messageID, at: t0)], queued: []))
        #expect(s.cases["K-1005"]?.events.last?.type == .delivered)
        #expect(effects == [.save(s.cases["K-1005"]!, previous: undelivered)])
        #expect(s.counts.notSent == 0 && s.statusLine?.text == "1 reply delivered")
        _ = apply(&s, .outbox)
        #expect(s.overlay == .none && s.statusLine?.text.contains("empty") == true)
    }
}
