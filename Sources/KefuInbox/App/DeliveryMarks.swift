import Foundation
import KefuModel
import KefuMail

/// Where one of kefu's replies is on its way to the buyer, as the thread shows it.
public enum DeliveryMark: Sendable, Equatable {
    /// In the outbox, not tried or not failed yet.
    case queued(since: Date)
    /// In the outbox, held while the agent edits it.
    case editing(since: Date)
    /// In the outbox after a failed attempt, or held (kefu stopped mid-delivery): the error as recorded.
    case failed(String)
    /// The mail command accepted it.
    case sent(at: Date)
}

/// The delivery state of a case's outbound messages, from its `delivered` events and the outbox as
/// the delivery thread last listed it. Replies neither delivered nor queued (imported seller copies,
/// replies from before delivery was recorded) carry no mark.
public struct DeliveryMarks: Sendable, Equatable {
    public var marks: [String: DeliveryMark] = [:]
    /// Message-IDs still in the outbox: no clock counts them as an answer.
    public var undelivered: Set<String> = []

    public init() {}

    public init(_ c: Case, outbox: [QueuedReply]) {
        for e in c.events where e.type == .delivered {
            if let id = e.messageId, marks[id] == nil { marks[id] = .sent(at: e.at) }
        }
        for q in outbox where q.caseID == c.id {
            undelivered.insert(q.messageID)
            if let error = q.state.lastError { marks[q.messageID] = .failed(error) }
            else if let since = q.state.editingSince { marks[q.messageID] = .editing(since: since) }
            else if q.state.inFlight { marks[q.messageID] = .failed("held: kefu stopped mid-delivery; check the sent mail before retrying") }
            else { marks[q.messageID] = .queued(since: q.queuedAt) }
        }
    }

    /// Every queued reply's Message-ID, by case.
    public static func queuedByCase(_ outbox: [QueuedReply]) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for q in outbox { if let id = q.caseID { out[id, default: []].insert(q.messageID) } }
        return out
    }

    /// The thread's line under an outbound message (unwrapped), neutralised: the error comes from a mail command.
    func line(for messageID: String, zone: TimeZone) -> StyledLine? {
        switch marks[messageID] {
        case .queued(let since)?: return StyledLine("⧗ queued \(LocalTime.stamp(since, in: zone)), not delivered yet", Style(.soon))
        case .editing(let since)?: return StyledLine("⧗ queued, held while you edit it (since \(LocalTime.stamp(since, in: zone)))", Style(.soon))
        case .failed(let error)?: return StyledLine("✗ not sent: " + DisplayText.sanitizeLine(error), Style(.error))
        case .sent(let at)?: return StyledLine("✓ sent \(LocalTime.stamp(at, in: zone))", Style(.dim))
        case nil: return nil
        }
    }
}
