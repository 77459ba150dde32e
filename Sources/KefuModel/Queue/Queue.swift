import Foundation

/// Which cases a queue shows.
public enum QueueFilter: String, CaseIterable, Sendable {
    case needsReply = "needs-reply"
    case overdue, waiting, snoozed, resolved, all

    public var title: String {
        switch self {
        case .needsReply: return "needs reply"
        case .overdue: return "overdue"
        case .waiting: return "waiting"
        case .snoozed: return "snoozed"
        case .resolved: return "resolved"
        case .all: return "all"
        }
    }
}

/// A case as the queue shows it: the case, its most urgent running clock, its effective status.
public struct QueueEntry: Sendable {
    public var item: Case
    public var clock: CaseClock?
    /// A snoozed case whose time has come (or whose deadline draws near) shows as needing a reply again.
    public var status: CaseStatus

    public init(_ c: Case, at now: Date, policy: SLAPolicy = .standard) {
        item = c
        clock = Clocks.mostUrgent(c, at: now, policy: policy)
        status = c.status
        if c.status == .snoozed, let wake = Clocks.wakeTime(c, urgent: clock, warnWithin: policy.warnWithin), wake <= now { status = .needsReply }
    }

    public func isOverdue(at now: Date) -> Bool { clock?.isOverdue(at: now) ?? false }
    public func remaining(at now: Date) -> TimeInterval? { clock?.remaining(at: now) }

    public func matches(_ f: QueueFilter, at now: Date) -> Bool {
        switch f {
        case .needsReply: return status == .needsReply
        case .overdue: return status != .resolved && status != .snoozed && isOverdue(at: now)
        case .waiting: return status == .waitingBuyer
        case .snoozed: return status == .snoozed
        case .resolved: return status == .resolved
        case .all: return true
        }
    }
}

public enum Queue {
    /// The queue order: earliest running deadline first; cases without one after; ties by the older case.
    public static func precedes(_ a: QueueEntry, _ b: QueueEntry) -> Bool {
        switch (a.clock?.dueAt, b.clock?.dueAt) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default:
            if a.item.openedAt != b.item.openedAt { return a.item.openedAt < b.item.openedAt }
            if a.item.number != b.item.number { return a.item.number < b.item.number }
            return a.item.id < b.item.id   // one order for any set of cases: the queue is updated row by row
        }
    }

    public static func entries<S: Sequence>(_ cases: S, filter: QueueFilter, at now: Date,
                                            policy: SLAPolicy = .standard) -> [QueueEntry] where S.Element == Case {
        sorted(cases.lazy.map { QueueEntry($0, at: now, policy: policy) }.filter { $0.matches(filter, at: now) })
    }

    /// The same order as `precedes`, sorting small keys instead of entries (an entry carries a
    /// whole case, and copying one per comparison costs more than the comparison).
    public static func sorted(_ entries: [QueueEntry]) -> [QueueEntry] {
        struct Key { var due: Double; var opened: Double; var number: Int; var index: Int }
        var keys = entries.enumerated().map { i, e in
            Key(due: e.clock?.dueAt.timeIntervalSince1970 ?? .infinity, opened: e.item.openedAt.timeIntervalSince1970,
                number: e.item.number, index: i)
        }
        keys.sort {
            ($0.due, $0.opened, $0.number) != ($1.due, $1.opened, $1.number)
                ? ($0.due, $0.opened, $0.number) < ($1.due, $1.opened, $1.number)
                : entries[$0.index].item.id < entries[$1.index].item.id
        }
        return keys.map { entries[$0.index] }
    }
}

/// The one duration format of the queue, the detail pane's clocks, `kefu list` and the reports: the two
/// largest units, the second zero-padded — `2d 21h`, `1d 21h`, `23h 59m`, `1h 05m`, `14m 30s` — so that
/// two countdowns compare at a glance (`45h 49m` beside `2d 21h` did not). A day or more is always in
/// days. Past the deadline the same with "late": `2h 05m late`.
public enum Countdown {
    public static func text(_ remaining: TimeInterval) -> String {
        if remaining <= 0 { return span(Int((-remaining).rounded(.down))) + " late" }
        return span(Int(remaining.rounded(.up)))
    }

    /// `seconds` in the two largest units.
    public static func span(_ s: Int) -> String {
        if s < 3600 { return String(format: "%dm %02ds", s / 60, s % 60) }
        if s < 86400 { return String(format: "%dh %02dm", s / 3600, s % 3600 / 60) }
        return String(format: "%dd %02dh", s / 86400, s % 86400 / 3600)
    }
}
