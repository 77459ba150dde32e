import Foundation
import KefuModel

/// A shared store (PostgreSQL): colleagues' changes come in as ids, are read again by an effect, and
/// replace the state's copies here, in the one queue like every other change.
extension InboxUpdate {
    /// Team mode: the events this agent's change added (from `since` on) carry their id, so stats and
    /// colleagues can tell who did it (replies are signed by `ReplyRecord.apply`).
    static func signEvents(_ c: inout Case, since: Int, _ s: InboxState) {
        c.attributeEvents(from: since, to: s.team?.me.id)
    }

    static func casesReloaded(_ s: inout InboxState, changed: [Case], gone: [String], failure: String?) -> [InboxEffect] {
        if let failure {
            s.statusLine = ("A colleague's change could not be read: \(failure)", true)
            return []
        }
        // A resync (after start or a reconnect) reads every open case; only those that differ are put
        // back, so the queue recomputes what changed, not the whole table.
        putCases(&s, changed.filter { s.cases[$0.id] != $0 }.map { ($0.id, $0) } + gone.map { ($0, nil) })
        // Ids a colleague's intake handed out are not handed out again here.
        if let top = changed.map(\.number).max(), top >= s.nextCaseNumber { s.nextCaseNumber = top + 1 }
        return relook(&s, changed)
    }

    /// This kefu became the team's deliverer (it sends the shared outbox and files new mail) or stopped
    /// being it (another kefu took over): the header says which, the intake follows.
    static func delivererChanged(_ s: inout InboxState, _ now: Bool) -> [InboxEffect] {
        guard now != s.delivering else { return [] }
        s.delivering = now
        s.statusLine = now ? ("This kefu now delivers the team's replies and files new mail", false)
                           : ("Another kefu now delivers the team's replies and files new mail", false)
        return [.runIntake(now)]
    }
}
