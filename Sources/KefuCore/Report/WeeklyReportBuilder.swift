import Foundation

extension WeeklyReport {
    /// Closed cases closed before this cannot touch the report of `period`: the late response rate
    /// looks back 90 days from its end, ODR 60 days, the comparison one period.
    public static func historyNeeded(for period: ReportPeriod) -> Date {
        min(period.previous.start, period.end.addingTimeInterval(-90 * 86400))
    }

    /// - Parameters:
    ///   - facts: every case that may matter: open ones and those closed since `historyNeeded(for:)`.
    ///   - now: decides which unanswered messages are still pending.
    ///   - orderCount: orders purchased in the 60 days before the period's end, or nil when no orders
    ///     were imported (ODR is then "n/a").
    public static func build(facts: [CaseFacts], period: ReportPeriod, now: Date, policy: SLAPolicy,
                             playbook: Playbook?, orderCount: Int?) -> WeeklyReport {
        let prev = period.previous
        var products: [String: ProductTally] = [:]
        var t = TotalsTally()
        var responses: [MessageResponse] = []
        let odrFrom = odrWindowStart(for: period)
        var defectOrders = Set<String>()

        for f in facts {
            // Changed in place: a copy out and back would copy the product's dictionaries every time.
            update(&products[f.sku ?? "", default: ProductTally()]) { p in
                if f.asin != nil { p.asin = f.asin }
                if f.title != nil { p.title = f.title }
                if period.contains(f.openedAt) {
                    p.opened += 1; t.opened += 1
                    p.categories[f.category.rawValue, default: (0, 0)].0 += 1
                    if let q = f.quote { p.quoteCandidates.append((Int(f.id.dropFirst(2)) ?? 0, q)) }
                } else if prev.contains(f.openedAt) {
                    p.previousOpened += 1; t.previousOpened += 1
                    p.categories[f.category.rawValue, default: (0, 0)].1 += 1
                }
                if let r = f.resolvedAt {
                    if period.contains(r) {
                        p.resolved += 1; t.resolved += 1
                        if !f.returned { p.resolvedWithoutReturn += 1 }
                    } else if prev.contains(r) { t.previousResolved += 1 }
                }
                for e in f.offers {
                    if period.contains(e.at) {
                        for id in e.offers { p.offers[id, default: (0, 0)].0 += 1 }
                        p.giveaways.add(e, playbook: playbook); t.giveaways.add(e, playbook: playbook)
                    } else if prev.contains(e.at) {
                        for id in e.offers { p.offers[id, default: (0, 0)].1 += 1 }
                    }
                }
                t.messagesIn += f.inbound.lazy.filter(period.contains).count
                t.messagesOut += f.outbound.lazy.filter(period.contains).count
                for n in f.notices {
                    if period.contains(n.at) { t.notices[n.kind, default: 0] += 1 }
                    if n.at > odrFrom && n.at <= period.end { defectOrders.insert(f.orderId ?? f.id) }
                }
            }
            responses += f.responses(at: now, policy: policy)
        }
        products = products.filter { $0.value.active }

        // Buyer messages received in the period: the 24 h SLA and first-response times.
        var sla = SLA(replyHours: policy.defaults.replyHours ?? 24, met: 0, late: 0, pending: 0, metPercent: nil)
        var times: [TimeInterval] = []
        for r in responses where period.contains(r.receivedAt) {
            switch r.outcome { case .met: sla.met += 1; case .late: sla.late += 1; case .pending: sla.pending += 1 }
            if let ft = r.firstResponse { times.append(ft) }
        }
        if sla.met + sla.late > 0 { sla.metPercent = Double(sla.met) / Double(sla.met + sla.late) * 100 }
        times.sort()
        let minutes = ResponseMetrics.medianAndP90Minutes(times)
        let first = FirstResponse(answered: times.count, medianMinutes: minutes.median, p90Minutes: minutes.p90)
        // Late response rate as of the period's end (messages after it are not in any window).
        let late = ResponseMetrics.lateRates(responses.filter { $0.receivedAt < period.end }, at: period.end.addingTimeInterval(-0.001))

        let giveaways = t.giveaways.result
        let totals = Totals(opened: t.opened, previousOpened: t.previousOpened, resolved: t.resolved, previousResolved: t.previousResolved,
                            messagesIn: t.messagesIn, messagesOut: t.messagesOut, sla: sla, firstResponse: first, lateResponse: late,
                            aToZClaims: t.notices[.aToZClaim] ?? 0, chargebacks: t.notices[.chargeback] ?? 0,
                            negativeFeedback: t.notices[.negativeFeedback] ?? 0, givenAway: giveaways,
                            odr: ODR(windowDays: odrWindowDays, defectOrders: defectOrders.count, orders: orderCount,
                                     percent: orderCount.flatMap { $0 > 0 ? Double(defectOrders.count) / Double($0) * 100 : nil }))
        let list = products.map { key, p in p.product(sku: key.isEmpty ? nil : key) }
            .sorted { ($0.opened, $0.previousOpened, $1.sku ?? "") > ($1.opened, $1.previousOpened, $0.sku ?? "") }
        return WeeklyReport(schema: schema, period: Period(period), previousPeriod: Period(prev), generatedAt: now,
                            empty: t.opened == 0 && t.resolved == 0 && t.messagesIn == 0 && t.messagesOut == 0,
                            products: list, totals: totals)
    }

    public static let odrWindowDays = 60
    /// ODR counts defects and orders over the 60 days before the period's end.
    public static func odrWindowStart(for period: ReportPeriod) -> Date {
        period.end.addingTimeInterval(-Double(odrWindowDays) * 86400)
    }

    private static func update<T>(_ value: inout T, _ body: (inout T) -> Void) { body(&value) }
}

extension WeeklyReport.Period {
    init(_ p: ReportPeriod) { label = p.label; from = p.start; to = p.end; timeZone = p.zone.identifier }
}

private struct TotalsTally {
    var opened = 0, previousOpened = 0, resolved = 0, previousResolved = 0, messagesIn = 0, messagesOut = 0
    var notices: [RequestKind: Int] = [:]
    var giveaways = GiveawayTally()
}

private struct ProductTally {
    var asin: String?
    var title: String?
    var opened = 0, previousOpened = 0, resolved = 0, resolvedWithoutReturn = 0
    /// name → (this period, previous period)
    var categories: [String: (Int, Int)] = [:]
    var offers: [String: (Int, Int)] = [:]
    var giveaways = GiveawayTally()
    /// (case number, quote) of the cases opened in the period; the three first cases' distinct quotes
    /// are shown, so the choice does not depend on the order the facts came in.
    var quoteCandidates: [(Int, String)] = []
    var quotes: [String] {
        var out: [String] = []
        for (_, q) in quoteCandidates.sorted(by: { $0.0 < $1.0 }) where !out.contains(q) {
            out.append(q)
            if out.count == 3 { break }
        }
        return out
    }

    /// Anything to report in either period (a product with cases only last week still shows, with its change).
    var active: Bool { opened + previousOpened + resolved > 0 || !offers.isEmpty }

    func product(sku: String?) -> WeeklyReport.Product {
        func counts(_ d: [String: (Int, Int)]) -> [WeeklyReport.Count] {
            d.map { WeeklyReport.Count(name: $0.key, count: $0.value.0, previous: $0.value.1) }
                .sorted { ($0.count, $0.previous, $1.name) > ($1.count, $1.previous, $0.name) }
        }
        return WeeklyReport.Product(sku: sku, asin: asin, title: title, opened: opened, previousOpened: previousOpened,
                                    change: opened - previousOpened, resolved: resolved, resolvedWithoutReturn: resolvedWithoutReturn,
                                    categories: counts(categories), offers: counts(offers), givenAway: giveaways.result, quotes: quotes)
    }
}
