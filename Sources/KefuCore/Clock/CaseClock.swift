import Foundation

/// The deadlines a case can carry (DOMAIN.md, "Case kinds, and their clocks"). Raw values are what
/// `--json`, `handled` events and the configuration use.
public enum ClockKind: String, Sendable, Codable, CaseIterable {
    case reply
    case companySLA = "company-sla"
    case returnAnswer = "return-answer"
    case returnRefund = "return-refund"
    case aToZ = "a-to-z"
    case chargeback
    case ebayRequest = "ebay-request"
    case feedbackRemoval = "feedback-removal"
    case promise
    case snooze

    public var label: String {
        switch self {
        case .reply: return "Reply"
        case .companySLA: return "Company SLA"
        case .returnAnswer: return "Return answer"
        case .returnRefund: return "Refund after return"
        case .aToZ: return "A-to-z claim"
        case .chargeback: return "Chargeback"
        case .ebayRequest: return "eBay request"
        case .feedbackRemoval: return "Feedback removal window"
        case .promise: return "Promise"
        case .snooze: return "Snooze"
        }
    }

    /// Shown, but never what makes a case urgent or overdue.
    public var isInformational: Bool { self == .feedbackRemoval || self == .snooze }
}

/// One deadline of a case. `running` may be past due (overdue); `met`/`breached` say whether the
/// action came in time; `stopped` means it no longer applies.
public struct CaseClock: Sendable, Equatable {
    public enum State: String, Sendable, Codable { case running, met, breached, stopped }
    public var kind: ClockKind
    public var start: Date
    public var dueAt: Date
    public var state: State
    public var reason: String

    public init(_ kind: ClockKind, start: Date, dueAt: Date, state: State, reason: String) {
        self.kind = kind; self.start = start; self.dueAt = max(dueAt, start); self.state = state; self.reason = reason
    }

    public var name: String { kind.rawValue }
    public func remaining(at now: Date) -> TimeInterval { dueAt.timeIntervalSince(now) }
    public func isOverdue(at now: Date) -> Bool { state == .running && dueAt <= now }
    /// Running and able to make the case urgent.
    public var isUrgent: Bool { state == .running && !kind.isInformational }
}
