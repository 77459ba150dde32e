import Foundation
import KefuModel

/// Recomputing every clock of 2,000 open cases, as each tick does: a mix of every kind the SLA
/// engine knows, with the company SLA off (the default) and on for every channel (business-hour
/// arithmetic for every case, the costliest setting).
enum ClockBench {
    static func run(now: Date, count: Int = 2000) {
        let cases = (0..<count).map { mixedCase($0, now: now) }
        var withCompany = SLAPolicy.standard
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        for ch in Channel.allCases {
            withCompany.companySLA[ch] = CompanySLA(hours: 8, calendar: BusinessCalendar(zone: shanghai))
        }
        for (label, policy) in [("default", SLAPolicy.standard), ("company SLA on", withCompany)] {
            var times: [Double] = []
            for i in 0..<200 {
                let at = now.addingTimeInterval(Double(i))
                times.append(Measure.ms { for c in cases { _ = Clocks.mostUrgent(c, at: at, policy: policy) } })
            }
            Measure.report("recompute every clock, \(count) mixed cases, \(label), median", Measure.percentile(times, 0.5), "ms", target: 5)
            Measure.report("  same, p99", Measure.percentile(times, 0.99), "ms", target: 5)
        }
    }

    /// Realistic shares: most cases are plain buyer messages; returns, claims, chargebacks, eBay
    /// requests and feedback follow; some carry promises, a received return or a snooze.
    static func mixedCase(_ n: Int, now: Date) -> Case {
        let markets: [(Channel, String?)] = [(.amazon, "amazon.de"), (.amazon, "amazon.com"), (.amazon, "amazon.co.uk"),
                                            (.ebay, "ebay.de"), (.amazon, "amazon.com.au"), (.shop, nil)]
        let (channel, market) = markets[n % markets.count]
        let start = now.addingTimeInterval(-Double((n * 7919) % (72 * 3600)))
        var c = Case(id: "K-\(10_000 + n)", channel: channel, marketplace: market, openedAt: start)
        let kinds: [RequestKind]
        switch n % 20 {
        case 0, 1: kinds = [.returnRequest]
        case 2: kinds = [.buyerMessage, .aToZClaim]
        case 3: kinds = [.chargeback]
        case 4, 5: kinds = channel == .ebay ? [.inrRequest] : [.buyerMessage]
        case 6: kinds = [.negativeFeedback]
        default: kinds = [.buyerMessage]
        }
        for (i, k) in kinds.enumerated() {
            c.insertMessage(Message(sourceId: "b\(n)-\(i)", direction: .inbound, at: start.addingTimeInterval(Double(i) * 600),
                                    kind: k, body: "message"))
            c.addKind(k)
        }
        if n % 3 == 0 { c.insertMessage(Message(sourceId: "r\(n)", direction: .outbound, at: start.addingTimeInterval(3600), body: "reply")) }
        if n % 4 == 0 { c.insertMessage(Message(sourceId: "b\(n)-x", direction: .inbound, at: start.addingTimeInterval(7200), kind: .buyerMessage, body: "again")) }
        if n % 10 == 0 { c.events.append(CaseEvent(.promised, at: start.addingTimeInterval(3600), until: start.addingTimeInterval(30 * 3600))) }
        if n % 20 == 1 { c.events.append(CaseEvent(.returnReceived, at: start.addingTimeInterval(5000))) }
        if n % 25 == 0 {
            c.status = .snoozed; c.snoozedUntil = now.addingTimeInterval(3 * 3600)
            c.events.append(CaseEvent(.snoozed, at: now.addingTimeInterval(-60), until: c.snoozedUntil))
        }
        return c
    }
}
