import Foundation
import KefuBase

/// Undo send: a reply still waiting out its grace period (`DeliveryState.notBefore`) leaves the outbox.
extension MailDelivery {
    /// The queued reply `messageID` if no deliverer has claimed it: it can still be taken back.
    /// Callers hold the lock deliverers claim under, so it stays unclaimed until they remove it.
    public func waiting(messageID: String) throws -> QueuedReply? {
        try list().first { $0.messageID == messageID && !$0.state.inFlight }
    }

    /// The earliest grace period still running at `now`, for a deliverer that should wake when it ends.
    public func nextRelease(after now: Date) throws -> Date? {
        try list().compactMap { $0.state.notBefore.flatMap { $0 > now ? $0 : nil } }.min()
    }
}
