import Foundation

extension Case {
    /// Names `agent` (an agent id) as the author of the events from `index` on that name nobody yet:
    /// a change made from the command line is the configured agent's, as the inbox's are.
    public mutating func attributeEvents(from index: Int, to agent: String?) {
        guard let agent, index < events.count else { return }
        for i in max(0, index)..<events.count where events[i].by == nil { events[i].by = agent }
    }
}
