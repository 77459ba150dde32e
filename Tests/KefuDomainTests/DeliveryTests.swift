import Foundation
import Testing
@testable import KefuMail
@testable import KefuConfig
@testable import KefuPlaybook
import KefuBase

/// Delivery through a real shell command: success moves the reply to sent/, failure keeps it with
/// the error and a backoff, a hung command is killed, an interrupted attempt is held.
@Suite struct DeliveryTests {
    let dir = tempDir("kefu-delivery")

    func queue(_ n: Int = 1) throws -> [MailMessage] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var random = RandomSource(seed: 1)
        return try (0..<n).map { i in
            let m = ReplyRecord.mail(for: sampleCase("K-\(1001 + i)"), text: "Grüße aus Köln \(i)", settings: {
                var s = ReplySettings(); s.storeName = "Lumen"; s.fromAddress = "support@lumen.example"; return s
            }(), now: t0.addingTimeInterval(Double(i)), random: &random)
            try Outbox(storeDirectory: dir).enqueue(m)
            return m
        }
    }

    func delivery(_ command: String, timeout: TimeInterval = 10) -> MailDelivery {
        MailDelivery(storeDirectory: dir, command: command, timeout: timeout)
    }

    @Test func successMovesTheReplyToSentOnce() throws {
        let m = try queue()[0]
        let queuedBytes = try Data(contentsOf: URL(fileURLWithPath: try Outbox(storeDirectory: dir).queued()[0]))
        let d = delivery("cat >> '\(dir)/received'")
        let outcomes = try d.deliverDue(force: false, clock: .fixed(t0))
        #expect(outcomes == [.delivered(caseID: "K-1001", messageID: m.messageID, at: t0)])
        #expect(try d.list().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/sent").count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/received")) == queuedBytes, "the command got the file as queued")
        #expect(try d.deliverDue(force: true, clock: .fixed(t0)).isEmpty, "nothing left to send twice")
    }

    @Test func failureKeepsItQueuedWithBackoff() throws {
        _ = try queue()
        let d = delivery("echo 'msmtp: cannot connect to 127.0.0.1, port 2525' >&2; exit 69")
        var now = t0
        var waits: [TimeInterval] = []
        for _ in 0..<5 {
            guard case .failed(_, _, let error, let next)? = try d.deliverDue(force: false, clock: .fixed(now)).first else {
                Issue.record("no failure at \(now)"); return
            }
            #expect(error.hasSuffix("exit 69: msmtp: cannot connect to 127.0.0.1, port 2525"))
            waits.append(next.timeIntervalSince(now))
            #expect(try d.deliverDue(force: false, clock: .fixed(next.addingTimeInterval(-1))).isEmpty, "not before its time")
            now = next
        }
        #expect(waits == [60, 300, 900, 3600, 3600])
        let q = try #require(try d.list().first)
        #expect(q.state.attempts == 5 && q.caseID == "K-1001" && q.to.contains("abc@marketplace.amazon.de"))
        #expect(q.isLate(at: now))
        // The server is back: a forced retry delivers it.
        let ok = delivery("cat > /dev/null")
        #expect(try ok.deliverDue(force: true, clock: .fixed(now)).count == 1)
        #expect(try ok.list().isEmpty)
    }

    @Test func aHungCommandIsKilledWithItsChildren() throws {
        _ = try queue()
        let d = delivery("sleep 30 & sleep 30", timeout: 0.5)
        let start = ProcessInfo.processInfo.systemUptime
        let outcome = try d.deliverDue(force: false, clock: .fixed(t0)).first
        #expect(ProcessInfo.processInfo.systemUptime - start < 5)
        guard case .failed(_, _, let error, _)? = outcome else { Issue.record("not a failure: \(String(describing: outcome))"); return }
        #expect(error.contains("timed out"))
        #expect(try d.list().count == 1)
    }

    @Test func anInterruptedAttemptIsHeldUntilAnExplicitRetry() throws {
        _ = try queue(2)
        let d = delivery("cat > /dev/null")
        // Claimed, then kefu "crashed" before the command finished.
        let claimed = try #require(try d.claim(now: t0, force: false))
        #expect(claimed.caseID == "K-1001")
        let reread = try d.list()
        #expect(reread[0].state.inFlight && reread[0].isLate(at: t0))
        let automatic = try d.deliverDue(force: false, clock: .fixed(t0.addingTimeInterval(3600)))
        #expect(automatic.count == 1, "only the other reply goes; the held one may have left already")
        #expect(try d.list().map(\.caseID) == ["K-1001"])
        #expect(try d.deliverDue(force: true, clock: .fixed(t0)).count == 1)
        #expect(try d.list().isEmpty)
    }

    @Test func queuedTimeComesFromTheFileName() throws {
        let m = try queue()[0]
        #expect(try delivery("true").list().first?.queuedAt == m.date)
        #expect(MailDelivery.iso("20261121T100000") == "2026-11-21T10:00:00Z")
        #expect(MailDelivery.iso("2026112XT100000") == nil)
    }
}
