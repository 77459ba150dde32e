import Foundation
import Testing
import KefuApp
@testable import KefuInbox
@testable import KefuMail
@testable import KefuStore
@testable import KefuConfig

/// The outbox list (U) through the real runtime: a reply that failed to leave is edited (the same
/// outbox file, rewritten) or cancelled (the file gone, the case needing a reply), on disk too.
@Suite(.serialized) struct OutboxEditDriverTests {
    static func files(_ dir: String) -> [String] { RuntimeDriverTests.files(dir) }

    /// A reply queued with a mail command that always fails (the retry waits a minute on the test clock).
    func failedReply() throws -> (InboxDriver, String) {
        // Sent at once (no undo grace period), so the failure comes without moving the clock.
        var reply = ReplySettings()
        reply.storeName = "Lumen Home"; reply.fromAddress = "support@lumen-home.example"; reply.agentName = "Alex"; reply.undoSeconds = 0
        let d = try InboxDriver(reply: reply, services: { s, dir in
            s.delivery = MailDelivery(storeDirectory: dir + "/store", command: "echo 'cannot connect' >&2; exit 75", timeout: 10)
        })
        d.press(.moveDown)
        let id = try #require(d.state.selectedID)
        d.press(.offer1)
        d.press(.confirm)
        d.waitUntil("the failed delivery") { $0.state.outbox.first?.state.lastError != nil }
        return (d, id)
    }

    @Test func editingAQueuedReplyRewritesTheSameOutboxFile() throws {
        let (d, id) = try failedReply()
        let outbox = d.directory + "/store/outbox"
        let before = Self.files(outbox)
        #expect(before.count == 1)
        #expect(d.screen.contains("✗ not sent") || d.state.detail(d.state.cases[id]!, width: 100).thread.contains { $0.text.contains("✗ not sent") })
        d.press(.outbox)
        d.press(.editQueued)
        guard case .composer(let cs) = d.state.overlay else { Issue.record("no composer:\n\(d.screen)"); return }
        #expect(cs.requeue != nil)
        // Held while edited: the delivery thread passes over it even when its retry comes due.
        let delivery = MailDelivery(storeDirectory: d.directory + "/store", command: "false", timeout: 1)
        d.waitUntil("the hold") { _ in (try? delivery.list().first?.state.editingSince) != nil }
        let due = try #require(try delivery.list().first?.state.nextAttemptAt)
        #expect(try delivery.claim(now: due.addingTimeInterval(1), force: false) == nil)
        d.type("EDITED ")
        d.press(.confirm)
        if d.screen.contains("again sends anyway") { d.press(.confirm) }
        d.waitUntil("the edit to be saved") { $0.screen.contains("\(id): queued reply replaced") }
        let after = Self.files(outbox)
        #expect(after == before, "one outbox item, the same file")
        let eml = try String(contentsOfFile: outbox + "/" + after[0], encoding: .utf8)
        #expect(eml.contains("EDITED "))
        let stored = try #require(try d.reopenedStore().cases[id])
        let replies = stored.messages.filter { $0.direction == .outbound }
        #expect(replies.count == 1 && replies[0].body.hasPrefix("EDITED "))
        #expect(eml.contains(replies[0].sourceId))
        // Tried afresh at once (the test's command fails again): one attempt since the edit, no longer held.
        let state = try #require(try delivery.list().first?.state)
        #expect(state.editingSince == nil && state.attempts <= 1)
        d.runtime.shutdown()
    }

    @Test func cancellingAQueuedReplyEmptiesTheOutboxAndTheCaseNeedsAReply() throws {
        let (d, id) = try failedReply()
        let outbox = d.directory + "/store/outbox"
        d.press(.outbox)
        d.press(.cancelQueued)
        d.press(.cancelQueued)
        d.waitUntil("the cancel") { $0.screen.contains("\(id): reply cancelled") }
        d.waitUntil("the outbox to empty") { _ in Self.files(outbox).isEmpty }
        let stored = try #require(try d.reopenedStore().cases[id])
        #expect(stored.status == .needsReply && !stored.messages.contains { $0.direction == .outbound && $0.at >= InboxDriver.start })
        #expect(d.state.visible.contains { $0.item.id == id })
        d.runtime.shutdown()
    }
}
