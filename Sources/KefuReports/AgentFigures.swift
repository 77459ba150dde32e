import Foundation
import KefuModel
import KefuStore

/// Per-agent figures for a team (`kefu stats`): replies sent, and for the buyer messages an agent
/// gave the first response to, the median time it took and how many were within the reply window.
/// A response is the agent's when the reply (or "no response needed") event at its time names them.
public struct AgentFigures: Sendable, Equatable, Encodable {
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
    public func encode(to encoder: Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(agentID, forKey: .agentID); try k.encode(name, forKey: .name); try k.encode(answered, forKey: .answered)
        try k.encode(firstResponses, forKey: .firstResponses); try k.encode(medianFirstResponseMinutes, forKey: .medianFirstResponseMinutes)
        try k.encode(met, forKey: .met); try k.encode(late, forKey: .late); try k.encode(slaMetRate, forKey: .slaMetRate)
    }

    /// Figures for each of `agents` (in that order) over the `days` before `now`.
    public static func compute(_ cases: [Case], agents: [AgentRef], at now: Date, days: Int, policy: SLAPolicy) -> [AgentFigures] {
        let since = now.addingTimeInterval(-Double(days) * 86400)
        var answered: [String: Int] = [:], times: [String: [TimeInterval]] = [:], met: [String: Int] = [:], late: [String: Int] = [:]
        for c in cases {
            for e in c.events where e.type == .replied && e.at >= since && e.at <= now { if let by = e.by { answered[by, default: 0] += 1 } }
            for r in ResponseMetrics.responses(c, at: now, policy: policy) {
                guard let at = r.respondedAt, at >= since, at <= now, let by = author(of: at, in: c) else { continue }
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

    /// Who gave the response at `at`: the agent named on a reply, "no response needed" or handled event then.
    static func author(of at: Date, in c: Case) -> String? {
        c.events.first { [.replied, .noResponseNeeded, .handled].contains($0.type) && $0.at == at && $0.by != nil }?.by
    }
}
