import Foundation
import KefuModel
import KefuMail

/// One change `u` can take back: each case it touched as it was before and right after. Undoing
/// checks the case is still as it was right after (nothing newer touched it), then appends an
/// `undone` event naming the change's events and puts back the fields they changed: the history
/// stays append-only.
public struct UndoStep: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var before: Case
        public var after: Case
    }

    /// A queued reply: taken back out of the outbox while its grace period runs (`sendAfter`).
    public struct Reply: Sendable, Equatable {
        public var mail: MailMessage
        /// The composer as it was sent, back on screen when the reply is taken back.
        public var composer: ComposerState
        public var sendAfter: Date
        /// The grace period ended and the deliverer was told (once).
        var released = false
    }

    /// What the status line calls the change ("K-1004: resolved", "3 cases resolved").
    public var what: String
    public var changes: [Change]
    public var reply: Reply?
    /// The marks a bulk change used (and cleared): back with its undo.
    public var marks: Set<String> = []

    /// The most steps kept; older ones drop off.
    static let limit = 50
}

extension UndoStep.Change {
    /// Why this case can no longer be put back (`current` is the case now), or nil.
    func newer(than current: Case?) -> String? {
        guard let current else { return "is no longer open" }
        if current.messages.count > after.messages.count { return "got a new message since" }
        if current.liveEvents.count != after.liveEvents.count || current.status != after.status
            || current.category != after.category || current.snoozedUntil != after.snoozedUntil {
            return "changed since" + (current.events.last.map { " (\($0.type.rawValue))" } ?? "")
        }
        return nil
    }

    /// The case put back: its fields as before the change, its history as now plus an `undone` event
    /// naming the change's events; `dropping` an outbound message that never left (undo send).
    func reverted(_ current: Case, what: String, at now: Date, dropping messageID: String? = nil) -> Case {
        var c = before
        c.messages = current.messages.filter { !($0.direction == .outbound && $0.sourceId == messageID) }
        c.events = current.events
        let taken = Array(before.events.count..<after.events.count)
        if !taken.isEmpty { c.events.append(CaseEvent(.undone, at: now, text: what, undoes: taken)) }
        return c
    }
}
