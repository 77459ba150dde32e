import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuConfig
@testable import KefuReports

/// Team mode's pure rules: assignment, the "held" news, the send decision, `[team]`, per-agent figures.
@Suite struct TeamPolicyTests {
    let ana = AssignPolicy.Candidate(id: "ana", openCases: 3), bo = AssignPolicy.Candidate(id: "bo", openCases: 1),
        cy = AssignPolicy.Candidate(id: "cy", openCases: 1)

    @Test func roundRobinGoesOnAfterTheLastOneAndLeastOpenBreaksTiesInTurn() {
        let all = [cy, ana, bo]
        #expect(AssignPolicy.roundRobin.choose(among: all, lastAssigned: nil) == "ana")
        #expect(AssignPolicy.roundRobin.choose(among: all, lastAssigned: "ana") == "bo")
        #expect(AssignPolicy.roundRobin.choose(among: all, lastAssigned: "cy") == "ana")
        #expect(AssignPolicy.roundRobin.choose(among: all, lastAssigned: "bz") == "cy")   // the last one went away
        #expect(AssignPolicy.leastOpen.choose(among: all, lastAssigned: nil) == "bo")
        #expect(AssignPolicy.leastOpen.choose(among: all, lastAssigned: "bo") == "cy")
        #expect(AssignPolicy.none.choose(among: all, lastAssigned: nil) == nil)
        #expect(AssignPolicy.roundRobin.choose(among: [], lastAssigned: "ana") == nil)
    }

    func caseWithActivity() -> Case {
        var c = Case(id: "K-1", channel: .amazon, openedAt: t0)
        c.messages.append(Message(sourceId: "m1", direction: .inbound, at: at(0), body: "where is it"))
        c.events.append(CaseEvent(.note, at: at(1), text: "mine", by: "lin"))
        c.events.append(CaseEvent(.replied, at: at(2), messageId: "r1", by: "max"))
        c.messages.append(Message(sourceId: "m2", direction: .inbound, at: at(3), body: "thanks, and?"))
        c.events.append(CaseEvent(.note, at: at(4), text: "refund sent", by: "max"))
        return c
    }

    @Test func newsCountsBuyerMessagesAndOthersRepliesAndNotesAfterWhatWasSeen() {
        let c = caseWithActivity()
        #expect(CaseActivity.count(c, excluding: "lin") == 4)   // Lin's own note is not news to her
        #expect(CaseActivity.count(c, excluding: "max") == 3)
        #expect(CaseActivity.news(c, excluding: "lin", after: 1) == CaseNews(messages: 1, replies: 1, notes: 1, by: ["max"]))
        #expect(CaseActivity.news(c, excluding: "lin", after: 4) == CaseNews(messages: 0, replies: 0, notes: 0, by: []))
    }

    @Test func aSendIsClearOnlyWithOurLeaseAndNoNews() {
        let c = caseWithActivity(), lin = AgentRef(id: "lin", name: "Lin"), max = AgentRef(id: "max", name: "Max")
        #expect(SendClearance.decide(for: lin, current: nil, lease: nil) == .gone)
        #expect(SendClearance.decide(for: lin, current: c, lease: nil) == .noLease)
        #expect(SendClearance.decide(for: lin, current: c, lease: (max, true, 0)) == .refused(heldBy: max))
        #expect(SendClearance.decide(for: lin, current: c, lease: (max, false, 0)) == .noLease)   // expired: no longer blocks, but is not ours
        #expect(SendClearance.decide(for: lin, current: c, lease: (lin, false, 4)) == .clear)     // ours ran out, nobody took it
        #expect(SendClearance.decide(for: lin, current: c, lease: (lin, true, 2)) == .held(news: CaseNews(messages: 1, replies: 0, notes: 1, by: ["max"])))
    }

    @Test func theTeamSectionIsReadAndMistakesNameTheLine() throws {
        let c = try KefuConfig.parse("[agent]\nname = \"Lin Wei\"\n[team]\nassign = \"least-open\"\n", file: "config.toml", fallbackZone: TimeZone(identifier: "UTC")!)
        #expect(c.team.assign == .leastOpen)
        #expect(c.team.agent(name: c.reply.agentName!) == AgentRef(id: "lin-wei", name: "Lin Wei"))
        let d = try KefuConfig.parse("[team]\nagent-id = \"lw\"\n", file: "config.toml", fallbackZone: TimeZone(identifier: "UTC")!)
        #expect(d.team.assign == .none && d.team.agent(name: "Lin").id == "lw")
        #expect(TeamSettings.slug("  Jürgen  O'Neil ") == "jürgen-o-neil" && TeamSettings.slug("!!") == "agent")
        #expect(throws: KefuError.data("config.toml:3: team.assign: expected one of \"round-robin\", \"least-open\", \"none\"")) {
            try KefuConfig.parse("time-zone = \"UTC\"\n[team]\nassign = \"random\"\n", file: "config.toml")
        }
        #expect(throws: KefuError.data("config.toml:2: team.agent-id: use letters, digits, -, _ and . only (at most 64)")) {
            try KefuConfig.parse("[team]\nagent-id = \"a b\"\n", file: "config.toml")
        }
        #expect(throws: KefuError.self) { try KefuConfig.parse("[team]\nassing = \"none\"\n", file: "config.toml") }
    }

    @Test func perAgentFiguresCreditTheAgentWhoGaveTheFirstResponse() {
        var c = Case(id: "K-1", channel: .email, openedAt: at(-10))
        c.messages.append(Message(sourceId: "m1", direction: .inbound, at: at(-10), kind: .buyerMessage, body: "hello"))
        c.messages.append(Message(sourceId: "r1", direction: .outbound, at: at(-8), body: "hi"))
        c.events.append(CaseEvent(.replied, at: at(-8), messageId: "r1", by: "lin"))
        c.messages.append(Message(sourceId: "m2", direction: .inbound, at: at(-6), kind: .buyerMessage, body: "and?"))
        c.messages.append(Message(sourceId: "r2", direction: .outbound, at: at(-5), body: "done"))
        c.events.append(CaseEvent(.replied, at: at(-5), messageId: "r2", by: "max"))
        c.messages.append(Message(sourceId: "r3", direction: .outbound, at: at(-4), body: "also"))
        c.events.append(CaseEvent(.replied, at: at(-4), messageId: "r3", by: "max"))
        let figures = AgentFigures.compute([c], agents: [AgentRef(id: "lin", name: "Lin"), AgentRef(id: "max", name: "Max"), AgentRef(id: "zoe", name: "Zoe")],
                                           at: t0, days: 30, policy: .standard)
        #expect(figures.map(\.answered) == [1, 2, 0])
        #expect(figures.map(\.firstResponses) == [1, 1, 0])
        #expect(figures.map(\.medianFirstResponseMinutes) == [120, 60, nil])
        #expect(figures.map(\.met) == [1, 1, 0])
        #expect(figures[2].slaMetRate == nil && figures[0].slaMetRate == 1)
    }
}
