import Foundation
import Testing
@testable import KefuModel

@Suite struct MetricsTests {
    @Test func eachBuyerMessageGetsItsFirstResponse() {
        // -50 answered at -45 (5 h, met); -40 and -39 answered at -10 (30 h and 29 h, late);
        // -5 unanswered, still inside its window (pending); the claim notice is not a buyer message.
        let c = clockCase(inbound: [(-50, .buyerMessage, nil), (-40, .buyerMessage, nil), (-39, .buyerMessage, nil),
                                    (-5, .buyerMessage, nil), (-3, .aToZClaim, nil)],
                          outbound: [-45, -10])
        let r = ResponseMetrics.responses(c, at: t0)
        #expect(r.map(\.outcome) == [.met, .late, .late, .pending])
        let expected: [TimeInterval?] = [5 * 3600, 30 * 3600, 29 * 3600, nil]
        #expect(r.map(\.firstResponse) == expected)
        #expect(r[3].dueAt == at(19))
    }

    @Test func unansweredPastTheWindowIsLate() {
        let c = clockCase(inbound: [(-30, .buyerMessage, nil)])
        #expect(ResponseMetrics.responses(c, at: t0).map(\.outcome) == [.late])
        let n = clockCase(inbound: [(-30, .buyerMessage, nil)], events: [CaseEvent(.noResponseNeeded, at: at(-29))])
        #expect(ResponseMetrics.responses(n, at: t0).map(\.outcome) == [.met], "no response needed in time counts as answered")
    }

    @Test func lateRatesOverSevenThirtyAndNinetyDays() {
        let day = 24.0
        // Received 2 days ago: met. 10 days ago: late. 20 days ago: met. 60 days ago: late, late. 100 days ago: out of every window.
        let cases = [
            clockCase(inbound: [(-2 * day, .buyerMessage, nil)], outbound: [-2 * day + 1]),
            clockCase(inbound: [(-10 * day, .buyerMessage, nil)], outbound: [-10 * day + 30]),
            clockCase(inbound: [(-20 * day, .buyerMessage, nil)], outbound: [-20 * day + 23]),
            clockCase(inbound: [(-60 * day, .buyerMessage, nil), (-60 * day + 25, .buyerMessage, nil)]),
            clockCase(inbound: [(-100 * day, .buyerMessage, nil)]),
            clockCase(inbound: [(-1, .buyerMessage, nil)]),
        ]
        let all = cases.flatMap { ResponseMetrics.responses($0, at: t0) }
        let rates = ResponseMetrics.lateRates(all, at: t0)
        #expect(rates.map(\.messages) == [2, 4, 6])
        #expect(rates.map(\.late) == [0, 1, 3])
        #expect(rates.map(\.pending) == [1, 1, 1])
        #expect(rates[0].rate == 0)
        #expect(rates[1].rate == 1.0 / 3)
        #expect(rates[2].rate == 3.0 / 5)
        let summary = ResponseSummary(all, at: t0)
        // Answered in the last 30 days: 1 h, 30 h, 23 h → median 23 h, p90 30 h.
        let median = summary.windows[1].medianFirstResponseMinutes ?? -1
        let p90 = summary.windows[1].p90FirstResponseMinutes ?? -1
        #expect(median == 1380.0, "\(median.bitPattern)")
        #expect(p90 == 1800.0)
        #expect(summary.windows[0].answered == 1)
    }

    @Test func anEmptyWindowHasNoRate() {
        let rates = ResponseMetrics.lateRates([], at: t0)
        #expect(rates.allSatisfy { $0.rate == nil && $0.messages == 0 })
    }
}
