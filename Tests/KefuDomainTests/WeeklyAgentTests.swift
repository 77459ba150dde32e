import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuConfig
@testable import KefuReports

/// The weekly summary's agents section (issue 20, item 6): who answered in the period, built by
/// `AgentFigures` from the events that name their agent, in every format.
@Suite struct WeeklyAgentTests {
    static let zone = TimeZone(identifier: "UTC")!
    static func z(_ s: String) -> Date { ISO8601.parse(s)! }
    /// 2026-W47 in UTC: Mon 16 Nov 00:00Z up to Mon 23 Nov 00:00Z.
    static let now = z("2026-11-30T12:00:00Z")

    /// A buyer message at `at`, answered `after` hours later by `by` (nil: a reply naming nobody).
    static func answered(_ n: Int, at: String, after hours: Double, by: String?) -> Case {
        let t = z(at), r = t.addingTimeInterval(hours * 3600)
        var c = Case(id: "K-\(n)", channel: .amazon, marketplace: "amazon.de", kinds: [.buyerMessage], category: .damaged,
                     order: Order(id: "302-\(n)", items: [OrderItem(sku: "LAMP-1", title: "Lamp")]), buyer: Buyer(name: "B \(n)"), openedAt: t)
        c.messages.append(Message(sourceId: "m\(n)", direction: .inbound, at: t, kind: .buyerMessage, body: "It broke."))
        c.messages.append(Message(sourceId: "r\(n)", direction: .outbound, at: r, body: "Sorry!"))
        c.events.append(CaseEvent(.replied, at: r, messageId: "r\(n)", by: by))
        c.setStatus(.waitingBuyer, at: r)
        c.updatedAt = r
        return c
    }

    static func cases(authors: Bool = true) -> [Case] {
        [answered(1001, at: "2026-11-16T09:00:00Z", after: 2, by: authors ? "lin" : nil),      // met, 120 min
         answered(1002, at: "2026-11-17T10:00:00Z", after: 30, by: authors ? "mei" : nil),     // late
         answered(1003, at: "2026-11-18T10:00:00Z", after: 1, by: authors ? "lin" : nil),      // met, 60 min
         answered(1004, at: "2026-11-10T10:00:00Z", after: 1, by: authors ? "lin" : nil),      // the week before: not counted
         answered(1005, at: "2026-11-19T10:00:00Z", after: 1, by: nil)]                        // nobody named
    }

    static func report(_ cases: [Case], agents: [AgentRef] = [AgentRef(id: "lin", name: "Lin Wei")]) throws -> WeeklyReport {
        WeeklyReport.build(facts: cases.map { CaseFacts($0) }, period: try ReportPeriod.parseWeek("2026-W47", zone: zone), now: now,
                           policy: .standard, playbook: nil, orders: .noOrderBook, settings: ReportSettings(), agents: agents)
    }

    @Test func eachAgentWhoAnsweredInThePeriodHasTheirFigures() throws {
        let agents = try #require(try Self.report(Self.cases()).agents)
        // Named agents first, in the store's order; an id nobody named shows as itself.
        #expect(agents.map(\.agentID) == ["lin", "mei"])
        #expect(agents.map(\.name) == ["Lin Wei", "mei"])
        let lin = agents[0], mei = agents[1]
        #expect(lin.answered == 2 && lin.firstResponses == 2 && lin.medianFirstResponseMinutes == 90 && lin.met == 2 && lin.late == 0)
        #expect(mei.answered == 1 && mei.firstResponses == 1 && mei.medianFirstResponseMinutes == 1800 && mei.met == 0 && mei.late == 1)
        #expect(lin.slaMetRate == 1 && mei.slaMetRate == 0)
    }

    @Test func withoutAnAuthorOnAnyEventTheSectionIsLeftOut() throws {
        let r = try Self.report(Self.cases(authors: false))
        #expect(r.agents == nil)
        #expect(!WeeklyMarkdown.render(r).contains("## Agents"))
        #expect(!WeeklyHTML.render(r).contains("<h2>Agents</h2>"))
        #expect(!(try WeeklyJSON.render(r)).contains("\"agents\""))
        // The CSV's columns stay the same; no row names an agent.
        let rows = WeeklyCSV.render(r).dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows[0] == WeeklyCSV.header.joined(separator: ","))
        let agentColumn = WeeklyCSV.header.firstIndex(of: "agent")!
        #expect(rows.dropFirst().allSatisfy { $0.components(separatedBy: ",").count > agentColumn })
    }

    @Test func everyFormatShowsTheAgents() throws {
        let r = try Self.report(Self.cases())
        let md = WeeklyMarkdown.render(r)
        #expect(md.contains("## Agents"))
        #expect(md.contains("| Lin Wei (lin) | 2 | 2 | "), "\(md)")
        #expect(md.contains("| mei | 1 | 1 | ") && md.contains("0.0 % (0 of 1)"))
        let html = WeeklyHTML.render(r)
        #expect(html.contains("<h2>Agents</h2>") && html.contains("<td>Lin Wei (lin)</td>"))
        let json = try WeeklyJSON.render(r)
        let back = try KefuJSON.decoder().decode(WeeklyReport.self, from: Data(json.utf8))
        #expect(back.agents == r.agents)
        #expect(json.contains("\"slaMetRate\" : 1") || json.contains("\"slaMetRate\": 1"))
        let csv = WeeklyCSV.render(r).components(separatedBy: "\r\n")
        #expect(csv.contains { $0.hasPrefix("2026-W47,") && $0.hasSuffix(",lin,Lin Wei,2,2,90.00,2,0,100.00") }, "\(csv)")
    }

    /// Agent ids and names come from config and the database: outside input, inert in a spreadsheet.
    @Test func anAgentNameCannotRunInASpreadsheetOrTheTerminal() throws {
        let r = try Self.report(Self.cases(), agents: [AgentRef(id: "lin", name: "=HYPERLINK(\"http://x\")"), AgentRef(id: "mei", name: "@SUM(A1)\u{1B}[2J")])
        let csv = WeeklyCSV.render(r)
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\"") && csv.contains(",'@SUM(A1)"), "\(csv)")
        #expect(!csv.contains("\u{1B}") && !WeeklyMarkdown.render(r).contains("\u{1B}") && !WeeklyHTML.render(r).contains("\u{1B}"))
    }

    @Test func theAuthorsGoIntoTheFactsLineAndBothReadersReadThem() throws {
        let facts = CaseFacts(Self.cases()[0])
        #expect(facts.authored == [CaseFacts.Authored(at: Self.z("2026-11-16T11:00:00Z"), by: "lin", reply: true)])
        #expect(CaseFacts(Self.cases(authors: false)[0]).authored == nil)
        let line = try KefuJSON.encoder().encode(FactsRecord(seq: 3, facts: facts))
        #expect(FactsScanner.record(line)?.facts == facts)
        #expect(try CaseFacts.decodeRecord(line).facts == facts)
    }

    /// A directory store: closed cases' authors come from their facts lines, and the configuration's
    /// `[agent]` names its one agent.
    @Test func aDirectoryStoresWeeklyNamesItsAgentFromTheConfiguration() throws {
        let s = try CaseStore.open(tempDir("kefu-weekly-agents"), now: Self.now)
        var cases = Self.cases()
        for i in cases.indices { cases[i].setStatus(.resolved, at: Self.z("2026-11-23T08:00:00Z")); cases[i].updatedAt = Self.z("2026-11-23T08:00:00Z") }
        try s.save(cases)
        try s.compact(now: Self.z("2026-12-20T00:00:00Z"))
        #expect(s.cases.isEmpty, "every case went to history")
        var config = KefuConfig(timeZone: Self.zone)
        config.reply.agentName = "Lin Wei"
        config.team.agentID = "lin"   // without it the id is the name's slug, "lin-wei", whom no event names
        let r = try WeeklyExport.report(store: s, config: config, period: try ReportPeriod.parseWeek("2026-W47", zone: Self.zone),
                                        now: Self.now, playbook: nil)
        #expect(r.agents?.map(\.name) == ["Lin Wei", "mei"])
        #expect(r.agents?.first?.answered == 2)
    }
}
