import Foundation
import KefuModel

/// A shared store (PostgreSQL): colleagues' changes come in as ids, are read again by an effect, and
/// replace the state's copies here, in the one queue like every other change.
extension InboxUpdate {
    /// Team mode: the events this agent's change added (from `since` on) carry their id, so stats and
    /// colleagues can tell who did it (replies are signed by `ReplyRecord.apply`).
    static func signEvents(_ c: inout Case, since: Int, _ s: InboxState) {
        guard let me = s.team?.me.id, since < c.events.count else { return }
        for i in since..<c.events.count where c.events[i].by == nil { c.events[i].by = me }
    }

    static func casesReloaded(_ s: inout InboxState, changed: [Case], gone: [String], failure: String?) -> [InboxEffect] {
        if let failure {
            s.statusLine = ("A colleague's change could not be read: \(failure)", true)
            return []
        }
        putCases(&s, changed.map { ($0.id, $0) } + gone.map { ($0, nil) })
        // Ids a colleague's intake handed out are not handed out again here.
        if let top = changed.map(\.number).max(), top >= s.nextCaseNumber { s.nextCaseNumber = top + 1 }
        return relook(&s, changed)
    }
}
