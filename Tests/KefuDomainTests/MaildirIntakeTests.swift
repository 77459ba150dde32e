import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport

/// A Maildir on disk with a few store mails (the classifier files them as `email` buyer messages).
private func makeMaildir(_ mails: [(name: String, sub: String, text: String)]) throws -> String {
    let dir = tempDir("kefu-maildir")
    for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
    for m in mails { try Data(m.text.utf8).write(to: URL(fileURLWithPath: "\(dir)/\(m.sub)/\(m.name)")) }
    return dir
}

private func mail(id: String, from: String = "Eva Muster <eva@example.com>", subject: String = "Lamp broken",
                  date: String = "Fri, 20 Nov 2026 09:00:00 +0100", inReplyTo: String? = nil, body: String = "The lamp arrived broken.") -> String {
    var h = "From: \(from)\r\nTo: support@shop.example\r\nSubject: \(subject)\r\nDate: \(date)\r\nMessage-ID: <\(id)>\r\n"
    if let r = inReplyTo { h += "In-Reply-To: <\(r)>\r\nReferences: <\(r)>\r\n" }
    return h + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n"
}

/// Every file's name and bytes: kefu must leave the user's mail exactly as it was.
private func snapshot(_ dir: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for sub in ["new", "cur", "tmp"] {
        for n in try FileManager.default.contentsOfDirectory(atPath: dir + "/" + sub) {
            out[sub + "/" + n] = FileManager.default.contents(atPath: "\(dir)/\(sub)/\(n)")
        }
    }
    return out
}

@Suite struct MaildirIntakeTests {
    @Test func importsOnceNeverTouchesTheMailAndThreadsReplies() throws {
        let dir = try makeMaildir([
            ("1763625600.M1P1.host", "new", mail(id: "a@example.com")),
            ("1763629200.M2P1.host:2,S", "cur", mail(id: "b@example.com", subject: "Re: Lamp broken", date: "Fri, 20 Nov 2026 10:00:00 +0100",
                                                      inReplyTo: "a@example.com", body: "Any news?")),
            ("1763632800.M3P1.host", "new", mail(id: "c@example.com", from: "lee@example.org", subject: "Invoice please",
                                                  body: "Please send an invoice for my order.")),
        ])
        let before = try snapshot(dir)
        let storeDir = tempDir()
        let store = try CaseStore.open(storeDir, now: t0)
        let report = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        #expect(report.read == 3 && report.intake.newCases == 2 && report.intake.newMessages == 3)
        let lamp = try #require(store.cases.values.first { $0.buyer.address == "eva@example.com" })
        #expect(lamp.messages.map(\.sourceId) == ["a@example.com", "b@example.com"])
        #expect(try snapshot(dir) == before)

        // Again, with the first file moved to cur/ by the mail reader: nothing new.
        try FileManager.default.moveItem(atPath: dir + "/new/1763625600.M1P1.host", toPath: dir + "/cur/1763625600.M1P1.host:2,S")
        let again = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        #expect(again.read == 0 && again.alreadyRead == 3 && again.intake.newMessages == 0)

        // A fresh seen-list (say the store's intake/ was deleted): the Message-IDs still stop duplicates.
        try FileManager.default.removeItem(atPath: storeDir + "/intake")
        let third = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        #expect(third.read == 3 && third.intake.duplicates == 3 && third.intake.newMessages == 0)
        #expect(store.cases.count == 2)
    }

    /// A rescan that found nothing new leaves a stamp of the directories' change times; the next one
    /// trusts it while nothing changed, and lists again after a delivery, a move, a flag change or a
    /// seen-list written by another import. A directory changed just before a listing is not trusted.
    @Test func aRescanTrustsUnchangedDirectoriesAndNothingElse() throws {
        let dir = try makeMaildir([("1763625600.M1P1.host", "new", mail(id: "a@example.com")),
                                   ("1763629200.M2P1.host:2,S", "cur", mail(id: "b@example.com"))])
        let storeDir = tempDir()
        let store = try CaseStore.open(storeDir, now: t0)
        _ = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        store.close(now: t0)
        let stampPath = storeDir + "/intake/maildir-stamp"
        let later = { MaildirStamp.clock() + 10_000_000_000 }   // the directories settled long ago
        let maildir = try Maildir(path: dir)

        // Changed a moment ago: the answer is right, but no stamp is left.
        #expect(try MaildirIntake.nothingNew(maildir, storeDirectory: storeDir) == 2)
        #expect(!FileManager.default.fileExists(atPath: stampPath))
        #expect(try MaildirIntake.nothingNew(maildir, storeDirectory: storeDir, clock: later) == 2)
        var stamp = try JSONDecoder().decode(MaildirStamp.self, from: try Data(contentsOf: URL(fileURLWithPath: stampPath)))
        // The stamp is what answers now: a count planted in it comes back, no listing made.
        stamp.files = 99
        try JSONEncoder().encode(stamp).write(to: URL(fileURLWithPath: stampPath))
        #expect(try MaildirIntake.nothingNew(maildir, storeDirectory: storeDir, clock: later) == 99)

        // A delivery changes new/: listed again, and the new file is found.
        try Data(mail(id: "c@example.com").utf8).write(to: URL(fileURLWithPath: dir + "/new/1763632800.M3P1.host"))
        #expect(try MaildirIntake.nothingNew(maildir, storeDirectory: storeDir, clock: later) == nil)
        try FileManager.default.removeItem(atPath: dir + "/new/1763632800.M3P1.host")
        // A flag change renames within cur/: listed again (all filed), and a fresh stamp says so.
        try FileManager.default.moveItem(atPath: dir + "/cur/1763629200.M2P1.host:2,S", toPath: dir + "/cur/1763629200.M2P1.host:2,RS")
        #expect(try MaildirIntake.nothingNew(maildir, storeDirectory: storeDir, clock: later) == 2)
        // Another import's seen-list (replaced whole, as `kefu store copy` writes it) is never taken for the old one.
        let seenPath = storeDir + "/intake/maildir-seen"
        let seen = try Data(contentsOf: URL(fileURLWithPath: seenPath))
        try DurableIO.replace(seenPath, with: Data(String(decoding: seen, as: UTF8.self).split(separator: "\n").prefix(1).map { $0 + "\n" }.joined().utf8))
        #expect(try MaildirIntake.nothingNew(maildir, storeDirectory: storeDir, clock: later) == nil)
        // A stamp that cannot be read costs a listing, nothing else.
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: stampPath))
        try DurableIO.replace(seenPath, with: seen)
        #expect(try MaildirIntake.nothingNew(maildir, storeDirectory: storeDir, clock: later) == 2)

        // An import that filed every file it listed leaves the stamp itself: the first rescan after it lists nothing.
        try Data(mail(id: "d@example.com").utf8).write(to: URL(fileURLWithPath: dir + "/new/1763636400.M4P1.host"))
        #expect(try MaildirIntake.run(maildir, store: store, now: t0, clock: later).read == 1)
        store.close(now: t0)
        stamp = try JSONDecoder().decode(MaildirStamp.self, from: try Data(contentsOf: URL(fileURLWithPath: stampPath)))
        #expect(stamp.files == 3)
        stamp.files = 77
        try JSONEncoder().encode(stamp).write(to: URL(fileURLWithPath: stampPath))
        #expect(try MaildirIntake.nothingNew(maildir, storeDirectory: storeDir, clock: later) == 77)
    }

    @Test func aMailWithoutHeadersOrWithGarbageIsStillFiled() throws {
        var garbage = Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        garbage.append(contentsOf: [0xFF, 0xFE, 0x00])
        let dir = try makeMaildir([("1763625600.M9P9.host", "new", "just some text, no headers at all\n")])
        try garbage.write(to: URL(fileURLWithPath: dir + "/new/1763625601.M10P9.host"))
        let store = try CaseStore.open(tempDir(), now: t0)
        let report = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        #expect(report.read == 2 && report.intake.newMessages == 2)
        #expect(store.cases.values.allSatisfy { $0.messages.first?.warnings?.isEmpty == false })
        // The same garbage read twice gets the same substitute id: no duplicate case.
        try FileManager.default.removeItem(atPath: store.directory + "/intake")
        let again = try MaildirIntake.run(try Maildir(path: dir), store: store, now: t0)
        #expect(again.intake.duplicates == 2 && store.cases.count == 2)
    }

    @Test func notAMaildirIsAClearError() throws {
        let dir = tempDir("kefu-notmaildir")
        try FileManager.default.createDirectory(atPath: dir + "/new", withIntermediateDirectories: true)
        #expect(throws: KefuError.self) { try Maildir(path: dir) }
        do { _ = try Maildir(path: dir) } catch { #expect("\(error)".contains("not a Maildir (no cur/ directory)")) }
    }

    @Test func keysIgnoreFlagsAndOrderFollowsDeliveryTime() {
        #expect(Maildir.key(of: "1763625600.M1P1.host:2,RS") == "1763625600.M1P1.host")
        #expect(Maildir.key(of: "1763625600.M1P1.host!2,S") == "1763625600.M1P1.host")
        #expect(Maildir.deliveryOrder("999.A", "1000.A"))
    }

    @Test func seenListSurvivesATornLastLine() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/intake", withIntermediateDirectories: true)
        try Data("one\ntwo\nthr".utf8).write(to: URL(fileURLWithPath: dir + "/intake/maildir-seen"))
        let seen = try MaildirSeen(storeDirectory: dir)
        #expect(seen.contains("two") && !seen.contains("thr"))
        try seen.add(["four"])
        let again = try MaildirSeen(storeDirectory: dir)
        // The torn "thr" ends up as a harmless line of its own, never glued to the next name.
        #expect(again.contains("four") && again.contains("one") && !again.contains("thrfour"))
    }
}

/// What the intake does with each filing, independent of how a mail was classified.
@Suite struct NoticeFilingTests {
    func inbound(_ id: String, order: String = "302-1111111-2222222", at h: Double, filing: InboundMessage.Filing = .request,
                 body: String = "Die Lampe kam kaputt an, das Glas ist zerbrochen.") -> InboundMessage {
        var m = InboundMessage(messageId: id, channel: .amazon, marketplace: "amazon.de", kind: .buyerMessage, receivedAt: at(h),
                               orderId: order, from: Buyer(name: "Eva", address: "x@marketplace.amazon.de"), subject: "Lampe", body: body)
        m.filing = filing
        return m
    }

    @Test func refundAndOptOutAreEventsAndSellerCopyStopsTheClock() throws {
        let store = try CaseStore.open(tempDir(), now: t0)
        let intake = try Intake(store: store, now: t0)
        try intake.add(inbound("m1", at: -5))
        try intake.add(inbound("copy1", at: -4, filing: .sellerCopy, body: "Sorry, we will send a new one."))
        try intake.add(inbound("r1", at: -3, filing: .event(.refundIssued), body: "Refund 12.00 EUR"))
        try intake.add(inbound("o1", at: -2, filing: .event(.buyerOptedOut), body: ""))
        try intake.commit()
        #expect(store.cases.count == 1)
        let c = try #require(store.cases.values.first)
        #expect(c.messages.map(\.direction) == [.inbound, .outbound])
        #expect(c.status == .waitingBuyer)
        #expect(c.events.contains { $0.type == .refundIssued && $0.messageId == "r1" })
        #expect(c.events.contains { $0.type == .buyerOptedOut })
        #expect(c.category == .damaged && c.suggestedCategory?.category == .damaged)
        #expect(Clocks.all(c, at: t0, policy: .standard).first { $0.kind == .reply }?.state != .running)

        // Re-filing the same notices adds nothing.
        let again = try Intake(store: store, now: t0)
        for m in [inbound("copy1", at: -4, filing: .sellerCopy), inbound("r1", at: -3, filing: .event(.refundIssued))] { try again.add(m) }
        #expect(again.summary.duplicates == 2)
    }

    @Test func aNoticeWithoutACaseIsKeptButIsNotWork() throws {
        let store = try CaseStore.open(tempDir(), now: t0)
        let intake = try Intake(store: store, now: t0)
        try intake.add(inbound("r9", order: "302-9999999-9999999", at: -3, filing: .event(.refundIssued), body: "Refund"))
        try intake.commit()
        let c = try #require(store.cases.values.first)
        #expect(c.status == .resolved && c.messages.isEmpty)
        // The buyer writes later: it joins that case and needs a reply.
        let later = try Intake(store: store, now: t0)
        try later.add(inbound("m9", order: "302-9999999-9999999", at: -1))
        try later.commit()
        #expect(store.cases.count == 1 && store.cases[c.id]?.status == .needsReply)
    }

    @Test func aNoticeFiledBeforeIsADuplicateAfterItsCaseRetired() throws {
        let store = try CaseStore.open(tempDir(), now: t0)
        let intake = try Intake(store: store, now: t0)
        try intake.add(inbound("r7", order: "302-7777777-7777777", at: -3, filing: .event(.refundIssued), body: "Refund"))
        try intake.commit()
        try store.compact(now: at(24 * 30))   // resolved a month ago: retired to history
        let retired = try store.historyIndex().count
        #expect(store.cases.isEmpty && retired == 1)
        let again = try Intake(store: store, now: t0)
        try again.add(inbound("r7", order: "302-7777777-7777777", at: -3, filing: .event(.refundIssued), body: "Refund"))
        #expect(again.summary.duplicates == 1 && again.summary.newMessages == 0)
    }

    @Test func theAgentsCategoryIsNeverOverridden() throws {
        let store = try CaseStore.open(tempDir(), now: t0)
        var c = sampleCase()
        c.category = .other
        c.events.append(CaseEvent(.categoryChanged, at: at(-1), text: "damaged→other"))
        try store.save(c)
        let intake = try Intake(store: store, now: t0)
        var m = inbound("new1", order: c.order!.id, at: -0.5)
        m.channel = .amazon
        try intake.add(m)
        try intake.commit()
        #expect(store.cases[c.id]?.category == .other && store.cases[c.id]?.suggestedCategory == nil)
    }
}
