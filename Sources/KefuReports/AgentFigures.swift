import Foundation
import KefuModel
import KefuStore

/// Per-agent figures for a team (`kefu stats`, the weekly summary): replies sent, and for the buyer messages an agent
/// gave the first response to, the median time it took and how many were within the reply window.
/// A response is the agent's when the reply (or "no response needed") event at its time names them.
public struct AgentFigures: Sendable, Equatable, Codable {
    public var agentID: String
    public var name: String
    public var answered: Int
    public var firstResponses: Int
    public var medianFirstResponseMinutes: Double?
    public var met: Int
    public var late: Int
    /// met ÷ (met + late); nil without decided responses.
    public var slaMetRate: Double? { met + late == 0 ? nil : Double(met) / Double(met + late) }

    enum CodingKeys: String, CodingKey { case agentID = "agent", name, answered, firstResponses, medianFirstResponseMinutes, met, late, slaMetRate }
    public init(agentID: String, name: String, answered: Int, firstResponses: Int, medianFirstResponseMinutes: Double?, met: Int, late: Int) {
        self.agentID = agentID; self.name = name; self.answered = answered; self.firstResponses = firstResponses
        self.medianFirstResponseMinutes = medianFirstResponseMinutes; self.met = met; self.late = late
    }

    /// `slaMetRate` is derived, so read back from the other fields.
    public init(from decoder: Decoder) throws {
        let k = try decoder.container(keyedBy: CodingKeys.self)
        self.init(agentID: try k.decode(String.self, forKey: .agentID), name: try k.decode(String.self, forKey: .name),
                  answered: try k.decode(Int.self, forKey: .answered), firstResponses: try k.decode(Int.self, forKey: .firstResponses),
                  medianFirstResponseMinutes: try k.decodeIfPresent(Double.self, forKey: .medianFirstResponseMinutes),
                  met: try k.decode(Int.self, forKey: .met), late: try k.decode(Int.self, forKey: .late))
    }

    public func encode(to encoder: Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(agentID, forKey: .agentID); try k.encode(name, forKey: .name); try k.encode(answered, forKey: .answered)
        try k.encode(firstResponses, forKey: .firstResponses); try k.encode(medianFirstResponseMinutes, forKey: .medianFirstResponseMinutes)
        try k.encode(met, forKey: .met); try k.encode(late, forKey: .late); try k.encode(slaMetRate, forKey: .slaMetRate)
    }

    /// Figures for each of `agents` (in that order) over the `days` before `now` (`kefu stats`).
    public static func compute(_ cases: [Case], agents: [AgentRef], at now: Date, days: Int, policy: SLAPolicy) -> [AgentFigures] {
        let since = now.addingTimeInterval(-Double(days) * 86400)
        let activity = cases.map { Activity(responses: ResponseMetrics.responses($0, at: now, policy: policy), authored: CaseFacts.authored(of: $0) ?? []) }
        return compute(activity, agents: agents) { $0 >= since && $0 <= now }
    }

    /// The same from report facts, over a report's period (the weekly summary): every agent who
    /// answered in it, in `agents`' order first, then by id; a name `agents` does not give is the id.
    /// Nil when no response in the period names an agent (a one-agent store whose events carry no
    /// author): the report then has no agents section.
    public static func compute(_ facts: [CaseFacts], agents: [AgentRef], period: ReportPeriod, now: Date, policy: SLAPolicy) -> [AgentFigures]? {
        let activity = facts.compactMap { f in
            f.authored.map { Activity(responses: f.responses(at: now, policy: policy), authored: $0) }
        }
        let inPeriod = { (d: Date) in period.contains(d) && d <= now }
        var ids = Set<String>()
        for a in activity {
            for e in a.authored where inPeriod(e.at) { ids.insert(e.by) }
        }
        guard !ids.isEmpty else { return nil }
        let named = agents.filter { ids.contains($0.id) }
        let known = Set(named.map(\.id))
        let all = named + ids.subtracting(known).sorted().map { AgentRef(id: $0, name: $0) }
        return compute(activity, agents: all, within: inPeriod).filter { $0.answered + $0.firstResponses > 0 }
    }

    /// One case's part: its buyer messages' responses, and its response events naming an agent.
    struct Activity {
        var responses: [MessageResponse]
        var authored: [CaseFacts.Authored]
    }

    /// A response is the agent's when a reply, "no response needed" or handled event at its time names them.
    static func compute(_ cases: [Activity], agents: [AgentRef], within: (Date) -> Bool) -> [AgentFigures] {
        var answered: [String: Int] = [:], times: [String: [TimeInterval]] = [:], met: [String: Int] = [:], late: [String: Int] = [:]
        for c in cases where !c.authored.isEmpty {
            for e in c.authored where e.reply && within(e.at) { answered[e.by, default: 0] += 1 }
            for r in c.responses {
                guard let at = r.respondedAt, within(at), let by = c.authored.first(where: { $0.at == at })?.by else { continue }
                times[by, default: []].append(at.timeIntervalSince(r.receivedAt))
                if r.outcome == .met { met[by, default: 0] += 1 } else if r.outcome == .late { late[by, default: 0] += 1 }
            }
        }
        return agents.map { a in
            let t = (times[a.id] ?? []).sorted()
            let median: Double? = t.isEmpty ? nil : (t.count % 2 == 1 ? t[t.count / 2] : (t[t.count / 2 - 1] + t[t.count / 2]) / 2) / 60
            return AgentFigures(agentID: a.id, name: a.name, answered: answered[a.id] ?? 0, firstResponses: t.count,
                                medianFirstResponseMinutes: median, met: met[a.id] ?? 0, late: late[a.id] ?? 0)
        }
    }
}
