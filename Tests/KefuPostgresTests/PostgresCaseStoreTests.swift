import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
import KefuMail
@testable import KefuStore
import KefuDemo
import KefuPostgres
@testable import KefuPostgresStore

let t0 = ISO8601.parse("2026-11-21T10:00:00Z")!

func tempDir(_ name: String = "kefu-pg-test") -> String {
    NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
}

@Suite struct PostgresCaseStoreTests {
    @Test func migrationsAreRecordedAndApplyingAgainChangesNothing() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let db = try PGConnection(url: url)
        #expect(try PGSchema.migrate(db) == Array(1...PGSchema.latestVersion))
        #expect(try PGSchema.migrate(db) == [])
        // A store opening on the migrated database applies nothing either, and the record is one row per version.
        _ = try PostgresCaseStore(url: url, directory: tempDir())
        let rows = try db.query("SELECT version FROM schema_migrations ORDER BY version")
        #expect(rows.rows.map { $0[0] } == (1...PGSchema.latestVersion).map { String($0) })
        // A database migrated by a newer kefu is refused, naming the versions.
        try db.query("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)", [.int(PGSchema.latestVersion + 1), .text("future")])
        let e = #expect(throws: PGError.self) { try PGSchema.migrate(db) }
        #expect(e?.message.contains("newer kefu") == true)
    }

    @Test func savedCasesLoadBackEqualToTheJSONStoresAndTheQueueColumnsAreFilled() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let cases = DemoData.cases(now: t0)
        let json = try CaseStore.open(tempDir(), now: t0)
        try json.save(cases)
        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        try pg.save(cases, keepIfUnwritten: false)
        // A second store opening fresh reads what the first committed.
        let reopened = try PostgresCaseStore(url: url, directory: tempDir())
        let jsonReopened = try CaseStore.open(json.directory, mode: .readOnly, now: t0)
        #expect(reopened.openCases.count == cases.count)
        #expect(reopened.openCases == jsonReopened.openCases.sorted { $0.number < $1.number })
        #expect(reopened.nextCaseNumber == jsonReopened.nextCaseNumber)
        let db = try PGConnection(url: url)
        let one = cases[0]
        let row = try db.query("SELECT status, marketplace, category, version, number FROM cases WHERE id = $1", [.text(one.id)])
        #expect(row.rows == [[one.status.rawValue, one.marketplace, one.category.rawValue, "1", String(one.number)]])
        // A change bumps the row's version.
        var changed = one
        changed.setStatus(.resolved, at: t0)
        try pg.save([changed], keepIfUnwritten: false)
        #expect(try db.query("SELECT version, status FROM cases WHERE id = $1", [.text(one.id)]).rows == [["2", "resolved"]])
    }

    @Test func everySaveNotifiesItsCaseIdsToAnotherConnectionWithinASecond() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        let listener = try PGConnection(url: url)
        try listener.execute("LISTEN kefu_cases")
        // Other tests' stores notify on the same channel: ours are told apart by their ids.
        let mine = DemoData.cases(now: t0).prefix(2).enumerated().map { i, c -> Case in
            var c = c
            c.id = "K-\(900_000 + Int.random(in: 0..<99_999) * 10 + i)"
            return c
        }
        let start = Date()
        try pg.save(Array(mine), keepIfUnwritten: false)
        var heard: [String] = []
        while !heard.contains(mine.map(\.id).joined(separator: ",")) && Date().timeIntervalSince(start) < 1 {
            heard += try listener.waitForNotifications(timeout: 0.1).map(\.payload)
        }
        #expect(heard.contains(mine.map(\.id).joined(separator: ",")))
        #expect(Date().timeIntervalSince(start) < 1)
        // The store reloads exactly the notified cases.
        let other = try PostgresCaseStore(url: url, directory: tempDir())
        var again = mine[0]
        again.setStatus(.waitingBuyer, at: t0)
        try pg.save([again], keepIfUnwritten: false)
        let (changed, gone) = try other.reload(ids: [again.id, "K-1"])
        #expect(changed == [again] && gone.isEmpty)
    }

    @Test func historyLookupsAnswerAsTheJSONStoresDo() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        // Every demo case resolved long ago, then retired by both stores.
        let old = t0.addingTimeInterval(-30 * 86400)
        let cases = DemoData.cases(now: t0).map { c -> Case in var c = c; c.setStatus(.resolved, at: old); c.updatedAt = old; return c }
        let json = try CaseStore.open(tempDir(), now: t0)
        try json.save(cases)
        try json.compact(now: t0)
        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        try pg.save(cases, keepIfUnwritten: false)
        try pg.retire(now: t0)
        #expect(pg.openCases.isEmpty && json.cases.isEmpty)
        let a = try json.historyLoader(), b = try pg.historyLoader()
        var asked = 0
        for c in cases {
            #expect(b.caseID(channel: c.channel, messageId: c.messages[0].sourceId) == a.caseID(channel: c.channel, messageId: c.messages[0].sourceId))
            if let o = c.order?.id { #expect(b.caseID(channel: c.channel, orderId: o) == a.caseID(channel: c.channel, orderId: o)); asked += 1 }
            if let t = c.threadKey { #expect(b.caseID(channel: c.channel, threadKey: t) == a.caseID(channel: c.channel, threadKey: t)); asked += 1 }
            #expect(try b.closedCase(id: c.id) == a.closedCase(id: c.id))
            #expect(try b.closedCase(id: c.id) == c)
        }
        #expect(asked > cases.count / 2)
        // The server ends the lookup's session (a restart): the next lookup reconnects and still answers.
        let lookup = try #require(b as? PGHistoryLookup)
        let admin = try PGConnection(url: url)
        #expect(try admin.query("SELECT pg_terminate_backend($1::int)", [.text(String(lookup.db.backendPID))]).text(0, 0) == "t")
        let c = cases[2]
        #expect(b.caseID(channel: c.channel, messageId: c.messages[0].sourceId) == c.id)
        #expect(try b.closedCase(id: c.id) == c)
        #expect(b.caseID(channel: .amazon, orderId: "no-such-order") == nil && a.caseID(channel: .amazon, orderId: "no-such-order") == nil)
    }

    @Test func copyingAJSONStoreIntoPostgresAndBackKeepsEverything() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let old = t0.addingTimeInterval(-30 * 86400)
        var cases = DemoData.cases(now: t0)
        for i in cases.indices where i % 3 == 0 { cases[i].setStatus(.resolved, at: old); cases[i].updatedAt = old }
        let source = try CaseStore.open(tempDir(), now: t0)
        try source.save(cases)
        try source.compact(now: t0)   // a third retire to history
        try DurableIO.makeDirectory(source.directory + "/outbox")
        try DurableIO.replace(source.directory + "/outbox/20261121T100000.000Z_a@b.eml", with: Data("Message-ID: <r1@shop.example>\r\nX-Kefu-Case: K-1001\r\nSubject: hi\r\n\r\nbody\r\n".utf8))
        try DurableIO.replace(source.directory + "/outbox/20261121T100000.000Z_a@b.eml.state", with: Data("{\"attempts\":1}".utf8))
        try DurableIO.makeDirectory(source.directory + "/intake")
        try DurableIO.replace(source.directory + "/intake/maildir-seen", with: Data("1700000000.M1P2.host\n1700000001.M2P3.host\n".utf8))
        let before = try StoreContents.read(json: source)
        #expect(before.history.count == (cases.count + 2) / 3 && before.outbox.count == 2 && before.seen.count == 2)

        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        #expect(try pg.isEmpty())
        try pg.replaceContents(with: before)
        #expect(try pg.isEmpty() == false)
        // The directory's reply waits for a person: its kefu may send it too. Its state file is only kept.
        let rows = try PGConnection(url: url).query("SELECT name, status, case_id, message_id, failure IS NOT NULL FROM outbox ORDER BY name")
        #expect(rows.rows == [["20261121T100000.000Z_a@b.eml", "failed", "K-1001", "r1@shop.example", "t"],
                              ["20261121T100000.000Z_a@b.eml.state", "local", nil, nil, "f"]])
        let inPG = try pg.contents()
        #expect(try inPG.summary().map(\.sha256) == before.summary().map(\.sha256))

        let target = try CaseStore.open(tempDir(), now: t0)
        try inPG.write(json: target, now: t0)
        let back = try StoreContents.read(json: try CaseStore.open(target.directory, mode: .readOnly, now: t0))
        #expect(try back.summary().map(\.count) == before.summary().map(\.count))
        #expect(try back.summary().map(\.sha256) == before.summary().map(\.sha256))
    }
}
