import Foundation

/// A deadline a case carries. The SLA engine grows the set of clocks; the queue only ever asks
/// for the most urgent running one.
public struct CaseClock: Sendable, Equatable {
    public enum State: String, Sendable, Codable { case running, met, breached, stopped }
    public var name: String
    public var start: Date
    public var dueAt: Date
    public var state: State
    public var reason: String

    public func remaining(at now: Date) -> TimeInterval { dueAt.timeIntervalSince(now) }
    public func isOverdue(at now: Date) -> Bool { state == .running && dueAt <= now }
}

public enum Clocks {
    /// Amazon's reply window: calendar hours, weekends and holidays included.
    public static let replyWindow: TimeInterval = 24 * 3600

    /// The reply clock: 24 h from the oldest inbound message not yet answered. One reply (or
    /// "no response needed") answers every message before it; a later buyer message re-arms it.
    public static func reply(_ c: Case, at now: Date) -> CaseClock? {
        var answeredUntil = Date.distantPast
        for m in c.messages where m.direction == .outbound { answeredUntil = max(answeredUntil, m.at) }
        for e in c.events where e.type == .noResponseNeeded { answeredUntil = max(answeredUntil, e.at) }
        guard let oldest = c.messages.first(where: { $0.direction == .inbound && $0.at > answeredUntil }) else {
            guard let last = c.messages.last(where: { $0.direction == .inbound }) else { return nil }
            let met = answeredUntil <= last.at.addingTimeInterval(replyWindow)
            return CaseClock(name: "reply", start: last.at, dueAt: last.at.addingTimeInterval(replyWindow),
                             state: met ? .met : .breached, reason: "answered")
        }
        if c.status == .resolved {
            return CaseClock(name: "reply", start: oldest.at, dueAt: oldest.at.addingTimeInterval(replyWindow),
                             state: .stopped, reason: "case resolved")
        }
        return CaseClock(name: "reply", start: oldest.at, dueAt: oldest.at.addingTimeInterval(replyWindow),
                         state: .running, reason: "buyer message unanswered")
    }

    /// Every clock of a case (the SLA issue adds more kinds).
    public static func all(_ c: Case, at now: Date) -> [CaseClock] {
        [reply(c, at: now)].compactMap { $0 }
    }

    /// The running clock due first, or nil when nothing is running. Runs for every case on every
    /// tick, so it avoids building the full list.
    public static func mostUrgent(_ c: Case, at now: Date) -> CaseClock? {
        guard c.status != .resolved, let k = reply(c, at: now), k.state == .running else { return nil }
        return k
    }
}
