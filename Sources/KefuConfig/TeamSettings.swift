import Foundation
import KefuBase
import KefuStore

/// `[team]`: how a shared (PostgreSQL) store hands out cases, and who this agent is in it.
public struct TeamSettings: Sendable, Equatable {
    public var assign: AssignPolicy = .none
    /// `[team] agent-id`: the id stored on this agent's cases and events; by default the `[agent] name`
    /// in lower case with runs of anything but letters and digits as one `-` ("Lin Wei" → "lin-wei").
    public var agentID: String?

    public init(assign: AssignPolicy = .none, agentID: String? = nil) { self.assign = assign; self.agentID = agentID }

    /// This agent as the team knows them.
    public func agent(name: String) -> AgentRef { AgentRef(id: agentID ?? Self.slug(name), name: name) }

    public static func slug(_ name: String) -> String {
        var out = "", dash = false
        for ch in name.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch); dash = false } else if !dash && !out.isEmpty { out.append("-"); dash = true }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "agent" : out
    }

    /// Agent ids: short, plain, no spaces (they show in lists and go into SQL parameters and JSON).
    static let maxIDLength = 64
}

extension ConfigReader {
    func team(_ root: TOMLTable) throws -> TeamSettings {
        var s = TeamSettings()
        guard let t = try table(root, "team") else { return s }
        try allow(t, ["assign", "agent-id"], at: "team")
        if let v = t["assign"] {
            let names = AssignPolicy.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            guard let raw = v.stringValue, let p = AssignPolicy(rawValue: raw) else {
                throw fail(t.line(of: "assign"), "team.assign", "expected one of \(names)")
            }
            s.assign = p
        }
        if let id = try nonBlank(t, "agent-id", path: "team", expected: "expected an agent id, e.g. \"lin\"") {
            guard id.count <= TeamSettings.maxIDLength, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                throw fail(t.line(of: "agent-id"), "team.agent-id", "use letters, digits, -, _ and . only (at most \(TeamSettings.maxIDLength))")
            }
            s.agentID = id
        }
        return s
    }
}
