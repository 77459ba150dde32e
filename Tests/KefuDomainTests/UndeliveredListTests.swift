import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuMail
@testable import KefuConfig
@testable import KefuPlaybook

/// `kefu list` agrees with the inbox: a case whose reply failed to leave needs a reply, by its deadline.
@Suite struct UndeliveredListTests {
    @Test func aCaseWhoseReplyFailedIsListedAsNeedingAReplyAndOverdue() throws {
        let dir = tempDir("kefu-undelivered")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var c = sampleCase("K-1001", inboundHoursAgo: [30])
        var random = RandomSource(seed: 1)
        var settings = ReplySettings(); settings.storeName = "Lumen"; settings.fromAddress = "support@lumen.example"
        let mail = ReplyRecord.mail(for: c, text: "Wir kümmern uns.", settings: settings, now: t0.addingTimeInterval(-15 * 3600), random: &random)
        ReplyRecord.apply(&c, mail: mail, offers: [], now: t0.addingTimeInterval(-15 * 3600))
        let store = try CaseStore.open(dir, now: t0)
        try store.save([c])
        store.close(now: t0)
        func row() throws -> [String: Any] {
            let list = try run("kefu", ["list", "--store", dir, "--json"])
            #expect(list.status == 0, "\(list.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            return try #require(rows.first { $0["id"] as? String == "K-1001" })
        }
        // Delivered (nothing in the outbox): answered 15 h after the buyer wrote, waiting on them.
        #expect(try row()["status"] as? String == "waiting-buyer" && row()["overdue"] as? Bool == false)
        // The same reply failed to leave: still no answer, 6 h past its 24 h deadline.
        try Outbox(storeDirectory: dir).enqueue(mail)
        let d = MailDelivery(storeDirectory: dir, command: "false", timeout: 5)
        _ = try d.deliverDue(force: true, clock: .fixed(t0))
        let r = try row()
        #expect(r["status"] as? String == "needs-reply" && r["overdue"] as? Bool == true && r["clock"] as? String == "reply")
    }
}
