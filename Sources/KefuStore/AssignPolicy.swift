import Foundation

/// `[team] assign`: who gets a case the intake files, among the agents marked available.
public enum AssignPolicy: String, Sendable, CaseIterable {
    /// In turn, by agent id, after whoever got the last one.
    case roundRobin = "round-robin"
    /// The agent with the fewest open cases (ties: in turn, by agent id).
    case leastOpen = "least-open"
    /// Nobody: cases stay unowned until an agent takes one ("next case") or assigns it.
    case none

    /// An available agent and how many open cases they own.
    public struct Candidate: Equatable, Sendable {
        public var id: String
        public var openCases: Int
        public init(id: String, openCases: Int) { self.id = id; self.openCases = openCases }
    }

    /// The agent to give the next case to; nil when the policy is `none` or nobody is available.
    /// `lastAssigned` is the id the previous assignment went to (the round-robin cursor).
    public func choose(among candidates: [Candidate], lastAssigned: String?) -> String? {
        let ordered = candidates.sorted { $0.id < $1.id }
        guard !ordered.isEmpty else { return nil }
        // The rotation starts after the last one assigned, wrapping around (also when they left).
        let start = lastAssigned.flatMap { last in ordered.firstIndex { $0.id > last } } ?? 0
        let rotation = Array(ordered[start...] + ordered[..<start])
        switch self {
        case .none: return nil
        case .roundRobin: return rotation[0].id
        case .leastOpen:
            let fewest = rotation.map(\.openCases).min()!
            return rotation.first { $0.openCases == fewest }!.id
        }
    }
}
