import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuImport
@testable import KefuMail

/// `kefu purge`: what it removes, what it keeps, and that nothing else changes (issue 14, item 9).
@Suite struct PurgeTests {
    static let day: TimeInterval = 86400
    static let replyID = "<reply-1001@kefu.example>"

    /// A resolved case with the buyer's data everywhere it can be: name, relay address, an address,
    /// phone and name in the body, subject, attachment, note, tracking, thread key, a message id with
    /// the buyer's address, an offer with an amount, and a reply.
    static func richCase(_ n: Int, deliveredDaysAgo: Double?, resolvedDaysAgo: Double, updatedDaysAgo: Double? = nil,
                         status: CaseStatus = .resolved) -> Case {
        let id = "K-\(n)"
        let opened = t0.addingTimeInterval(-(resolvedDaysAgo + 2) * day)
        var c = Case(id: id, channel: .amazon, marketplace: "amazon.de", kinds: [.buyerMessage], category: .damaged,
                     order: Order(id: "302-1234567-\(1_000_000 + n)", purchasedAt: opened.addingTimeInterval(-10 * day),
                                  shippedAt: opened.addingTimeInterval(-8 * day),
                                  deliveredAt: deliveredDaysAgo.map { t0.addingTimeInterval(-$0 * day) },
                                  tracking: Tracking(carrier: "DHL", number: "00340434\(n)"),
                                  items: [OrderItem(sku: "LAMP-1", asin: "B0TEST0001", title: "Desk lamp", quantity: 1,
                                                    price: Money(Decimal(string: "34.99")!, "EUR"))]),
                     buyer: Buyer(name: "Markus Weber", address: "mweber\(n)@marketplace.amazon.de", country: "DE",
                                  timeZone: "Europe/Berlin", language: "de"),
                     openedAt: opened, threadKey: "mweber\(n)@marketplace.amazon.de\u{1F}lampe kaputt")
        c.insertMessage(Message(sourceId: "<mweber\(n).77@marketplace.amazon.de>", direction: .inbound, at: opened, kind: .buyerMessage,
                                subject: "Lampe kaputt – Markus Weber",
                                body: "Hallo,\ndie Lampe kam kaputt an. Markus Weber, Hauptstraße 5, 10115 Berlin, Tel. 0171 2345678",
                                attachments: ["markus-weber-lampe.jpg, image/jpeg, 240 KB"], warnings: ["from Markus Weber: no end marker"],
                                translation: MessageTranslation(from: "de", language: "en", text: "Hello,\nthe lamp arrived broken. Markus Weber, Hauptstraße 5, 10115 Berlin, Tel. 0171 2345678", at: opened)))
        c.events.append(CaseEvent(.received, at: opened, messageId: "<mweber\(n).77@marketplace.amazon.de>", from: "Markus Weber"))
        // The seller's domain happens to contain the buyer's name: the reply's id stays all the same.
        c.insertMessage(Message(sourceId: n == 1001 ? replyID : "<reply-\(n)@weber-lamps.example>", direction: .outbound,
                                at: opened.addingTimeInterval(3600), subject: "Re: Lampe kaputt", body: "Hallo Herr Weber, wir erstatten 5 EUR."))
        c.events.append(CaseEvent(.offerChosen, at: opened.addingTimeInterval(3600), offers: ["partial-refund"],
                                  amounts: [Money(Decimal(5), "EUR")]))
        c.events.append(CaseEvent(.replied, at: opened.addingTimeInterval(3600)))
        c.events.append(CaseEvent(.note, at: opened.addingTimeInterval(7200), text: "Called Markus Weber, he keeps the lamp"))
        c.events.append(CaseEvent(.refundIssued, at: opened.addingTimeInterval(7300), messageId: "refund-\(n)", from: "mweber\(n)@marketplace.amazon.de",
                                  text: "Refund for Markus Weber\nHauptstraße 5"))
        c.status = status
        if status == .resolved {
            c.events.append(CaseEvent(.statusChanged, at: t0.addingTimeInterval(-resolvedDaysAgo * day), text: "needs-reply→resolved"))
        }
        c.updatedAt = t0.addingTimeInterval(-(updatedDaysAgo ?? resolvedDaysAgo) * day)
        return c
    }

    /// K-1001 closed, due (delivered 60 days ago); K-1002 closed, due but held; K-1003 resolved 5 days
    /// ago (delivered 100 days ago); K-1004 closed, delivered 20 days ago; K-1005 active, due (touched
    /// yesterday, so not retired); K-1006 open with an old delivery. Two delivered replies in `sent/`.
    static func makeStore() throws -> String {
        let dir = tempDir("kefu-purge")
        let store = try CaseStore.open(dir, now: t0)
        let cases = [
            richCase(1001, deliveredDaysAgo: 60, resolvedDaysAgo: 50),
            richCase(1002, deliveredDaysAgo: 60, resolvedDaysAgo: 50),
            richCase(1003, deliveredDaysAgo: 100, resolvedDaysAgo: 5),
            richCase(1004, deliveredDaysAgo: 20, resolvedDaysAgo: 40),
            richCase(1005, deliveredDaysAgo: nil, resolvedDaysAgo: 35, updatedDaysAgo: 1),
            richCase(1006, deliveredDaysAgo: 90, resolvedDaysAgo: 0, updatedDaysAgo: 0, status: .needsReply),
        ]
        try store.save(cases)
        try store.compact(now: t0)
        #expect(Set(store.cases.keys) == ["K-1003", "K-1005", "K-1006"], "K-1001, K-1002 and K-1004 are in history")
        // One more save so the journal holds a version of K-1005 too.
        var k5 = store.cases["K-1005"]!
        k5.snoozedUntil = nil
        try store.save(k5)
        store.close(now: t0.addingTimeInterval(-1))   // a clean exit earlier: no new retirements
        try DurableIO.makeDirectory(dir + "/sent")
        for (n, mid) in [(1001, replyID), (1002, "<reply-1002@weber-lamps.example>")] {
            let name = "20261001T100000.000Z_\(Outbox.escaped(mid)).eml"
            try DurableIO.replace(dir + "/sent/" + name, with: Data("To: mweber\(n)@marketplace.amazon.de\r\nX-Kefu-Case: K-\(n)\r\n\r\nHallo Herr Weber\r\n".utf8))
        }
        return dir
    }

    static func env(_ dir: String) -> [String: String] { ["KEFU_CONFIG": dir + "-none.toml"] }

    /// Every file of the store with its bytes.
    static func snapshot(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(atPath: dir)!
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &isDir), !isDir.boolValue { out[p] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + p)) }
        }
        return out
    }

    static func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    static let personal = ["Markus Weber", "Weber", "mweber", "Hauptstraße", "0171 2345678", "markus-weber-lampe", "00340434", "lampe kaputt"]

    @Test func purgeRemovesPersonalDataAndKeepsTheFacts() throws {
        let dir = try Self.makeStore()
        let history = dir + "/history/" + CaseStore.monthFile(t0.addingTimeInterval(-50 * Self.day))
        #expect(Self.text(history).contains("Markus Weber"))
        let r = try run("kefu", ["purge", "--store", dir], env: Self.env(dir))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "purged 3 case(s) (1 active, 2 closed); 2 sent mail(s) removed\n")

        let store = try CaseStore.open(dir, mode: .readOnly, now: t0)
        let purged = [try #require(try store.historyCase(id: "K-1001")), try #require(store.cases["K-1005"])]
        for c in purged {
            let json = String(decoding: try KefuJSON.encoder().encode(c), as: UTF8.self)
            for p in Self.personal { #expect(!json.contains(p), "\(c.id) still holds \(p)") }
            #expect(c.purgedAt == t0 && c.buyer.name == nil && c.buyer.address == nil && c.threadKey == nil && c.order?.tracking == nil)
            #expect(c.messages.allSatisfy { $0.body == "[purged 2026-11-21]" && $0.warnings == nil && $0.translation == nil },
                    "the machine translation of the body goes with it")
            #expect(c.messages.map(\.subject) == ["[purged 2026-11-21]", "[purged 2026-11-21]"])
            #expect(c.messages[0].attachments == ["[purged 2026-11-21]"])
            #expect(c.events.first { $0.type == .note }?.text == "[purged 2026-11-21]")
            #expect(c.events.first { $0.type == .refundIssued }?.text == "[purged 2026-11-21]")
            #expect(c.events.first { $0.type == .received }?.from == "[purged 2026-11-21]")
            #expect(c.events.first { $0.type == .statusChanged }?.text == "needs-reply→resolved")
            // Kept: order id and dates, SKU/ASIN/title/price, category, kinds, country, offers, amounts, times.
            let original = Self.richCase(c.number, deliveredDaysAgo: c.number == 1001 ? 60 : nil, resolvedDaysAgo: c.number == 1001 ? 50 : 35,
                                         updatedDaysAgo: c.number == 1001 ? 50 : 1)
            #expect(c.order?.id == original.order?.id && c.order?.items == original.order?.items)
            #expect(c.order?.purchasedAt == original.order?.purchasedAt && c.order?.deliveredAt == original.order?.deliveredAt)
            #expect(c.category == .damaged && c.kinds == [.buyerMessage] && c.status == .resolved && c.buyer.country == "DE")
            #expect(c.openedAt == original.openedAt && c.updatedAt == original.updatedAt)
            #expect(c.messages.map(\.at) == original.messages.map(\.at) && c.messages.map(\.direction) == original.messages.map(\.direction))
            #expect(c.events.map(\.type) == original.events.map(\.type) && c.events.map(\.at) == original.events.map(\.at))
            #expect(c.events.first { $0.type == .offerChosen }?.amounts == [Money(Decimal(5), "EUR")])
            // The buyer's message id carried their address: renamed, the same in events; kefu's own stays.
            #expect(c.messages[0].sourceId.hasPrefix("purged-") && c.events[0].messageId == c.messages[0].sourceId)
            #expect(c.messages[1].sourceId == (c.number == 1001 ? Self.replyID : "<reply-1005@weber-lamps.example>"))
            #expect(c.purgedQuote == CaseFacts(original).quote && c.purgedQuote != nil)
        }
        // The index: no thread key (it holds the address) and no renamed message id; the facts stay.
        let index = Self.text(dir + "/history/index.tsv")
        let k1001 = index.split(separator: "\n").first { $0.hasPrefix("K-1001\t") }.map(String.init) ?? ""
        #expect(!k1001.isEmpty && !k1001.contains("mweber") && !k1001.contains("lampe"))
        #expect(k1001.contains("302-1234567-1001001") && k1001.contains("LAMP-1") && k1001.contains("damaged"))
        // Not due: resolved recently (K-1003), delivered recently (K-1004), open (K-1006): whole.
        #expect(store.cases["K-1003"]?.buyer.name == "Markus Weber" && store.cases["K-1003"]?.purgedAt == nil)
        #expect(try store.historyCase(id: "K-1004")?.messages[0].body.contains("Hauptstraße") == true)
        #expect(store.cases["K-1006"]?.buyer.address == "mweber1006@marketplace.amazon.de")
        // Snapshot and journal no longer hold K-1005's old versions.
        let active = Self.text(dir + "/active.jsonl") + Self.text(dir + "/journal.jsonl")
        #expect(!active.contains("mweber1005"))
        // Every history month: nothing of the purged cases.
        for f in try FileManager.default.contentsOfDirectory(atPath: dir + "/history") where f.hasSuffix(".jsonl") {
            let month = Self.text(dir + "/history/" + f)
            #expect(!month.contains("mweber1001") && !month.contains("mweber1002"), "\(f)")
        }
        // sent/: their delivered replies are gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/sent").isEmpty)

        let check = try run("kefu", ["check", "--store", dir], env: Self.env(dir))
        #expect(check.status == 0 && check.stdout.hasSuffix(": ok\n"), "\(check.stdout)\(check.stderr)")
        let show = try run("kefu", ["show", "K-1001", "--store", dir], env: Self.env(dir))
        #expect(show.status == 0 && show.stdout.contains("Purged: personal data purged 2026-11-21T10:00:00Z"))
        #expect(!show.stdout.contains("Weber"))
    }

    @Test func theClosedHeldCaseIsKeptWholeUntilReleased() throws {
        let dir = try Self.makeStore()
        let hold = try run("kefu", ["hold", "K-1002", "--store", dir], env: Self.env(dir))
        #expect(hold.status == 0 && hold.stdout == "K-1002: held (never purged until released)\n", "\(hold.stderr)")
        let again = try run("kefu", ["hold", "1002", "--store", dir], env: Self.env(dir))
        #expect(again.stdout == "K-1002: already held\n")
        let shown = try run("kefu", ["show", "K-1002", "--store", dir], env: Self.env(dir))
        #expect(shown.stdout.contains("Hold:   held since 2026-11-21T10:00:00Z"))
        let purge = try run("kefu", ["purge", "--store", dir], env: Self.env(dir))
        #expect(purge.stdout.hasPrefix("purged 2 case(s)"), "K-1001 and K-1005, not K-1002")
        var store = try CaseStore.open(dir, mode: .readOnly, now: t0)
        // A hold does not make the case recent (updatedAt stays), so it may have retired again.
        let found = try store.cases["K-1002"] ?? store.historyCase(id: "K-1002")
        let held = try #require(found)
        #expect(held.isHeld && held.buyer.name == "Markus Weber" && held.events.last?.type == .held)
        #expect(held.messages[0].body.contains("Hauptstraße"))
        // Its older history line is untouched too, and its delivered reply stays.
        #expect(Self.text(dir + "/history/" + CaseStore.monthFile(held.openedAt.addingTimeInterval(2 * Self.day))).contains("mweber1002"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/sent").count == 1)

        let release = try run("kefu", ["hold", "--release", "K-1002", "--store", dir], env: Self.env(dir))
        #expect(release.stdout == "K-1002: hold released\n")
        let after = try run("kefu", ["purge", "--store", dir], env: Self.env(dir))
        #expect(after.stdout == "purged 1 case(s) (0 active, 1 closed); 1 sent mail(s) removed\n", "\(after.stderr)")
        store = try CaseStore.open(dir, mode: .readOnly, now: t0)
        let released = try store.cases["K-1002"] ?? store.historyCase(id: "K-1002")
        #expect(released?.purgedAt == t0 && released?.events.suffix(2).map(\.type) == [.held, .released])
        // Every line of it in history is purged now, the older retirement's too.
        for f in try FileManager.default.contentsOfDirectory(atPath: dir + "/history") where f.hasSuffix(".jsonl") {
            #expect(!Self.text(dir + "/history/" + f).contains("mweber1002"))
        }
        #expect(!Self.text(dir + "/history/index.tsv").contains("mweber1002"))
    }

    @Test func dryRunChangesNoByteAndListsTheCases() throws {
        let dir = try Self.makeStore()
        let before = try Self.snapshot(dir)
        let r = try run("kefu", ["purge", "--dry-run", "--store", dir], env: Self.env(dir))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "would purge 3 case(s) (1 active, 2 closed): K-1001, K-1002, K-1005; 2 sent mail(s) would be removed\n")
        #expect(try Self.snapshot(dir) == before)
    }

    @Test func theWeeklySummaryOfAPurgedPeriodIsUnchanged() throws {
        let dir = try Self.makeStore()
        let args = ["--store", dir, "--from", "2026-09-01", "--to", "2026-11-21"]
        let md = try run("kefu", ["export", "weekly"] + args, env: Self.env(dir))
        let json = try run("kefu", ["export", "weekly", "--format", "json"] + args, env: Self.env(dir))
        let csv = try run("kefu", ["export", "weekly", "--format", "csv"] + args, env: Self.env(dir))
        #expect(md.status == 0 && md.stdout.contains("LAMP-1"), "\(md.stderr)")
        #expect(json.stdout.contains("\"quotes\""))
        #expect(md.stdout.contains("machine-translated"), "\(md.stdout)")
        #expect(try run("kefu", ["purge", "--store", dir], env: Self.env(dir)).stdout.hasPrefix("purged 3 case(s)"))
        #expect(try run("kefu", ["export", "weekly"] + args, env: Self.env(dir)).stdout == md.stdout)
        #expect(try run("kefu", ["export", "weekly", "--format", "json"] + args, env: Self.env(dir)).stdout == json.stdout)
        #expect(try run("kefu", ["export", "weekly", "--format", "csv"] + args, env: Self.env(dir)).stdout == csv.stdout)
    }

    @Test func purgeIsIdempotent() throws {
        let dir = try Self.makeStore()
        _ = try run("kefu", ["purge", "--store", dir], env: Self.env(dir))
        let once = try Self.snapshot(dir)
        let again = try run("kefu", ["purge", "--store", dir], env: Self.env(dir))
        #expect(again.stdout == "purged 0 case(s) (0 active, 0 closed); 0 sent mail(s) removed\n")
        var twice = try Self.snapshot(dir)
        twice["lock"] = once["lock"]   // holds the pid of the last writer
        #expect(twice == once)
    }

    @Test func aWriterPurgesOnOpenAtMostOnceADay() throws {
        let dir = try Self.makeStore()
        let file = dir + "-m.jsonl"
        let line = #"{"channel":"amazon","messageId":"new-1","kind":"buyer-message","receivedAt":"2026-11-21T09:00:00Z","from":{"name":"Ann","address":"ann@marketplace.amazon.de"},"body":"Where is my parcel?"}"#
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: file))
        let imp = try run("kefu", ["import", "--store", dir, file], env: Self.env(dir))
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stderr.contains("kefu: purged 3 case(s) (1 active, 2 closed); 2 sent mail(s) removed (past [privacy] keep-days)"))
        #expect(!Self.text(dir + "/history/index.tsv").contains("mweber1001"))
        // Later the same day a writer does not scan again, and a reader never purges.
        #expect(Self.text(dir + "/purge.json").contains("\"lastRun\":\"2026-11-21T10:00:00Z\""))
        let store = try CaseStore.open(dir, now: t0)
        #expect(try store.autoPurge(policy: PurgePolicy(), now: t0.addingTimeInterval(3600)) == nil)
        #expect(try store.autoPurge(policy: PurgePolicy(keepDays: 10), now: t0.addingTimeInterval(3600)) != nil, "a new keep-days runs again")
        #expect(try store.autoPurge(policy: PurgePolicy(keepDays: 10), now: t0.addingTimeInterval(Self.day))?.count == 0, "the next day")
    }

    @Test func anUnchangedMonthWithNothingComingDueIsNotReadAgain() throws {
        let dir = try Self.makeStore()
        var store: CaseStore? = try CaseStore.open(dir, now: t0)
        #expect(try store!.purge(policy: PurgePolicy(), now: t0, dryRun: false).count == 3)
        store = nil
        // Only K-1004 (due in 10 days) is left unpurged in October; garble the month, keeping its size.
        let path = dir + "/history/2026-10.jsonl"
        let size = try Data(contentsOf: URL(fileURLWithPath: path)).count
        #expect(Self.text(path).contains("mweber1004"))
        try Data((String(repeating: "x", count: size - 1) + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let s = try CaseStore.open(dir, now: t0)
        #expect(try s.purge(policy: PurgePolicy(), now: t0.addingTimeInterval(Self.day), dryRun: false).count == 0, "not read")
        #expect(throws: KefuError.self, "read once K-1004 falls due") {
            try s.purge(policy: PurgePolicy(), now: t0.addingTimeInterval(11 * Self.day), dryRun: false)
        }
    }

    @Test func aCaseRetiredByThePurgesOwnCompactionIsPurgedWhenDue() throws {
        let dir = try Self.makeStore()
        // K-1007: resolved 45 days ago, delivered 25 days ago (due in 5 days), still in the journal, so
        // the purge's compaction retires it into October — the month that purge also rewrites.
        var s: CaseStore? = try CaseStore.open(dir, now: t0)
        try s!.save(Self.richCase(1007, deliveredDaysAgo: 25, resolvedDaysAgo: 45))
        s = nil
        s = try CaseStore.open(dir, now: t0)
        #expect(try s!.purge(policy: PurgePolicy(), now: t0, dryRun: false).count == 3)
        #expect(s!.cases["K-1007"] == nil && Self.text(dir + "/history/2026-10.jsonl").contains("mweber1007"))
        let later = try s!.purge(policy: PurgePolicy(), now: t0.addingTimeInterval(6 * Self.day), dryRun: false)
        #expect(later.closed == ["K-1007"])
        #expect(!Self.text(dir + "/history/2026-10.jsonl").contains("mweber1007"))
    }

    @Test func aPurgeThatCannotFinishWarnsButKeepsNoWriterOut() throws {
        let dir = try Self.makeStore()
        let path = dir + "/history/2026-10.jsonl"
        try Data((Self.text(path) + "{\"seq\":9,\"case\":{\"id\":\"K-9\"}}\n").utf8).write(to: URL(fileURLWithPath: path))
        let r = try run("kefu", ["hold", "K-1006", "--store", dir], env: Self.env(dir))   // no purge: hold never purges
        #expect(r.status == 0)
        let file = dir + "-m.jsonl"
        try Data((#"{"channel":"amazon","messageId":"new-1","kind":"buyer-message","receivedAt":"2026-11-21T09:00:00Z","body":"Hi"}"# + "\n").utf8)
            .write(to: URL(fileURLWithPath: file))
        let out = try run("kefu", ["import", "--store", dir, file], env: Self.env(dir))
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("kefu: warning: personal data not purged: \(path):"), "\(out.stderr)")
        #expect(try run("kefu", ["purge", "--store", dir], env: Self.env(dir)).status == 2)
    }

    @Test func keepDaysComeFromTheConfig() throws {
        let dir = try Self.makeStore()
        let config = dir + "-config.toml"
        try "[privacy]\nkeep-days = 90\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = try run("kefu", ["purge", "--dry-run", "--store", dir, "--config", config])
        #expect(r.stdout.hasPrefix("would purge 0 case(s)"), "\(r.stdout)\(r.stderr)")
        try "[privacy]\nkeep-days = 45\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r45 = try run("kefu", ["purge", "--dry-run", "--store", dir, "--config", config])
        #expect(r45.stdout.hasPrefix("would purge 2 case(s) (0 active, 2 closed): K-1001, K-1002;"), "\(r45.stdout)\(r45.stderr)")
    }

    @Test func keepDaysCountFromTheLaterOfDeliveryAndResolution() {
        let policy = PurgePolicy()
        let delivered = Self.richCase(1, deliveredDaysAgo: 60, resolvedDaysAgo: 50)
        #expect(PurgePolicy.countsFrom(delivered) == t0.addingTimeInterval(-50 * Self.day))
        #expect(policy.dueAt(delivered) == t0.addingTimeInterval(-20 * Self.day) && policy.isDue(delivered, now: t0))
        let lateDelivery = Self.richCase(2, deliveredDaysAgo: 20, resolvedDaysAgo: 40)
        #expect(PurgePolicy.countsFrom(lateDelivery) == t0.addingTimeInterval(-20 * Self.day) && !policy.isDue(lateDelivery, now: t0))
        var shippedOnly = Self.richCase(3, deliveredDaysAgo: nil, resolvedDaysAgo: 40)
        shippedOnly.order?.shippedAt = t0.addingTimeInterval(-10 * Self.day)
        #expect(PurgePolicy.countsFrom(shippedOnly) == t0.addingTimeInterval(-10 * Self.day), "the ship date stands in for delivery")
        shippedOnly.order = nil
        #expect(PurgePolicy.countsFrom(shippedOnly) == t0.addingTimeInterval(-40 * Self.day), "no order: the resolution")
        var open = delivered; open.status = .needsReply
        #expect(!policy.isDue(open, now: t0))
        var held = delivered; held.setHeld(true, at: t0)
        #expect(!policy.isDue(held, now: t0))
        // A purged case that new mail reopened has personal data again: due once more when resolved.
        var reopened = PersonalData.scrub(delivered, at: t0)
        #expect(!policy.isDue(reopened, now: t0))
        reopened.insertMessage(Message(sourceId: "n", direction: .inbound, at: t0, body: "me again, Markus"))
        #expect(policy.isDue(reopened, now: t0))
        #expect(PersonalData.scrub(reopened, at: t0).purgedQuote == PersonalData.scrub(delivered, at: t0).purgedQuote)
    }
}

/// Found in review: data that reaches a case after its purge, and a purged message imported again.
@Suite struct PurgeAfterwardsTests {
    @Test func aNoticeFiledAfterThePurgeIsPurgedToo() throws {
        let store = try CaseStore.open(tempDir("kefu-purge-later"), now: t0)
        try store.save(PurgeTests.richCase(1005, deliveredDaysAgo: nil, resolvedDaysAgo: 35, updatedDaysAgo: 1))
        #expect(try store.purge(policy: PurgePolicy(keepDays: 30), now: t0, dryRun: false).active == ["K-1005"])
        let later = t0.addingTimeInterval(20 * 86400)
        var p = try #require(store.cases["K-1005"])
        #expect(!PersonalData.remains(p))
        p.events.append(CaseEvent(.refundIssued, at: later, messageId: "refund-2", from: "Markus Weber",
                                  text: "Refund for Markus Weber\nHauptstraße 5, 10115 Berlin"))   // what Intake.fileEvent does
        p.updatedAt = later
        try store.save(p)
        #expect(PersonalData.remains(p))
        _ = try store.purge(policy: PurgePolicy(keepDays: 30), now: later.addingTimeInterval(60 * 86400), dryRun: false)
        let json = String(decoding: try KefuJSON.encoder().encode(store.cases["K-1005"] ?? store.historyCase(id: "K-1005")!), as: UTF8.self)
        #expect(!json.contains("Markus Weber"))
        #expect(!json.contains("Hauptstraße"))
    }

    @Test func aPurgedMessageImportedAgainIsStillADuplicate() throws {
        let dir = tempDir("kefu-purge-reimport")
        var m = msg("<eva.77@marketplace.amazon.de>", at: "2026-09-01T08:00:00Z", from: "eva@marketplace.amazon.de")
        m["from"] = ["name": "Eva Muster", "address": "eva@marketplace.amazon.de", "country": "DE"]
        let data = jsonl([m])
        do {
        let s = try CaseStore.open(dir, now: t0)
        try Intake(store: s, now: t0).run(JSONLImport.parse(data, file: "f").messages)
        var c = try #require(s.cases.values.first)
        c.status = .resolved; c.updatedAt = ISO8601.parse("2026-09-02T08:00:00Z")!
        c.events.append(CaseEvent(.statusChanged, at: c.updatedAt, text: "needs-reply→resolved"))
        try s.save(c)
        #expect(try s.purge(policy: PurgePolicy(keepDays: 30), now: t0, dryRun: false).count == 1)
        #expect(try (s.cases[c.id] ?? s.historyCase(id: c.id))?.messages.first?.sourceId == PersonalData.purgedID("<eva.77@marketplace.amazon.de>"))
        let again = try Intake(store: s, now: t0)
        try again.run(JSONLImport.parse(data, file: "f").messages)
        #expect(again.summary.newMessages == 0 && again.summary.reopened == 0 && again.summary.duplicates == 1)
        let all = s.cases.values.map { String(decoding: try! KefuJSON.encoder().encode($0), as: UTF8.self) }.joined()
        #expect(!all.contains("Eva Muster"))
        s.close(now: t0.addingTimeInterval(30 * 86400))
        }
        // Retired to history, the purged id is still found.
        let reopened = try CaseStore.open(dir, now: t0.addingTimeInterval(30 * 86400))
        let third = try Intake(store: reopened, now: t0)
        try third.run(JSONLImport.parse(data, file: "f").messages)
        #expect(third.summary.duplicates == 1 && third.summary.newMessages == 0)
    }
}
