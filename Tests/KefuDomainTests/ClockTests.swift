import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel

// t0 is Saturday 2026-11-21 10:00 UTC (11:00 in Berlin, 18:00 in Shanghai).

/// A case with the given inbound messages (hours from t0, kind, stated due), outbound replies and events.
func clockCase(_ channel: Channel = .amazon, _ marketplace: String? = "amazon.de", status: CaseStatus = .needsReply,
               inbound: [(Double, RequestKind, Date?)] = [], outbound: [Double] = [], events: [CaseEvent] = []) -> Case {
    var c = Case(id: "K-2001", channel: channel, marketplace: marketplace, status: status, openedAt: at(-1000))
    for (i, m) in inbound.enumerated() {
        c.insertMessage(Message(sourceId: "in\(i)", direction: .inbound, at: at(m.0), kind: m.1, body: "buyer", dueAt: m.2))
        c.addKind(m.1)
    }
    for (i, h) in outbound.enumerated() { c.insertMessage(Message(sourceId: "out\(i)", direction: .outbound, at: at(h), body: "reply")) }
    c.events = events
    return c
}

func utc(_ s: String) -> Date { ISO8601.parse(s)! }

struct ClockRow: CustomTestStringConvertible, Sendable {
    var name: String
    var c: Case
    var policy: SLAPolicy = .standard
    /// kind, state, start, due: every clock the case must carry, in any order, and no others.
    var expect: [(ClockKind, CaseClock.State, Date, Date)]
    var testDescription: String { name }
}

let clockTable: [ClockRow] = {
    var auPolicy = SLAPolicy.standard
    auPolicy.overrides["ebay"] = ClockLimits(replyHours: 48)
    var holidayPolicy = SLAPolicy.standard
    var de = holidayPolicy.calendars["DE"]!
    de.holidays.add("2026-11-23")   // a made-up holiday on Monday
    holidayPolicy.calendars["DE"] = de
    return [
        ClockRow(name: "reply runs 24 h from the buyer's message",
                 c: clockCase(inbound: [(-2, .buyerMessage, nil)]),
                 expect: [(.reply, .running, at(-2), at(22))]),
        ClockRow(name: "a buyer message after our reply starts a new round",
                 c: clockCase(inbound: [(-30, .buyerMessage, nil), (-2, .buyerMessage, nil)], outbound: [-10]),
                 expect: [(.reply, .running, at(-2), at(22))]),
        ClockRow(name: "the oldest unanswered message sets the start",
                 c: clockCase(inbound: [(-30, .buyerMessage, nil), (-20, .buyerMessage, nil)]),
                 expect: [(.reply, .running, at(-30), at(-6))]),
        ClockRow(name: "a reply in time is met",
                 c: clockCase(inbound: [(-30, .buyerMessage, nil)], outbound: [-20]),
                 expect: [(.reply, .met, at(-30), at(-6))]),
        ClockRow(name: "a late reply is breached",
                 c: clockCase(inbound: [(-30, .buyerMessage, nil)], outbound: [-2]),
                 expect: [(.reply, .breached, at(-30), at(-6))]),
        ClockRow(name: "no response needed stops the clock",
                 c: clockCase(inbound: [(-5, .buyerMessage, nil)], events: [CaseEvent(.noResponseNeeded, at: at(-1))]),
                 expect: [(.reply, .met, at(-5), at(19))]),
        ClockRow(name: "a buyer message after no-response-needed re-arms it",
                 c: clockCase(inbound: [(-30, .buyerMessage, nil), (-1, .buyerMessage, nil)], events: [CaseEvent(.noResponseNeeded, at: at(-20))]),
                 expect: [(.reply, .running, at(-1), at(23))]),
        ClockRow(name: "a reply handled outside kefu counts as a reply",
                 c: clockCase(inbound: [(-3, .buyerMessage, nil)], events: [CaseEvent(.handled, at: at(-1), text: "reply")]),
                 expect: [(.reply, .met, at(-3), at(21))]),
        ClockRow(name: "resolving an unanswered case stops the reply clock",
                 c: clockCase(status: .resolved, inbound: [(-3, .buyerMessage, nil)]),
                 expect: [(.reply, .stopped, at(-3), at(21))]),
        ClockRow(name: "reply hours come from the channel override",
                 c: clockCase(.ebay, "ebay.de", inbound: [(-3, .buyerMessage, nil)]), policy: auPolicy,
                 expect: [(.reply, .running, at(-3), at(45))]),
        ClockRow(name: "return request: answer within 24 h; no reply clock for the notice",
                 c: clockCase(inbound: [(-3, .returnRequest, nil)]),
                 expect: [(.returnAnswer, .running, at(-3), at(21))]),
        ClockRow(name: "return arrived on a Saturday: refund by the end of Tuesday (Berlin)",
                 c: clockCase(inbound: [(-30, .returnRequest, nil)], outbound: [-29],
                              events: [CaseEvent(.returnReceived, at: at(-2))]),
                 expect: [(.returnAnswer, .met, at(-30), at(-6)),
                          (.returnRefund, .running, at(-2), utc("2026-11-24T23:00:00Z"))]),
        ClockRow(name: "refund issued meets the refund clock",
                 c: clockCase(inbound: [(-30, .returnRequest, nil)], outbound: [-29],
                              events: [CaseEvent(.returnReceived, at: at(-2)), CaseEvent(.refundIssued, at: at(-1))]),
                 expect: [(.returnAnswer, .met, at(-30), at(-6)),
                          (.returnRefund, .met, at(-2), utc("2026-11-24T23:00:00Z"))]),
        ClockRow(name: "A-to-z claim: 72 h",
                 c: clockCase(inbound: [(-1, .aToZClaim, nil)]),
                 expect: [(.aToZ, .running, at(-1), at(71))]),
        ClockRow(name: "A-to-z claim on amazon.com.au: 48 h",
                 c: clockCase(.amazon, "amazon.com.au", inbound: [(-1, .aToZClaim, nil)]),
                 expect: [(.aToZ, .running, at(-1), at(47))]),
        ClockRow(name: "A-to-z claim: the deadline stated in the notice wins",
                 c: clockCase(.amazon, "amazon.com.au", inbound: [(-1, .aToZClaim, at(30))]),
                 expect: [(.aToZ, .running, at(-1), at(30))]),
        ClockRow(name: "A-to-z claim marked handled in time",
                 c: clockCase(inbound: [(-1, .aToZClaim, nil)], events: [CaseEvent(.handled, at: at(-0.5), text: "a-to-z")]),
                 expect: [(.aToZ, .met, at(-1), at(71))]),
        ClockRow(name: "chargeback: 7 calendar days",
                 c: clockCase(inbound: [(-1, .chargeback, nil)]),
                 expect: [(.chargeback, .running, at(-1), at(-1 + 7 * 24))]),
        ClockRow(name: "chargeback: the dispute's own due date wins",
                 c: clockCase(.shop, nil, inbound: [(-1, .chargeback, at(100))]),
                 expect: [(.chargeback, .running, at(-1), at(100))]),
        ClockRow(name: "eBay INR on a Saturday: 3 business days from Monday (Berlin)",
                 c: clockCase(.ebay, "ebay.de", inbound: [(0, .inrRequest, nil)]),
                 expect: [(.ebayRequest, .running, t0, utc("2026-11-25T23:00:00Z"))]),
        ClockRow(name: "eBay SNAD skips a configured holiday",
                 c: clockCase(.ebay, "ebay.de", inbound: [(0, .snadRequest, nil)]), policy: holidayPolicy,
                 expect: [(.ebayRequest, .running, t0, utc("2026-11-26T23:00:00Z"))]),
        ClockRow(name: "eBay request answered by a reply",
                 c: clockCase(.ebay, "ebay.de", inbound: [(-5, .inrRequest, nil)], outbound: [-1]),
                 expect: [(.ebayRequest, .met, at(-5), utc("2026-11-25T23:00:00Z"))]),
        ClockRow(name: "negative feedback: the 90-day removal window, informational",
                 c: clockCase(inbound: [(-24, .negativeFeedback, nil)]),
                 expect: [(.feedbackRemoval, .running, at(-24), at(-24 + 90 * 24))]),
        ClockRow(name: "a promise runs until its time; a reply before it does not count",
                 c: clockCase(inbound: [(-5, .buyerMessage, nil)], outbound: [-4],
                              events: [CaseEvent(.promised, at: at(-3), until: at(21))]),
                 expect: [(.reply, .met, at(-5), at(19)), (.promise, .running, at(-3), at(21))]),
        ClockRow(name: "a promise kept late is breached",
                 c: clockCase(inbound: [(-30, .buyerMessage, nil)], outbound: [-29, -1],
                              events: [CaseEvent(.promised, at: at(-29), until: at(-5))]),
                 expect: [(.reply, .met, at(-30), at(-6)), (.promise, .breached, at(-29), at(-5))]),
        ClockRow(name: "snooze shows when the case comes back",
                 c: { var c = clockCase(status: .snoozed, inbound: [(-2, .buyerMessage, nil)],
                                        events: [CaseEvent(.snoozed, at: at(-1), until: at(3))])
                      c.snoozedUntil = at(3); return c }(),
                 expect: [(.reply, .running, at(-2), at(22)), (.snooze, .running, at(-1), at(3))]),
        ClockRow(name: "claim and buyer message together: both clocks",
                 c: clockCase(inbound: [(-10, .buyerMessage, nil), (-1, .aToZClaim, nil)]),
                 expect: [(.reply, .running, at(-10), at(14)), (.aToZ, .running, at(-1), at(71))]),
    ]
}()

@Suite struct ClockTests {
    @Test(arguments: clockTable)
    func clocksOfACase(_ row: ClockRow) {
        let got = Clocks.all(row.c, at: t0, policy: row.policy)
        #expect(got.count == row.expect.count, "\(got.map { "\($0.kind.rawValue) \($0.state.rawValue)" })")
        for (kind, state, start, due) in row.expect {
            guard let k = got.first(where: { $0.kind == kind }) else { Issue.record("no \(kind.rawValue) clock"); continue }
            #expect(k.state == state, "\(kind.rawValue)")
            #expect(k.start == start, "\(kind.rawValue) start \(ISO8601.format(k.start))")
            #expect(k.dueAt == due, "\(kind.rawValue) due \(ISO8601.format(k.dueAt))")
        }
    }

    @Test func theQueueUsesTheEarliestUrgentClock() {
        let c = clockCase(inbound: [(-10, .buyerMessage, nil), (-1, .aToZClaim, at(5))])
        #expect(Clocks.mostUrgent(c, at: t0)?.kind == .aToZ)
        // Informational clocks never make a case urgent.
        let f = clockCase(inbound: [(-24, .negativeFeedback, nil)])
        #expect(Clocks.mostUrgent(f, at: t0) == nil)
        let promised = clockCase(inbound: [(-5, .buyerMessage, nil)], outbound: [-4], events: [CaseEvent(.promised, at: at(-3), until: at(1))])
        #expect(Clocks.mostUrgent(promised, at: t0)?.kind == .promise)
        #expect(QueueEntry(promised, at: t0).clock?.dueAt == at(1))
    }

    @Test func aStatedClaimDeadlineIsKeptEvenIfEarlierThanTheRule() {
        let c = clockCase(inbound: [(-1, .aToZClaim, at(-0.5))])
        let k = Clocks.all(c, at: t0).first { $0.kind == .aToZ }!
        #expect(k.dueAt == at(-0.5) && k.isOverdue(at: t0) && k.reason.contains("stated"))
    }

    @Test func aSnoozedCaseWakesEarlyBeforeADeadlineItWouldMiss() {
        var c = clockCase(status: .snoozed, inbound: [(-20, .buyerMessage, nil)], events: [CaseEvent(.snoozed, at: at(-1), until: at(10))])
        c.snoozedUntil = at(10)
        // Due at +4 h; the 2 h warning threshold wakes it at +2 h instead of +10 h.
        #expect(Clocks.wakeTime(c, urgent: Clocks.mostUrgent(c, at: t0), warnWithin: 2 * 3600) == at(2))
        #expect(QueueEntry(c, at: at(1.9)).status == .snoozed)
        #expect(QueueEntry(c, at: at(2)).status == .needsReply)
        // Snoozed when already that close: the agent's chosen time holds.
        c.events = [CaseEvent(.snoozed, at: at(3), until: at(10))]
        #expect(Clocks.wakeTime(c, urgent: Clocks.mostUrgent(c, at: t0), warnWithin: 2 * 3600) == at(10))
    }

    @Test func companySLAIsShownOnlyWhenStricter() {
        var policy = SLAPolicy.standard
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        policy.companySLA[.amazon] = CompanySLA(hours: 8, calendar: BusinessCalendar(zone: shanghai, weekend: [0, 6]))
        // Monday 23 Nov 10:00 Shanghai (02:00 UTC): 8 business hours end 18:00 the same day.
        let monday = utc("2026-11-23T02:00:00Z")
        var c = Case(id: "K-3001", channel: .amazon, marketplace: "amazon.de", openedAt: monday)
        c.insertMessage(Message(sourceId: "m", direction: .inbound, at: monday, kind: .buyerMessage, body: "hi"))
        let clocks = Clocks.all(c, at: monday, policy: policy)
        let company = clocks.first { $0.kind == .companySLA }
        #expect(company?.dueAt == utc("2026-11-23T10:00:00Z") && company?.state == .running)
        #expect(Clocks.mostUrgent(c, at: monday, policy: policy)?.kind == .companySLA)
        // Friday 17:00 Shanghai: the company clock runs over the weekend to Monday 16:00, later than 24 h.
        let friday = utc("2026-11-20T09:00:00Z")
        var f = Case(id: "K-3002", channel: .amazon, marketplace: "amazon.de", openedAt: friday)
        f.insertMessage(Message(sourceId: "m", direction: .inbound, at: friday, kind: .buyerMessage, body: "hi"))
        #expect(!Clocks.all(f, at: t0, policy: policy).contains { $0.kind == .companySLA })
        #expect(policy.companySLA[.amazon]!.calendar.adding(businessSeconds: 8 * 3600, to: friday) == utc("2026-11-23T08:00:00Z"))
    }

    @Test func clockStatesSettleWhenACaseIsResolved() {
        var c = clockCase(status: .resolved, inbound: [(-10, .aToZClaim, nil)],
                          events: [CaseEvent(.statusChanged, at: at(-2), text: "needs-reply→resolved")])
        #expect(Clocks.all(c, at: t0).first?.state == .met, "a claim resolved before its deadline")
        c.events = [CaseEvent(.statusChanged, at: at(70), text: "needs-reply→resolved")]
        #expect(Clocks.all(c, at: at(80)).first?.state == .breached)
        #expect(Clocks.mostUrgent(c, at: t0) == nil)
    }
}
