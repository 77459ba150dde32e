import Foundation

extension Case {
    /// The history as it stands: every event except those an `undone` event took back, and the
    /// `undone` events themselves. What the clocks, the notes and the reports read.
    public var liveEvents: [CaseEvent] {
        guard events.contains(where: { $0.type == .undone }) else { return events }
        var gone = Set<Int>()
        for e in events where e.type == .undone { gone.formUnion(e.undoes ?? []) }
        return events.indices.compactMap { i in gone.contains(i) || events[i].type == .undone ? nil : events[i] }
    }

    /// The case with only its live events (itself when nothing was undone), for code that reads `events`.
    public var withLiveEvents: Case {
        guard events.contains(where: { $0.type == .undone }) else { return self }
        var c = self
        c.events = liveEvents
        return c
    }
}
