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
    /// Why the clock runs or how it ended; text is made only when shown (every tick recomputes clocks).
    public var why: ClockReason
    public var reason: String { why.text }

    public init(_ kind: ClockKind, start: Date, dueAt: Date, state: State, reason: ClockReason) {
        self.kind = kind; self.start = start; self.dueAt = max(dueAt, start); self.state = state; self.why = reason
    }

    public var name: String { kind.rawValue }
    public func remaining(at now: Date) -> TimeInterval { dueAt.timeIntervalSince(now) }
    public func isOverdue(at now: Date) -> Bool { state == .running && dueAt <= now }
    /// Running and able to make the case urgent.
    public var isUrgent: Bool { state == .running && !kind.isInformational }
}

public enum ClockReason: Sendable, Equatable {
    case unanswered, caseResolved, promise, snooze, claimStated, disputeDueDate, feedbackWindowClosed
    case answeredAfter(TimeInterval)
    case companyHours(Double), returnAnswer(Double), claimHours(Double)
    case refundAfterReturn(Int), chargebackDays(Int), ebayDays(Int), feedbackWindow(Int)

    public var text: String {
        switch self {
        case .unanswered: return "buyer message unanswered"
        case .caseResolved: return "case resolved"
        case .promise: return "follow-up promised"
        case .snooze: return "back in the queue then"
        case .claimStated: return "deadline stated in the claim notice"
        case .disputeDueDate: return "the dispute's evidence due date"
        case .feedbackWindowClosed: return "removal window closed"
        case .answeredAfter(let t): return "answered after \(Countdown.text(t))"
        case .companyHours(let h): return "\(Self.hours(h)) business hours (company)"
        case .returnAnswer(let h): return "answer the return request within \(Self.hours(h)) h"
        case .claimHours(let h): return "respond to the claim within \(Self.hours(h)) h"
        case .refundAfterReturn(let d): return "refund within \(d) business days of the return"
        case .chargebackDays(let d): return "respond within \(d) calendar days"
        case .ebayDays(let d): return "\(d) business days before the buyer can ask eBay to step in"
        case .feedbackWindow(let d): return "a removal request is possible within \(d) days"
        }
    }

    static func hours(_ h: Double) -> String {
        h == h.rounded() ? String(Int(h)) : String(format: "%.1f", h)
    }
}
