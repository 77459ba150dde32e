import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
import KefuDemo
import KefuImport
import KefuConfig
import KefuReports
import KefuPostgres
@testable import KefuPostgresStore

/// The commands' work on the team store, against the directory store's as the reference: the weekly
/// summary (one builder fed through `ReportSource`), purge, the order book, check.
@Suite struct PGCommandsTests {
    static let zone = TimeZone(identifier: "UTC")!

    /// The demo cases with their responses made by two agents, a third of them closed in history,
    /// with an order book: a directory store.
    static func teamStore() throws -> CaseStore {
        let old = t0.addingTimeInterval(-9 * 86400)
        var cases = DemoData.cases(now: t0)
        for i in cases.indices {
            let who = i % 2 == 0 ? "lin" : "mei"
            for j in cases[i].events.indices where cases[i].events[j].type == .replied { cases[i].events[j].by = who }
            for m in cases[i].messages where m.direction == .outbound && !cases[i].events.contains(where: { $0.type == .replied && $0.at == m.at }) {
                cases[i].events.append(CaseEvent(.replied, at: m.at, messageId: m.sourceId, by: who))
            }
            if i % 3 == 0 { cases[i].setStatus(.resolved, at: old); cases[i].updatedAt = old }
        }
        let s = try CaseStore.open(tempDir(), now: t0)
        try s.save(cases)
        try s.compact(now: t0)
        let orders = cases.compactMap { c in c.order.map { ImportedOrder(channel: c.channel, id: $0.id, marketplace: c.marketplace, purchasedAt: c.openedAt.addingTimeInterval(-5 * 86400)) } }
        _ = try s.importOrders(orders)
        return s
    }

    static var config: KefuConfig {
        var c = KefuConfig(timeZone: zone)
        c.reply.agentName = "Lin"
        c.team.agentID = "lin"
        return c
    }

    static func rendered(_ r: WeeklyReport) throws -> [String] { try ReportFormat.allCases.map { try WeeklyExport.render(r, as: $0) } }

    /// The strong check: the summary of the database equals, in every format, the summary of the same
    /// data in a directory, both the one it was copied from and the one it is copied back into.
    @Test func theWeeklySummaryOfTheDatabaseEqualsTheDirectorysInEveryFormat() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let json = try Self.teamStore()
        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        try pg.replaceContents(with: try StoreContents.read(json: json))
        let back = try CaseStore.open(tempDir(), now: t0)
        try pg.contents().write(json: back, now: t0)
        #expect(try pg.closedCases().count > 0 && pg.openCases.count > 0)
        for week in ["2026-W46", "2026-W47"] {
            let period = try ReportPeriod.parseWeek(week, zone: Self.zone)
            let fromPG = try WeeklyExport.report(source: pg, openCases: pg.openCases, config: Self.config, period: period, now: t0, playbook: nil)
            let fromJSON = try WeeklyExport.report(store: json, config: Self.config, period: period, now: t0, playbook: nil)
            let fromCopy = try WeeklyExport.report(store: back, config: Self.config, period: period, now: t0, playbook: nil)
            #expect(try Self.rendered(fromPG) == Self.rendered(fromJSON), "\(week)")
            #expect(try Self.rendered(fromPG) == Self.rendered(fromCopy), "\(week)")
            #expect(fromPG.totals.odr.orders != nil, "the order book was read")
            if week == "2026-W47" {
                // Not an empty agreement: both agents answered that week.
                #expect(fromPG.agents?.map(\.agentID).sorted() == ["lin", "mei"])
                #expect(fromPG.agents?.first { $0.agentID == "lin" }?.name == "Lin")
            }
        }
        // The team's own names win over an id.
        try pg.registerAgent(AgentRef(id: "mei", name: "Mei Chen"))
        let named = try WeeklyExport.report(source: pg, openCases: pg.openCases, config: Self.config,
                                            period: try ReportPeriod.parseWeek("2026-W47", zone: Self.zone), now: t0, playbook: nil)
        #expect(named.agents?.contains { $0.agentID == "mei" && $0.name == "Mei Chen" } == true)
    }

    /// A case due for purging, whose message id holds the buyer's address: open in `cases`, or closed.
    static func purgeable(_ n: Int, resolvedDaysAgo: Int, held: Bool = false) -> Case {
        let at = t0.addingTimeInterval(-Double(resolvedDaysAgo) * 86400)
        var c = Case(id: "K-\(n)", channel: .email, kinds: [.buyerMessage], category: .damaged,
                     buyer: Buyer(name: "Markus Weber", address: "markus.weber\(n)@mail.example"), openedAt: at.addingTimeInterval(-86400))
        c.messages.append(Message(sourceId: "<markus.weber\(n)@mail.example.1>", direction: .inbound, at: at.addingTimeInterval(-86400), body: "Lamp broke. Markus"))
        c.setStatus(.resolved, at: at)
        c.updatedAt = at
        if held { c.setHeld(true, at: at) }
        return c
    }

    @Test func purgeRemovesTheSameCasesPersonalDataAsInADirectoryOpenAndClosed() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let cases = [Self.purgeable(2001, resolvedDaysAgo: 60), Self.purgeable(2002, resolvedDaysAgo: 40), Self.purgeable(2003, resolvedDaysAgo: 60, held: true),
                     Self.purgeable(2004, resolvedDaysAgo: 3)]
        let json = try CaseStore.open(tempDir(), now: t0)
        try json.save(cases)
        try json.compact(now: t0)   // resolved over 7 days ago: 2001-2003 retire, 2004 stays open
        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        try pg.replaceContents(with: try StoreContents.read(json: json))
        // A due case still in the open set (a change brought it back): 2002, written as open.
        try pg.save([Self.purgeable(2002, resolvedDaysAgo: 40)], keepIfUnwritten: false)
        let policy = PurgePolicy(keepDays: 30)
        // Replies the team sent: the purged case's goes with it, the held case's stays.
        let db = try PGConnection(url: url)
        for (name, id) in [("r-2001.eml", "K-2001"), ("r-2003.eml", "K-2003")] {
            try db.query("INSERT INTO outbox (name, content, case_id, message_id, status) VALUES ($1, $2, $3, $1, 'sent')",
                         [.text(name), .bytes(Data("To: markus@mail.example\r\n\r\nhi".utf8)), .text(id)])
        }

        let dry = try pg.purge(policy: policy, now: t0, dryRun: true)
        #expect(dry.active == ["K-2002"] && dry.closed == ["K-2001"])
        #expect(dry.sentRemoved == ["r-2001.eml"])
        #expect(try pg.storedCase(id: "K-2002")?.purgedAt == nil, "a dry run changes nothing")

        let done = try pg.purge(policy: policy, now: t0, dryRun: false)
        #expect(done.active == ["K-2002"] && done.closed == ["K-2001"])
        #expect(try db.query("SELECT name FROM outbox ORDER BY name").rows == [["r-2003.eml"]])
        let reopened = try PostgresCaseStore(url: url, directory: tempDir())
        for id in ["K-2001", "K-2002"] {
            let c = try #require(try reopened.storedCase(id: id))
            #expect(c.purgedAt == t0 && c.buyer.name == nil && c.buyer.address == nil && !c.messages.contains { $0.body.contains("Markus") })
        }
        #expect(try reopened.storedCase(id: "K-2003")?.buyer.name == "Markus Weber", "a held case keeps its data")
        #expect(try reopened.storedCase(id: "K-2004")?.buyer.name == "Markus Weber", "not due yet")
        // The closed case's lookups lost the id with the buyer's address; the purged id still finds it.
        let lookup = try PGHistoryLookup(url: url)
        #expect(lookup.caseID(channel: .email, messageId: "<markus.weber2001@mail.example.1>") == nil)
        #expect(lookup.caseID(channel: .email, messageId: PersonalData.purgedID("<markus.weber2001@mail.example.1>")) == "K-2001")
        // Nor does the superseded history version of the case purged in the open set keep any: only the held case's remain.
        let rows = try PGConnection(url: url).query("SELECT DISTINCT case_id FROM history_messages WHERE message_id LIKE '%markus%'")
        #expect(rows.rows.map { $0[0] } == ["K-2003"])
        #expect(try PGConnection(url: url).query("SELECT count(*) FROM history WHERE body::text LIKE '%Markus%' AND id <> 'K-2003'").int(0, 0) == 0)
        // The directory store purges the same cases.
        let reference = try json.purge(policy: policy, now: t0, dryRun: true)
        #expect(Set(reference.active + reference.closed) == ["K-2001", "K-2002"])
        #expect(try reopened.purge(policy: policy, now: t0, dryRun: true).count == 0, "nothing is left to purge")
    }

    @Test func ordersMergeIntoTheTableByTheOrderBooksRule() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        #expect(try pg.importedOrders() == nil, "no book: reports say n/a")
        let a = ImportedOrder(channel: .amazon, id: "302-1", marketplace: "amazon.de", purchasedAt: t0)
        let b = ImportedOrder(channel: .shop, id: "#1001", status: "paid")
        #expect(try pg.mergeOrders([a, b]).merge == OrderBook.MergeSummary(added: 2))
        #expect(try pg.mergeOrders([a, b]).merge == OrderBook.MergeSummary(unchanged: 2))
        var shipped = a
        shipped.shippedAt = t0.addingTimeInterval(3600)
        let (merge, book) = try pg.mergeOrders([shipped, ImportedOrder(channel: .shop, id: "1001")])
        #expect(merge == OrderBook.MergeSummary(updated: 1, unchanged: 1))
        #expect(book[a.key]?.shippedAt == shipped.shippedAt && book[a.key]?.marketplace == "amazon.de")
        #expect(book[b.key]?.status == "paid", "an empty value never erases a known one")
        #expect(try pg.importedOrders()?.count == 2)
    }

    @Test func checkReadsEveryCaseAndNamesARowThatDoesNotDecode() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        try pg.save(DemoData.cases(now: t0), keepIfUnwritten: false)
        let ok = try pg.check()
        #expect(ok.problems.isEmpty && ok.open == DemoData.cases(now: t0).count && ok.schema == PGSchema.latestVersion)
        try PGConnection(url: url).query("""
            INSERT INTO history (id, number, channel, category, opened_at, closed_at, seq, body)
            VALUES ('K-9', 9, 'email', 'other', now(), now(), 1, '{"id": "K-9"}'::jsonb)
            """)
        let bad = try pg.check()
        #expect(bad.closed == 1 && bad.problems.count == 1 && bad.problems[0].contains("history"))
    }
}

@Suite struct PGJSONBTests {
    /// A hostile mail's NUL bytes: JSONB refuses `\u0000`, the store keeps the case exactly anyway,
    /// open and closed, and text that only looks like the escape or the marker stays as it was.
    @Test func aCaseWithNULBytesIsStoredAndReadBackExactly() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        var c = DemoData.cases(now: t0)[0]
        c.messages[0].body = "bin\u{0}ary \u{0}\u{0} end, the text \\u0000, a \u{10FFFF} and \u{10FFFF}0 too"
        c.messages[0].subject = "\u{0}"
        let pg = try PostgresCaseStore(url: url, directory: tempDir())
        try pg.save([c], keepIfUnwritten: false)
        #expect(try PostgresCaseStore(url: url, directory: tempDir()).storedCase(id: c.id) == c)
        // Resolved long ago, it retires to history and reads back the same from there.
        var done = c
        done.setStatus(.resolved, at: t0.addingTimeInterval(-30 * 86400)); done.updatedAt = t0.addingTimeInterval(-30 * 86400)
        try pg.save([done], keepIfUnwritten: false)
        try pg.retire(now: t0)
        #expect(try pg.closedCase(id: c.id) == done)
        #expect(try PGHistoryLookup(url: url).closedCase(id: c.id) == done)
        // And the JSON text itself, without a server.
        let text = try PGJSONB.text(c, encoder: KefuJSON.encoder())
        // The only `\u0000` left is the body's text (written `\\u0000`), not a NUL escape.
        #expect(text.components(separatedBy: "\\u0000").count == text.components(separatedBy: "\\\\u0000").count)
        #expect(try PGJSONB.decode(Case.self, from: text) == c)
    }
}
