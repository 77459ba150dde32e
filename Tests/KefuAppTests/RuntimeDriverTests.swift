import Foundation
import Testing
import KefuApp
@testable import KefuInbox
@testable import KefuMail
@testable import KefuStore
@testable import KefuImport
@testable import KefuConfig

/// The runtime driven in-process, as an agent drives the inbox: keys by their binding, the screen
/// read back, the store read from disk. Workers run on their real threads.
@Suite(.serialized) struct RuntimeDriverTests {
    static func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }

    @Test func aReplyGoesFromKeysToTheOutboxAndIsDeliveredOnScreen() throws {
        // The mail command waits for the test's go-ahead, so the queued file can be seen first.
        let d = try InboxDriver(services: { s, dir in
            s.delivery = MailDelivery(storeDirectory: dir + "/store",
                                      command: "while [ ! -e \(dir)/go ]; do sleep 0.02; done; cat > \(dir)/mta.eml", timeout: 60)
        })
        d.press(.moveDown)
        let id = try #require(d.state.selectedID)
        d.press(.offer1)
        #expect(d.screen.contains("Reply · \(id)"))
        d.press(.confirm)
        d.waitUntil("\(id) to be queued") { $0.screen.contains("\(id): reply queued") }
        let outbox = d.directory + "/store/outbox"
        let queued = Self.files(outbox)
        #expect(queued.count == 1)
        let eml = try String(contentsOfFile: outbox + "/" + queued[0], encoding: .utf8)
        #expect(eml.contains("X-Kefu-Case: \(id)"))
        // Written before the screen said so: the store on disk has the reply and the new status.
        let written = try #require(try d.reopenedStore().cases[id])
        #expect(written.status == .waitingBuyer && written.events.contains { $0.type == .replied })
        // The mail command runs on the delivery thread once the undo grace period is over; its report
        // comes back as an action.
        d.clock.advance(TimeInterval(ReplySettings().undoSeconds))
        FileManager.default.createFile(atPath: d.directory + "/go", contents: Data())
        d.waitUntil("the delivery report") { $0.screen.contains("1 reply delivered") }
        #expect(Self.files(outbox).isEmpty)
        let sent = try String(contentsOfFile: d.directory + "/mta.eml", encoding: .utf8)
        #expect(sent.contains("X-Kefu-Case: \(id)") && sent == eml)
        #expect(d.state.cases[id]?.events.last?.type == .delivered)
        #expect(d.runtime.handled.contains { if case .deliveryReport(let o, _) = $0 { return !o.isEmpty }; return false })
        d.runtime.shutdown()
        #expect(try d.reopenedStore().cases[id]?.events.last?.type == .delivered)
    }

    @Test func keysAreHandledWhileNewMailIsFiledOffTheUIThread() throws {
        let entered = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        var maildir = ""
        let d = try InboxDriver(wrap: { HookedStore($0, beforeHistory: { entered.signal(); release.wait() }) },
                                services: { s, dir in
            maildir = dir + "/Maildir"
            for sub in ["new", "cur", "tmp"] { try? FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true) }
            s.maildir = try? Maildir(path: maildir)
        })
        let before = d.state.cases.count
        let mail = "From: Ines Vogel <ines@example.de>\r\nTo: support@lumen-home.example\r\nSubject: Lampe\r\nMessage-ID: <driver-1@example.de>\r\nDate: Sat, 21 Nov 2026 09:58:00 +0000\r\n\r\nMeine Lampe ist nicht angekommen.\r\n"
        try mail.write(toFile: maildir + "/new/1700000000.driver.host", atomically: true, encoding: .utf8)
        // The intake thread has read the mail and is looking in the history (held there by the test) ...
        #expect(entered.wait(timeout: .now() + 10) == .success, "the watcher never picked up the mail")
        // ... while the agent types: every key is handled and drawn, nothing waits for the filing.
        d.press(.search)
        d.type("lampe")
        #expect(d.screen.contains("Search: lampe"))
        #expect(!d.runtime.handled.contains { if case .mailRead = $0 { return true }; return false })
        release.signal()
        d.waitUntil("the new mail to be filed") { $0.screen.contains("New mail: 1 message") }
        #expect(d.state.cases.count == before + 1)
        let filed = try #require(d.state.cases.values.first { $0.messages.contains { $0.sourceId.contains("driver-1@example.de") } })
        // Saved by an effect off the UI thread, and only then marked read.
        let seenPath = try MaildirSeen(storeDirectory: d.directory + "/store").path
        d.waitUntil("the files to be marked read") { _ in
            ((try? String(contentsOfFile: seenPath, encoding: .utf8)) ?? "").contains("1700000000.driver.host")
        }
        d.runtime.shutdown()
        #expect(try d.reopenedStore().cases[filed.id]?.messages.count == 1)
    }

    @Test func newMailShowsWhileItsWriteIsStillOnDiskAndIsMarkedReadOnlyAfter() throws {
        let writing = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        var maildir = ""
        var wrapped: HookedStore?
        let d = try InboxDriver(wrap: { let h = HookedStore($0); wrapped = h; return h }, services: { s, dir in
            maildir = dir + "/Maildir"
            for sub in ["new", "cur", "tmp"] { try? FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true) }
            s.maildir = try? Maildir(path: maildir)
        })
        let hooked = try #require(wrapped)
        // Held only off the loop's thread (a write on it would hold the test itself).
        let loop = Thread.current
        hooked.beforeSave = { if Thread.current != loop { writing.signal(); release.wait() } }
        let mail = "From: Ines Vogel <ines@example.de>\r\nSubject: Lampe\r\nMessage-ID: <driver-3@example.de>\r\nDate: Sat, 21 Nov 2026 09:58:00 +0000\r\n\r\nKaputt.\r\n"
        try mail.write(toFile: maildir + "/new/1700000002.driver.host", atomically: true, encoding: .utf8)
        d.waitUntil("the new mail on screen") { $0.screen.contains("New mail: 1 message") }
        #expect(writing.wait(timeout: .now() + 10) == .success, "the write never started")
        // The write is held on its thread: keys are still handled and drawn, and nothing is marked read.
        let first = d.state.selectedID
        d.press(.moveDown)
        #expect(d.state.selectedID != first)
        let seenPath = try MaildirSeen(storeDirectory: d.directory + "/store").path
        #expect(!((try? String(contentsOfFile: seenPath, encoding: .utf8)) ?? "").contains("1700000002.driver.host"))
        release.signal()
        d.waitUntil("the files to be marked read") { _ in
            ((try? String(contentsOfFile: seenPath, encoding: .utf8)) ?? "").contains("1700000002.driver.host")
        }
        hooked.beforeSave = {}
        d.runtime.shutdown()
    }

    @Test func newMailTheStoreRefusesLeavesTheScreenAndStaysUnread() throws {
        var hooked: HookedStore?
        var maildir = ""
        let d = try InboxDriver(wrap: { let h = HookedStore($0); h.refuseSaves = "refused by the test"; hooked = h; return h },
                                services: { s, dir in
            maildir = dir + "/Maildir"
            for sub in ["new", "cur", "tmp"] { try? FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true) }
            s.maildir = try? Maildir(path: maildir)
        })
        let before = d.state.cases.count
        let mail = "From: Ines Vogel <ines@example.de>\r\nSubject: Lampe\r\nMessage-ID: <driver-2@example.de>\r\nDate: Sat, 21 Nov 2026 09:58:00 +0000\r\n\r\nKaputt.\r\n"
        try mail.write(toFile: maildir + "/new/1700000001.driver.host", atomically: true, encoding: .utf8)
        d.waitUntil("the refused filing to be reported") { $0.screen.contains("New mail not saved") }
        #expect(d.state.cases.count == before)
        #expect(d.runtime.handled.contains { if case .mailNotFiled = $0 { return true }; return false })
        let seenPath = try MaildirSeen(storeDirectory: d.directory + "/store").path
        #expect(!((try? String(contentsOfFile: seenPath, encoding: .utf8)) ?? "").contains("1700000001.driver.host"))
        hooked?.refuseSaves = nil
        d.runtime.shutdown()
        #expect(try d.reopenedStore().cases.values.allSatisfy { !$0.messages.contains { $0.sourceId.contains("driver-2") } })
    }

    @Test func theWeeklyExportRunsOffTheUIThreadAndReportsBack() throws {
        let release = DispatchSemaphore(value: 0)
        let d = try InboxDriver(services: { s, dir in
            s.exportWeekly = { open, _ in
                release.wait()
                let path = dir + "/weekly.md"
                try "open cases: \(open.count)\n".write(toFile: path, atomically: true, encoding: .utf8)
                return path
            }
        })
        let first = d.state.selectedID
        d.press(.exportWeekly)
        // The export is still running: the inbox answers keys meanwhile.
        d.press(.moveDown)
        #expect(d.state.selectedID != first && !d.screen.contains("Weekly summary written"))
        release.signal()
        d.waitUntil("the export to finish") { $0.screen.contains("Weekly summary written to \(d.directory)/weekly.md") }
        #expect(try String(contentsOfFile: d.directory + "/weekly.md", encoding: .utf8) == "open cases: \(d.state.cases.count)\n")
        d.runtime.shutdown()
    }

    @Test func theRealWeeklyExportWritesIntoTheStore() throws {
        let d = try InboxDriver(services: { s, dir in
            let config = KefuConfig()
            s.exportWeekly = try! InboxServices.live(store: try! CaseStore.open(dir + "/store", mode: .readOnly, now: InboxDriver.start),
                                                     config: config, playbook: nil, environment: [:]).exportWeekly
        })
        d.press(.exportWeekly)
        d.waitUntil("the export to finish") { $0.screen.contains("Weekly summary written to") }
        let exports = d.directory + "/store/exports"
        let written = try FileManager.default.contentsOfDirectory(atPath: exports)
        #expect(written == ["kefu-weekly-2026-W46.md"])
        #expect(try String(contentsOfFile: exports + "/" + written[0], encoding: .utf8).contains("2026-W46"))
        d.runtime.shutdown()
    }

    @Test func aRefusedSaveRollsTheScreenBack() throws {
        var hooked: HookedStore?
        let d = try InboxDriver(wrap: { let h = HookedStore($0); hooked = h; return h })
        let id = try #require(d.state.selectedID)
        let before = try #require(d.state.cases[id])
        hooked?.refuseSaves = "refused by the test"
        d.press(.toggleResolved)
        #expect(d.screen.contains("Not saved: refused by the test"))
        #expect(d.state.cases[id] == before && d.state.visible.contains { $0.item.id == id })
        #expect(d.runtime.handled.contains { if case .saveFailed(_, let failed, _) = $0 { return failed == id }; return false })
        d.runtime.shutdown()
        #expect(try d.reopenedStore().cases[id] == before)
    }
}
