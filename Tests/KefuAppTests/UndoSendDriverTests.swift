import Foundation
import Testing
import KefuApp
@testable import KefuInbox
@testable import KefuMail
@testable import KefuStore
@testable import KefuConfig

/// Undo send, driven as an agent does it: a queued reply waits `[reply] undo-seconds` (10 s by
/// default, logic time) before the delivery thread may send it; `u` in that window takes it back.
@Suite(.serialized) struct UndoSendDriverTests {
    func driver() throws -> InboxDriver {
        try InboxDriver(services: { s, dir in
            s.delivery = MailDelivery(storeDirectory: dir + "/store", command: "cat > \(dir)/mta.eml", timeout: 60)
        })
    }

    /// Sends offer 1 of the second case; returns its id and the reply's text.
    func send(_ d: InboxDriver) throws -> (id: String, text: String) {
        d.press(.moveDown)
        let id = try #require(d.state.selectedID)
        d.press(.offer1)
        guard case .composer(let cs) = d.state.overlay else { Issue.record("no composer:\n\(d.screen)"); return (id, "") }
        d.press(.confirm)
        d.waitUntil("\(id) to be queued") { $0.screen.contains("\(id): reply queued — sending in 10 s — u to undo") }
        return (id, cs.editor.text)
    }

    @Test func uWithinTheGracePeriodTakesTheReplyBackAndItNeverReachesTheMailCommand() throws {
        let d = try driver()
        let (id, text) = try send(d)
        let outbox = d.directory + "/store/outbox"
        #expect(RuntimeDriverTests.files(outbox).count == 1)
        // The not-before time is on the outbox item itself, for a restart or `kefu outbox` too.
        let queued = try #require(try MailDelivery(storeDirectory: d.directory + "/store", command: "", timeout: 1).list().first)
        #expect(queued.state.notBefore == InboxDriver.start.addingTimeInterval(10))
        d.clock.advance(3)
        d.waitUntil("the countdown") { $0.screen.contains("\(id): reply queued — sending in 7 s — u to undo") }
        d.press(.undo)
        d.waitUntil("the composer back") { if case .composer = $0.state.overlay { return true }; return false }
        guard case .composer(let back) = d.state.overlay else { return }
        #expect(back.editor.text == text && back.caseID == id)
        #expect(d.screen.contains("reply taken back, not sent"))
        #expect(RuntimeDriverTests.files(outbox).isEmpty)
        // Long after the grace period, the delivery thread has had its chance: nothing was sent.
        d.clock.advance(60)
        d.waitUntil("a tick") { $0.state.now >= InboxDriver.start.addingTimeInterval(63) }
        Thread.sleep(forTimeInterval: 0.5)
        #expect(!FileManager.default.fileExists(atPath: d.directory + "/mta.eml"), "the taken-back reply reached the mail command")
        d.runtime.shutdown()
        let stored = try #require(try d.reopenedStore().cases[id])
        #expect(stored.status == .needsReply && stored.events.last?.type == .undone)
        #expect(!stored.liveEvents.contains { $0.type == .replied }, "the reply that never left is taken back in the history")
    }

    @Test func afterTheGracePeriodTheReplyIsDeliveredAndUSaysItIsOnItsWay() throws {
        let d = try driver()
        let (id, _) = try send(d)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!FileManager.default.fileExists(atPath: d.directory + "/mta.eml"), "sent inside the grace period")
        d.clock.advance(10)
        d.waitUntil("the delivery") { $0.screen.contains("1 reply delivered") }
        let sent = try String(contentsOfFile: d.directory + "/mta.eml", encoding: .utf8)
        #expect(sent.contains("X-Kefu-Case: \(id)"))
        d.press(.undo)
        #expect(d.state.statusLine?.text == "\(id): the reply is already on its way — it cannot be taken back")
        #expect(d.state.cases[id]?.events.last?.type == .delivered)
        d.runtime.shutdown()
    }
}
