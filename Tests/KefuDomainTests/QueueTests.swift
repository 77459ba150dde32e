import Foundation
import Testing
@testable import KefuModel

func replyClock(_ c: Case, policy: SLAPolicy = .standard) -> CaseClock {
    Clocks.all(c, at: t0, policy: policy).first { $0.kind == .reply }!
}

@Suite struct QueueTests {
    @Test func replyClockRunsFromTheOldestUnansweredMessage() {
        var c = sampleCase(inboundHoursAgo: [30, 20, 2])
        var k = replyClock(c)
        #expect(k.state == .running && k.start == at(-30) && k.dueAt == at(-6) && k.isOverdue(at: t0))
        // One reply answers every message before it; a later buyer message re-arms the clock.
        c.insertMessage(Message(sourceId: "r", direction: .outbound, at: at(-10), body: "reply"))
        k = replyClock(c)
        #expect(k.start == at(-2) && k.dueAt == at(22) && !k.isOverdue(at: t0))
        c.events.append(CaseEvent(.noResponseNeeded, at: at(-1)))
        k = replyClock(c)
        #expect(k.state != .running)
        #expect(Clocks.mostUrgent(c, at: t0) == nil)
    }

    @Test func queueIsOrderedByEarliestDeadlineThenOlderCase() {
        let a = sampleCase("K-1001", inboundHoursAgo: [2])     // due in 22h
        let b = sampleCase("K-1002", inboundHoursAgo: [25])    // overdue by 1h
        var c = sampleCase("K-1003", inboundHoursAgo: [23.5])  // due in 30m
        c.openedAt = at(-100)
        var d = sampleCase("K-1004", inboundHoursAgo: [23.5])  // same deadline, newer case
        d.openedAt = at(-50)
        var w = sampleCase("K-1005", inboundHoursAgo: [40])
        w.insertMessage(Message(sourceId: "o", direction: .outbound, at: at(-1), body: "ok"))
        w.status = .waitingBuyer
        let q = Queue.entries([a, b, c, d, w], filter: .all, at: t0)
        #expect(q.map(\.item.id) == ["K-1002", "K-1003", "K-1004", "K-1001", "K-1005"])
        #expect(Queue.entries([a, b, c, d, w], filter: .overdue, at: t0).map(\.item.id) == ["K-1002"])
        #expect(Queue.entries([a, b, c, d, w], filter: .waiting, at: t0).map(\.item.id) == ["K-1005"])
    }

    @Test func aSnoozedCaseComesBackWhenItsTimeHasCome() {
        var c = sampleCase()
        c.status = .snoozed; c.snoozedUntil = at(1)
        #expect(QueueEntry(c, at: t0).status == .snoozed)
        #expect(QueueEntry(c, at: at(1)).status == .needsReply)
    }

    @Test func countdownTexts() {
        #expect(Countdown.text(23 * 3600 + 59 * 60 + 30) == "23h 59m")
        #expect(Countdown.text(59 * 60 + 59.5) == "1h 00m", "partial seconds round up")
        #expect(Countdown.text(23 * 3600 + 59 * 60) == "23h 59m")
        #expect(Countdown.text(3600 + 5 * 60) == "1h 05m")
        #expect(Countdown.text(14 * 60 + 30) == "14m 30s")
        #expect(Countdown.text(-4 * 60 - 10) == "4m 10s late")
        #expect(Countdown.text(-3 * 3600) == "3h 00m late")
    }

    /// Issue 17: `45h 49m` stood beside `2d 21h`. One rule now: a day or more is days and hours, on
    /// both sides of the deadline, in every place that shows a duration.
    @Test func oneDurationFormat() {
        #expect(Countdown.text(45 * 3600 + 49 * 60) == "1d 21h")
        #expect(Countdown.text(69 * 3600 + 10 * 60) == "2d 21h")
        #expect(Countdown.text(24 * 3600) == "1d 00h")
        #expect(Countdown.text(-(26 * 3600 + 5 * 60)) == "1d 02h late")
        #expect(Countdown.text(-(2 * 3600 + 5 * 60)) == "2h 05m late")
        // Every countdown from a minute to ten days: above a day it is never in hours and minutes.
        for minutes in stride(from: 1, to: 14_400, by: 7) {
            let t = Countdown.text(TimeInterval(minutes * 60))
            let h = t.split(separator: " ").first.flatMap { $0.hasSuffix("h") ? Int($0.dropLast()) : nil }
            #expect(h.map { $0 < 24 } ?? true, "\(minutes) min → \(t)")
        }
    }

    @Test func snoozeTimesAgentsType() {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        #expect(SnoozeTime.parse("2h", now: t0, timeZone: berlin) == at(2))
        #expect(SnoozeTime.parse("1h30m", now: t0, timeZone: berlin) == at(1.5))
        #expect(SnoozeTime.parse("1d", now: t0, timeZone: berlin) == at(24))
        #expect(SnoozeTime.parse("14:00", now: t0, timeZone: berlin) == at(3))          // 11:00 Berlin now
        #expect(SnoozeTime.parse("09:00", now: t0, timeZone: berlin) == at(22))         // tomorrow
        #expect(SnoozeTime.parse("tomorrow 9:00", now: t0, timeZone: berlin) == at(22))
        #expect(SnoozeTime.parse("2026-11-22 14:00", now: t0, timeZone: berlin) == at(27))
        #expect(SnoozeTime.parse("yesterday", now: t0, timeZone: berlin) == nil)
        #expect(SnoozeTime.parse("0m", now: t0, timeZone: berlin) == nil)
    }

    @Test func marketplaceLabels() {
        #expect(MarketplaceLabel.short(channel: .amazon, marketplace: "amazon.de") == "AMZ.de")
        #expect(MarketplaceLabel.short(channel: .ebay, marketplace: "ebay.co.uk") == "EBAY.uk")
        #expect(MarketplaceLabel.short(channel: .shop, marketplace: nil) == "SHOP")
    }
}
