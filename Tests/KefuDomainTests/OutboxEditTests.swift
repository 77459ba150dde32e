import Foundation
import Testing
@testable import KefuMail
@testable import KefuConfig
@testable import KefuPlaybook
import KefuBase

/// A waiting reply changed in the outbox: replaced in its own file, withdrawn, or held while it is
/// edited; one being delivered is never touched.
@Suite struct OutboxFileEditTests {
    let dir = tempDir("kefu-outbox-edit")

    func queued(_ text: String = "Grüße aus Köln") throws -> (MailMessage, MailDelivery) {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var random = RandomSource(seed: 1)
        var settings = ReplySettings(); settings.storeName = "Lumen"; settings.fromAddress = "support@lumen.example"
        let m = ReplyRecord.mail(for: sampleCase("K-1001"), text: text, settings: settings, now: t0, random: &random)
        try Outbox(storeDirectory: dir).enqueue(m)
        return (m, MailDelivery(storeDirectory: dir, command: "false", timeout: 5))
    }

    @Test func replacingKeepsOneFileAndRestoreUndoesIt() throws {
        var (m, d) = try queued()
        let path = try #require(try d.list().first?.path)
        m.body = "Neuer Text"
        let old = try d.replace(with: m)
        #expect(try d.list().map(\.path) == [path], "the same file, no second reply")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Neuer Text"))
        try d.restore(old)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Gr=C3=BC=C3=9Fe") || (try String(contentsOfFile: path, encoding: .utf8)).contains("Grüße"))
    }

    @Test func aHeldReplyIsPassedOverUntilReleasedOrRetried() throws {
        let (m, d) = try queued()
        try d.holdForEdit(messageID: m.messageID, since: t0)
        #expect(try d.claim(now: t0.addingTimeInterval(3600), force: false) == nil)
        try d.holdForEdit(messageID: m.messageID, since: nil)
        #expect(try d.claim(now: t0, force: false)?.messageID == m.messageID)
    }

    @Test func aReplyBeingDeliveredCannotBeChanged() throws {
        let (m, d) = try queued()
        _ = try d.claim(now: t0, force: false)   // in flight now
        #expect(throws: KefuError.self) { try d.withdraw(messageID: m.messageID) }
        #expect(throws: KefuError.self) { try d.holdForEdit(messageID: m.messageID, since: t0) }
        #expect(try d.list().count == 1)
        #expect(throws: KefuError.self) { try d.withdraw(messageID: "<nope@x>") }
    }

    @Test func withdrawingRemovesTheFileAndItsState() throws {
        let (m, d) = try queued()
        _ = try d.deliverDue(force: false, clock: .fixed(t0))   // fails: a state file beside it
        #expect(try d.list().first?.state.lastError != nil)
        _ = try d.withdraw(messageID: m.messageID)
        #expect(try d.list().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/outbox").isEmpty)
    }
}
