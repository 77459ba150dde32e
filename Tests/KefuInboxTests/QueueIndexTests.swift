import Foundation
import Testing
import KefuBase
@testable import KefuInbox
@testable import KefuModel
@testable import KefuMail

/// The queue kept between changes (`QueueIndex`) against the queue computed from scratch, the way
/// `refresh` did before it kept anything: same rows in the same order, same counts, after random
/// cases, random changes and random ticks (issue 16, item 4).
@Suite struct QueueIndexTests {
    /// The project's SplitMix64, so a failure names a seed that replays it.
    typealias Dice = RandomSource

    static func randomCase(_ n: Int, at now: Date, _ d: inout Dice) -> Case {
        var c = makeCase(n, buyer: "Buyer \(n)", body: d.int(3) == 0 ? "lampe kaputt" : "where is my parcel",
                         hoursAgo: 0, status: .needsReply)
        let opened = now.addingTimeInterval(-d.seconds(40 * 3600))
        c.openedAt = opened; c.updatedAt = opened
        c.messages[0].at = opened
        if d.int(4) == 0 {   // a claim with a stated deadline
            c.messages.append(Message(sourceId: "K-\(n)-claim", direction: .inbound, at: opened, kind: .aToZClaim,
                                      body: "claim", dueAt: now.addingTimeInterval(d.seconds(6 * 3600) - 3600)))
            c.kinds.append(.aToZClaim)
        }
        if d.int(5) == 0 {
            c.events.append(CaseEvent(.promised, at: opened, until: now.addingTimeInterval(d.seconds(5 * 3600))))
        }
        switch d.int(5) {
        case 0: reply(&c, at: opened.addingTimeInterval(60))
        case 1: snooze(&c, at: now, until: now.addingTimeInterval(d.seconds(30 * 3600) - 3600))
        case 2: c.setStatus(.resolved, at: now)
        default: break
        }
        return c
    }

    static func reply(_ c: inout Case, at t: Date) {
        c.messages.append(Message(sourceId: "\(c.id)-r\(c.messages.count)", direction: .outbound, at: t, body: "ok"))
        c.setStatus(.waitingBuyer, at: t)
    }

    static func snooze(_ c: inout Case, at t: Date, until: Date) {
        c.setStatus(.snoozed, at: t)
        c.snoozedUntil = until
        c.events.append(CaseEvent(.snoozed, at: t, until: until))
    }

    /// The queue from scratch: every case's clocks at `now`, filtered, searched, sorted.
    static func reference(_ s: InboxState) -> (ids: [String], counts: QueueCounts) {
        var counts = QueueCounts()
        let late = s.outbox.filter { $0.isLate(at: s.now) }
        counts.notSent = late.count
        let unsent = Set(late.compactMap(\.caseID))
        let queued = DeliveryMarks.queuedByCase(s.outbox)
        let needle = s.search.lowercased()
        var shown: [QueueEntry] = []
        for c in s.cases.values {
            // A reply in the outbox answers nothing; a late one makes its case need a reply.
            let e = QueueEntry(c, at: s.now, policy: s.policy, undelivered: queued[c.id] ?? [], notSent: unsent.contains(c.id))
            if e.status == .needsReply {
                counts.needsReply += 1
                if let r = e.remaining(at: s.now) {
                    if r <= 0 { counts.overdue += 1 } else if r <= s.warnWithin { counts.dueSoon += 1 }
                }
            }
            if e.matches(.waiting, at: s.now) { counts.waiting += 1 }
            guard e.matches(s.filter, at: s.now) else { continue }
            if !needle.isEmpty, !InboxState.haystack(c).contains(needle) { continue }
            shown.append(e)
        }
        return (Queue.sorted(shown).map(\.item.id), counts)
    }

    @Test(arguments: 1...40) func keptQueueEqualsTheQueueFromScratch(seed: UInt64) {
        var d = Dice(seed: seed)
        var now = t0
        let cases = (0..<(5 + d.int(50))).map { Self.randomCase(2000 + $0, at: now, &d) }
        var s = InboxState(storeName: "p", cases: cases, now: now, width: 120, height: 40, keymap: try! Keymap.load(), agentTimeZone: utc)
        var next = 3000
        for step in 0..<120 {
            switch d.int(10) {
            case 0...3:   // the clock moves: a second, a few minutes, hours, or exactly onto a case's next change
                let instants = s.queueIndex.slots.values.map(\.nextChange).filter { $0 != .distantFuture && $0 > now }
                let jump = [1, 37, 600, 2 * 3600, 9 * 3600][d.int(5)]
                now = d.int(3) == 0 && !instants.isEmpty ? instants[d.int(instants.count)] : now.addingTimeInterval(Double(jump))
                _ = InboxUpdate.update(&s, .tick(now))
            case 4, 5:    // a case changes as the update changes them: replied, snoozed, reopened, resolved
                guard let id = s.cases.keys.sorted().randomElement(using: &d) else { continue }
                var c = s.cases[id]!
                switch d.int(4) {
                case 0: Self.reply(&c, at: now)
                case 1: Self.snooze(&c, at: now, until: now.addingTimeInterval(d.seconds(8 * 3600) + 1))
                case 2: c.setStatus(.needsReply, at: now); c.messages.append(Message(sourceId: "\(id)-in\(step)", direction: .inbound, at: now, body: "hello?"))
                default: c.setStatus(.resolved, at: now)
                }
                c.updatedAt = now
                s.cases[id] = c; s.reindex(id); s.refresh()
            case 6:       // new mail opens a case, or a case leaves
                if d.int(2) == 0 { s.cases["K-\(next)"] = Self.randomCase(next, at: now, &d); next += 1; s.reindex("K-\(next - 1)") }
                else if let id = s.cases.keys.sorted().randomElement(using: &d) { s.cases[id] = nil; s.reindex(id) }
                s.refresh()
            case 7:
                InboxUpdate.setFilter(&s, QueueFilter.allCases[d.int(QueueFilter.allCases.count)])
            case 8:
                s.search = ["", "", "lampe", "k-20"][d.int(4)]; s.refresh()
            default:      // the outbox as the delivery thread reports it: some replies late, some not
                let ids = s.cases.keys.sorted()
                s.outbox = (0..<d.int(3)).map { i in
                    // Half of them a case's own reply, which then answers nothing until delivered.
                    let id = ids.randomElement(using: &d)
                    let own = id.flatMap { s.cases[$0]?.messages.last { $0.direction == .outbound }?.sourceId }
                    return QueuedReply(path: "/o/\(i)", messageID: d.int(2) == 0 ? own ?? "<m\(i)>" : "<m\(i)>", caseID: id, to: "b@x",
                                subject: "Re", queuedAt: now.addingTimeInterval(-d.seconds(1200)), state: DeliveryState())
                }
                s.refresh()
            }
            let want = Self.reference(s)
            #expect(s.visible.map(\.item.id) == want.ids, "seed \(seed), step \(step): rows")
            #expect(s.counts == want.counts, "seed \(seed), step \(step): counts")
            if s.visible.map(\.item.id) != want.ids || s.counts != want.counts { return }
        }
    }

    @Test func aTickRecomputesOnlyTheCasesWhoseTimeCame() {
        var d = Dice(seed: 7)
        let cases = (0..<2000).map { Self.randomCase(2000 + $0, at: t0, &d) }
        var s = InboxState(storeName: "p", cases: cases, now: t0, width: 120, height: 40, keymap: try! Keymap.load(), agentTimeZone: utc)
        #expect(s.queueIndex.recomputed == 2000)
        // The next instant any case changes, and one second before it.
        let first = s.queueIndex.slots.values.map(\.nextChange).filter { $0 > t0 }.min()!
        let crossing = s.queueIndex.slots.values.filter { $0.nextChange == first }.count
        _ = InboxUpdate.update(&s, .tick(first.addingTimeInterval(-1)))
        #expect(s.queueIndex.recomputed == 0)
        _ = InboxUpdate.update(&s, .tick(first))
        #expect(s.queueIndex.recomputed == crossing)
        #expect(s.visible.map(\.item.id) == Self.reference(s).ids && s.counts == Self.reference(s).counts)
    }
}

extension RandomSource: RandomNumberGenerator {}

extension RandomSource {
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func seconds(_ max: Double) -> Double { Double(int(Int(max))) }
}
