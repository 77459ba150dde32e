import Foundation
import KefuBase

/// Where queued replies wait and how they leave: the JSON store's outbox directory (`MailDelivery`),
/// or a shared store's outbox table that one elected deliverer sends from (`PGOutbox`). The delivery
/// worker, the inbox's outbox list (`U`), undo send and `kefu outbox` use only this, so the rules
/// (grace period, hold while editing, never retry one that may have left) are said once per store.
public protocol ReplyOutbox: Sendable {
    /// Every reply not yet delivered, oldest first.
    func list() throws -> [QueuedReply]
    /// The next reply due for an attempt, marked in flight (nil: none due, or this kefu does not deliver).
    /// `force`: whatever its retry time or edit hold; `tried`: Message-IDs attempted in this pass.
    func claim(now: Date, force: Bool, skipping tried: Set<String>) throws -> QueuedReply?
    /// Runs the mail command on a claimed reply and records the outcome.
    func attempt(_ q: QueuedReply, clock: Now) throws -> DeliveryOutcome
    /// The queued reply `messageID` if no deliverer has claimed it: it can still be taken back.
    func waiting(messageID: String) throws -> QueuedReply?
    /// Removes the reply while it still waits (undo send); throws when it is on its way.
    func takeOut(messageID: String) throws
    /// The earliest grace period still running at `now`, for a deliverer that should wake when it ends.
    func nextRelease(after now: Date) throws -> Date?
    /// Rewrites the waiting reply with `mail` (same Message-ID); its attempts start afresh.
    func replace(with mail: MailMessage) throws -> MailDelivery.TakenBack
    /// Removes the waiting reply, returning what to put back if recording the change fails.
    func withdraw(messageID: String) throws -> MailDelivery.TakenBack
    /// Holds the waiting reply while the agent edits it (`since`), or releases it (nil).
    func holdForEdit(messageID: String, since: Date?) throws
    /// Puts a taken-back reply as it was.
    func restore(_ t: MailDelivery.TakenBack) throws
    /// An agent asked for every reply to go now (`U` Enter, `kefu outbox --retry`): what the next
    /// `claim(force: true)` here, or the team's deliverer, needs first. Returns how many were released.
    func releaseForRetry(now: Date) throws -> Int
}

extension ReplyOutbox {
    /// Claims and attempts until nothing is due; each reply at most once per call.
    public func deliverDue(force: Bool, clock: Now) throws -> [DeliveryOutcome] {
        var tried: Set<String> = [], outcomes: [DeliveryOutcome] = []
        while let q = try claim(now: clock(), force: force, skipping: tried) {
            tried.insert(q.messageID)
            outcomes.append(try attempt(q, clock: clock))
        }
        return outcomes
    }
}

extension MailDelivery: ReplyOutbox {
    public func takeOut(messageID: String) throws { try outbox.remove(messageID: messageID) }
    /// Nothing to do here: a forced claim takes held and waiting replies alike.
    public func releaseForRetry(now: Date) throws -> Int { 0 }
}
