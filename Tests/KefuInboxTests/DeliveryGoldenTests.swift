import Foundation
import Testing
@testable import KefuInbox
@testable import KefuMail
@testable import KefuModel

/// Goldens of the delivery states in the thread, the no-response-needed state with Amazon's
/// reminder, and the history after the thread.
extension GoldenTests {
    @Test func anUndeliveredReplyOnScreen() throws {
        var s = fixtureState(width: 120, height: 40)
        var st = DeliveryState()
        st.attempts = 2; st.lastError = "msmtp -t: exit 75: \u{1B}]0;pwned\u{07}cannot connect to smtp.example:587"
        let q = QueuedReply(path: "/s/outbox/x.eml", messageID: "K-1005-2", caseID: "K-1005", to: "b1005@marketplace.amazon.de",
                            subject: "Re: x", queuedAt: hoursAgo(15), state: st)
        _ = InboxUpdate.update(&s, .deliveryReport(outcomes: [], queued: [q]))
        _ = apply(&s, .first, .openDetail)   // K-1005: first now, by its deadline
        #expect(s.selectedID == "K-1005")
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        try check("undelivered-120x40", screen)
    }

    @Test func noResponseNeededAndHistoryOnScreen() throws {
        var s = fixtureState(width: 120, height: 40)
        s.replySettings.agentName = "Lin"
        _ = apply(&s, .addNote)
        _ = InboxUpdate.update(&s, .insert("Buyer called: all fine"))
        _ = apply(&s, .confirm, .noResponseNeeded, .filterWaiting)
        _ = apply(&s, .moveDown, .openDetail, .toggleHistory)
        #expect(s.selectedID == "K-1001")
        let screen = InboxRender.render(s)
        assertGeometry(screen)
        try check("no-response-history-120x40", screen)
    }
}
