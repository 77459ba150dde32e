import Foundation
import KefuModel

/// The queue derived from the cases, kept between changes so that a tick costs what changed, not
/// what is open (issue 16, item 4). A case's clock and place in the order depend on the case alone;
/// what depends on the time — a snooze waking, a deadline entering the warning threshold, a deadline
/// passing — happens at instants known in advance. Each case's next such instant waits in a heap;
/// an update recomputes the cases written since the last one and those whose instant has come, and
/// moves only their rows. Everything else (a filter, a search, a lingering row, a new policy, time
/// going backwards) rebuilds the rows from the kept entries, or everything from the cases.
struct QueueIndex: Sendable, CustomReflectable {
    /// A case's share of the header's counts.
    struct Tally: Sendable, Equatable {
        var needsReply = false, overdue = false, dueSoon = false, waiting = false
    }

    struct Slot: Sendable {
        var entry: QueueEntry
        var tally: Tally
        /// The next instant at which the tally, the status or `matches` can change (distantFuture: none).
        var nextChange: Date
        var shown = false
    }

    /// What decides whether a case shows, besides the case and the time.
    struct Context {
        var now: Date
        var policy: SLAPolicy
        var filter: QueueFilter
        var needle: String
        var haystacks: [String: String]
        var unsent: Set<String>
        /// Message-IDs of replies still in the outbox, by case.
        var undelivered: [String: Set<String>] = [:]
        var lingering: String?
        /// Team mode's `mine` filter: only cases owned by this agent or by nobody.
        var mine: TeamState?
    }

    private(set) var slots: [String: Slot] = [:]
    private var wakeups = WakeupHeap()
    private var evaluatedAt: Date?
    private var tallies = Tally.Counts()
    /// What the rows were built for: a different filter, search or lingering case rebuilds them.
    private var rowsFor: (filter: QueueFilter, needle: String, lingering: String?, mine: Int?)?
    /// False after a policy change: every case is recomputed at the next update.
    var valid = false
    /// Cases whose clocks the last update computed (the tests check a tick touches only those it must).
    private(set) var recomputed = 0

    /// A cache of the cases: compared and printed as nothing (the state's meaning is in `visible` and `counts`).
    var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Brings `visible` and `counts` up to date with the cases, `changed` naming those written since the last update.
    mutating func update(_ cases: CaseTable, changed: Set<String>, _ ctx: Context, visible: inout [QueueEntry], counts: inout QueueCounts) {
        if !valid || evaluatedAt.map({ ctx.now < $0 }) ?? true {
            recomputeAll(cases, ctx)
            rebuildRows(ctx, visible: &visible)
        } else {
            var due = changed
            recomputed = 0
            while let w = wakeups.peek, w.at <= ctx.now {
                wakeups.pop()
                if slots[w.id]?.nextChange == w.at { due.insert(w.id) }
            }
            // Rows move one by one only while they are in plain queue order.
            let incremental = ctx.lingering == nil && rowsFor.map { $0 == (ctx.filter, ctx.needle, nil, ctx.mine?.ownersVersion) } ?? false
            for id in due {
                let old = slots[id]
                if let old { tallies.remove(old.tally) }
                if incremental, let old, old.shown { Self.removeRow(old.entry, from: &visible) }
                guard let c = cases[id] else { slots[id] = nil; continue }
                var slot = Self.evaluate(c, ctx)
                recomputed += 1
                tallies.add(slot.tally)
                slot.shown = Self.shows(slot.entry, ctx)
                if incremental, slot.shown { Self.insertRow(slot.entry, into: &visible) }
                schedule(id, slot.nextChange)
                slots[id] = slot
            }
            if !incremental { rebuildRows(ctx, visible: &visible) }
        }
        evaluatedAt = ctx.now
        tallies.write(into: &counts)
        if wakeups.count > 2 * slots.count + 1024 { rebuildHeap() }   // stale entries of cases changed since
    }

    private mutating func recomputeAll(_ cases: CaseTable, _ ctx: Context) {
        slots.removeAll(keepingCapacity: true)
        tallies = Tally.Counts()
        recomputed = cases.count
        for c in cases.values {
            let slot = Self.evaluate(c, ctx)
            tallies.add(slot.tally)
            slots[c.id] = slot
        }
        rebuildHeap()
        valid = true
    }

    private mutating func rebuildHeap() {
        wakeups = WakeupHeap()
        for (id, s) in slots { schedule(id, s.nextChange) }
    }

    private mutating func schedule(_ id: String, _ at: Date) {
        if at != .distantFuture { wakeups.push(at, id) }
    }

    /// Every shown case in queue order; the lingering one keeps the row it had.
    private mutating func rebuildRows(_ ctx: Context, visible: inout [QueueEntry]) {
        var shown: [QueueEntry] = []
        for id in slots.keys {
            let show = Self.shows(slots[id]!.entry, ctx)
            slots[id]!.shown = show
            if show { shown.append(slots[id]!.entry) }
        }
        let spot = ctx.lingering.flatMap { id in visible.firstIndex { $0.item.id == id } }
        visible = Queue.sorted(shown)
        if let spot, let i = visible.firstIndex(where: { $0.item.id == ctx.lingering }) {
            visible.insert(visible.remove(at: i), at: min(spot, visible.count))
        }
        rowsFor = (ctx.filter, ctx.needle, ctx.lingering, ctx.mine?.ownersVersion)
    }

    // MARK: One case

    static func evaluate(_ c: Case, _ ctx: Context) -> Slot {
        // A reply still in the outbox answers nothing yet; one that should have left makes the case
        // need a reply again (counted, filtered and ordered by its deadline like any other).
        let e = QueueEntry(c, at: ctx.now, policy: ctx.policy, undelivered: ctx.undelivered[c.id] ?? [], notSent: ctx.unsent.contains(c.id))
        let warn = ctx.policy.warnWithin
        var t = Tally()
        if e.status == .needsReply {
            t.needsReply = true
            if let r = e.remaining(at: ctx.now) {
                if r <= 0 { t.overdue = true } else if r <= warn { t.dueSoon = true }
            }
        }
        t.waiting = e.matches(.waiting, at: ctx.now)
        // An instant equal to now is kept: comparing times and comparing remainders may round apart by a
        // hair, and one needless recompute at the next tick is the price of never missing a crossing.
        var next = Date.distantFuture
        func consider(_ t: Date) { if t >= ctx.now && t < next { next = t } }
        if e.status == .snoozed, let wake = Clocks.wakeTime(c, urgent: e.clock, warnWithin: warn) { consider(wake) }
        if let k = e.clock { consider(k.dueAt.addingTimeInterval(-warn)); consider(k.dueAt) }
        return Slot(entry: e, tally: t, nextChange: next)
    }

    static func shows(_ e: QueueEntry, _ ctx: Context) -> Bool {
        let id = e.item.id
        guard e.matches(ctx.filter, at: ctx.now) || id == ctx.lingering else { return false }
        if let mine = ctx.mine, !mine.showsUnderMine(id), id != ctx.lingering { return false }
        return ctx.needle.isEmpty || (ctx.haystacks[id]?.contains(ctx.needle) ?? false)
    }

    // MARK: Rows in queue order

    /// The first row not before `e` in queue order (binary search).
    static func insertionPoint(_ e: QueueEntry, in rows: [QueueEntry]) -> Int {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Queue.precedes(rows[mid], e) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func insertRow(_ e: QueueEntry, into rows: inout [QueueEntry]) {
        rows.insert(e, at: insertionPoint(e, in: rows))
    }

    static func removeRow(_ e: QueueEntry, from rows: inout [QueueEntry]) {
        var i = insertionPoint(e, in: rows)
        while i < rows.count, !Queue.precedes(e, rows[i]) {
            if rows[i].item.id == e.item.id { rows.remove(at: i); return }
            i += 1
        }
        // Not where its key says (it should not happen): found the slow way rather than left behind.
        if let j = rows.firstIndex(where: { $0.item.id == e.item.id }) { rows.remove(at: j) }
    }
}

extension QueueIndex.Tally {
    /// The counts the tallies add up to.
    struct Counts: Sendable {
        var needsReply = 0, overdue = 0, dueSoon = 0, waiting = 0

        mutating func add(_ t: QueueIndex.Tally, _ sign: Int = 1) {
            if t.needsReply { needsReply += sign }
            if t.overdue { overdue += sign }
            if t.dueSoon { dueSoon += sign }
            if t.waiting { waiting += sign }
        }
        mutating func remove(_ t: QueueIndex.Tally) { add(t, -1) }

        func write(into c: inout QueueCounts) {
            c.needsReply = needsReply; c.overdue = overdue; c.dueSoon = dueSoon; c.waiting = waiting
        }
    }
}

/// A min-heap of (instant, case id); entries of cases changed since are skipped when popped.
struct WakeupHeap: Sendable {
    private var items: [(at: Date, id: String)] = []
    var count: Int { items.count }
    var peek: (at: Date, id: String)? { items.first }

    mutating func push(_ at: Date, _ id: String) {
        items.append((at, id))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].at < items[parent].at else { break }
            items.swapAt(i, parent); i = parent
        }
    }

    mutating func pop() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, items[l].at < items[m].at { m = l }
            if r < items.count, items[r].at < items[m].at { m = r }
            if m == i { return }
            items.swapAt(i, m); i = m
        }
    }
}
