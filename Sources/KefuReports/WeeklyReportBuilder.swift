import Foundation
import KefuModel
import KefuStore
import KefuConfig
import KefuPlaybook

extension WeeklyReport {
    /// Periods in the trend: this one and the seven before it.
    public static let trendLength = 8
    /// Periods the top changes compare against (their mean).
    public static let trailingPeriods = 4
    public static let topChangeCount = 5

    /// Closed cases closed before this cannot touch the report of `period`: the late response rate
    /// looks back 90 days from its end, ODR 60 days, the trend seven periods.
    public static func historyNeeded(for period: ReportPeriod) -> Date {
        min(trendPeriods(period).first!.start, period.end.addingTimeInterval(-90 * 86400))
    }

    /// The trend's periods, oldest first, `period` last.
    static func trendPeriods(_ period: ReportPeriod) -> [ReportPeriod] {
        var list = [period]
        while list.count < trendLength { list.insert(list[0].previous, at: 0) }
        return list
    }

    /// Kept for callers that know only the ODR's order count.
    public static func build(facts: [CaseFacts], period: ReportPeriod, now: Date, policy: SLAPolicy,
                             playbook: Playbook?, orderCount: Int?) -> WeeklyReport {
        build(facts: facts, period: period, now: now, policy: policy, playbook: playbook,
              orders: OrderFigures(odrOrders: orderCount), settings: ReportSettings())
    }

    /// - Parameters:
    ///   - facts: every case that may matter: open ones and those closed since `historyNeeded(for:)`.
    ///   - now: decides which unanswered messages are still pending.
    ///   - orders: from the order book (`OrderBook.figures(for:)`), or `.noOrderBook` when no orders were
    ///     imported (ODR and rates are then "n/a").
    ///   - settings: `[report]`: the currency converted totals are in, and the rates.
    ///   - agents: the names of the agents the store and configuration know (`AgentFigures`).
    public static func build(facts: [CaseFacts], period: ReportPeriod, now: Date, policy: SLAPolicy,
                             playbook: Playbook?, orders: OrderFigures, settings: ReportSettings, agents: [AgentRef] = []) -> WeeklyReport {
        let prev = period.previous
        let trend = trendPeriods(period)
        var products: [String: ProductTally] = [:]
        var t = TotalsTally()
        var responses: [MessageResponse] = []
        let odrFrom = odrWindowStart(for: period)
        var defectOrders = Set<String>()
        /// marketplace → kind → orders with that defect
        var defects: [String: [RequestKind: Set<String>]] = [:]

        // By case number: a product's title and ASIN are its latest case's, whatever order the store
        // gave the facts in (a directory's open cases come in hash order, a database's by number).
        for f in facts.sorted(by: { (ProductTally.number($0), $0.id) < (ProductTally.number($1), $1.id) }) {
            // Changed in place: a copy out and back would copy the product's dictionaries every time.
            update(&products[f.sku ?? "", default: ProductTally()]) { p in
                // The newest case's listing (by opening, then case number): the same whatever order the
                // facts come in (they come from dictionaries, whose order changes from run to run).
                let rank = (f.openedAt, ProductTally.number(f))
                if f.asin != nil, p.asinFrom.map({ rank >= $0 }) ?? true { p.asin = f.asin; p.asinFrom = rank }
                if f.title != nil, p.titleFrom.map({ rank >= $0 }) ?? true { p.title = f.title; p.titleFrom = rank }
                if period.contains(f.openedAt) {
                    p.opened += 1; t.opened += 1
                    p.categories[f.category.rawValue, default: (0, 0)].0 += 1
                    if let q = f.reportQuote { p.quoteCandidates.append((ProductTally.number(f), q)) }
                    if let n = f.photos { p.photos.append(WeeklyReport.CasePhotos(caseId: f.id, count: n)) }
                } else if prev.contains(f.openedAt) {
                    p.previousOpened += 1; t.previousOpened += 1
                    p.categories[f.category.rawValue, default: (0, 0)].1 += 1
                }
                if f.openedAt >= trend[0].start && f.openedAt < period.end,
                   let i = trend.lastIndex(where: { $0.contains(f.openedAt) }) {
                    p.trend[i] += 1
                    // 0 this period, 1…4 the periods before it.
                    let back = trend.count - 1 - i
                    if back <= trailingPeriods { p.categoryHistory[f.category.rawValue, default: [0, 0, 0, 0, 0]][back] += 1 }
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
                        let unshipped = f.isCancellationBeforeShipment(e, playbook: playbook)
                        let back = p.giveaways.add(e, playbook: playbook, cancelledBeforeShipment: unshipped)
                        _ = t.giveaways.add(e, playbook: playbook, cancelledBeforeShipment: unshipped)
                        if unshipped && (!back.isEmpty || e.amounts.isEmpty) {
                            t.moneyBackCount += 1
                            for m in back { t.moneyBack.add(m) }
                        }
                    } else if prev.contains(e.at) {
                        for id in e.offers { p.offers[id, default: (0, 0)].1 += 1 }
                    }
                }
                t.messagesIn += f.inbound.lazy.filter(period.contains).count
                t.messagesOut += f.outbound.lazy.filter(period.contains).count
                for n in f.notices {
                    if period.contains(n.at) { t.notices[n.kind, default: 0] += 1 }
                    if n.at > odrFrom && n.at <= period.end {
                        defectOrders.insert(f.orderId ?? f.id)
                        defects[OrderFigures.marketplaceKey(f.marketplace, f.channel), default: [:]][n.kind, default: []].insert(f.orderId ?? f.id)
                    }
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

        let orderCount = orders.odrOrders
        func pct(_ n: Int, _ of: Int?) -> Double? { of.flatMap { $0 > 0 ? Double(n) / Double($0) * 100 : nil } }
        let markets = Set(defects.keys).union(orderCount == nil ? [] : Array(orders.ordersByMarketplace.keys)).sorted()
        let byMarket = markets.map { m -> MarketplaceODR in
            let d = defects[m] ?? [:]
            let n = orderCount == nil ? nil : orders.ordersByMarketplace[m] ?? 0
            let all = d.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            let a = d[.aToZClaim]?.count ?? 0, c = d[.chargeback]?.count ?? 0, nf = d[.negativeFeedback]?.count ?? 0
            return MarketplaceODR(marketplace: m, orders: n, aToZClaims: a, chargebacks: c, negativeFeedback: nf, defectOrders: all.count,
                                  aToZPercent: pct(a, n), chargebackPercent: pct(c, n), negativeFeedbackPercent: pct(nf, n), percent: pct(all.count, n))
        }

        let giveaways = t.giveaways.result
        let totals = Totals(opened: t.opened, previousOpened: t.previousOpened, resolved: t.resolved, previousResolved: t.previousResolved,
                            messagesIn: t.messagesIn, messagesOut: t.messagesOut, sla: sla, firstResponse: first, lateResponse: late,
                            aToZClaims: t.notices[.aToZClaim] ?? 0, chargebacks: t.notices[.chargeback] ?? 0,
                            negativeFeedback: t.notices[.negativeFeedback] ?? 0, givenAway: giveaways,
                            givenAwayConverted: ConvertedTotal.make(t.giveaways.money, settings: settings),
                            cancelledBeforeShipment: MoneyBack(count: t.moneyBackCount, amounts: t.moneyBack.sorted.map(ReportMoney.init)),
                            odr: ODR(windowDays: odrWindowDays, defectOrders: defectOrders.count, orders: orderCount,
                                     percent: pct(defectOrders.count, orderCount)),
                            odrByMarketplace: byMarket)
        let list = products.map { key, p in
            p.product(sku: key.isEmpty ? nil : key, units: key.isEmpty ? nil : orders.unitsBySKU.map { $0[key] ?? 0 }, settings: settings)
        }.sorted { ($0.opened, $0.previousOpened, $1.sku ?? "") > ($1.opened, $1.previousOpened, $0.sku ?? "") }
        return WeeklyReport(schema: schema, period: Period(period), previousPeriod: Period(prev), generatedAt: now,
                            empty: t.opened == 0 && t.resolved == 0 && t.messagesIn == 0 && t.messagesOut == 0,
                            currency: settings.currency, trendPeriods: trend.map(\.label),
                            topChanges: topChanges(products, units: orders.unitsBySKU),
                            products: list, totals: totals,
                            agents: AgentFigures.compute(facts, agents: agents, period: period, now: now, policy: policy))
    }

    /// The pairs whose count this period is furthest above the mean of the four periods before it;
    /// only rises count. Ties: the higher count, then SKU (no SKU last), then category, so the order is fixed.
    static func topChanges(_ products: [String: ProductTally], units: [String: Int]?) -> [TopChange] {
        var all: [TopChange] = []
        for (key, p) in products {
            let u = key.isEmpty ? nil : units.map { $0[key] ?? 0 }
            for (category, h) in p.categoryHistory where h[0] > 0 {
                let average = Double(h[1...].reduce(0, +)) / Double(trailingPeriods)
                let rise = Double(h[0]) - average
                guard rise > 0 else { continue }
                all.append(TopChange(sku: key.isEmpty ? nil : key, title: p.title, category: category, count: h[0], average: average,
                                     rise: rise, casesPer100Units: WeeklyReport.per100Units(h[0], unitsSold: u)))
            }
        }
        all.sort { a, b in
            if a.rise != b.rise { return a.rise > b.rise }
            if a.count != b.count { return a.count > b.count }
            if a.sku != b.sku { return (a.sku ?? "\u{10FFFF}") < (b.sku ?? "\u{10FFFF}") }
            return a.category < b.category
        }
        return Array(all.prefix(topChangeCount))
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
    var moneyBackCount = 0
    var moneyBack = MoneyTotals()
}

struct ProductTally {
    var asin: String?
    var title: String?
    /// (opened, case number) of the case `asin` and `title` were taken from.
    var asinFrom: (Date, Int)?, titleFrom: (Date, Int)?
    var opened = 0, previousOpened = 0, resolved = 0, resolvedWithoutReturn = 0
    /// name → (this period, previous period)
    var categories: [String: (Int, Int)] = [:]
    var offers: [String: (Int, Int)] = [:]
    var giveaways = GiveawayTally()
    /// Cases opened per trend period, oldest first.
    var trend = [Int](repeating: 0, count: WeeklyReport.trendLength)
    /// category → cases opened this period [0] and in each of the four before it [1…4].
    var categoryHistory: [String: [Int]] = [:]
    /// (case number, quote) of the cases opened in the period; pinned quotes first, then the first
    /// cases', three distinct texts, so the choice does not depend on the order the facts came in.
    var quoteCandidates: [(Int, ReportQuote)] = []
    var photos: [WeeklyReport.CasePhotos] = []
    var quotes: [ReportQuote] {
        var out: [ReportQuote] = []
        for (_, q) in quoteCandidates.sorted(by: { Self.quotedFirst(($0.0, $0.1.pinned), ($1.0, $1.1.pinned)) })
        where !out.contains(where: { $0.text == q.text }) {
            out.append(q)
            if out.count == Self.quotesShown { break }
        }
        return out
    }
    static let quotesShown = 3
    /// The order quotes are chosen in, by (case number, pinned): pinned ones first, then the first cases'.
    static func quotedFirst(_ a: (Int, Bool), _ b: (Int, Bool)) -> Bool { (a.1 ? 0 : 1, a.0) < (b.1 ? 0 : 1, b.0) }
    /// The number a case's quote is ordered by.
    static func number(_ f: CaseFacts) -> Int { Int(f.id.dropFirst(2)) ?? 0 }

    /// Anything to report in either period (a product with cases only last week still shows, with its change).
    var active: Bool { opened + previousOpened + resolved > 0 || !offers.isEmpty }

    func product(sku: String?, units: Int?, settings: ReportSettings) -> WeeklyReport.Product {
        func counts(_ d: [String: (Int, Int)]) -> [WeeklyReport.Count] {
            d.map { WeeklyReport.Count(name: $0.key, count: $0.value.0, previous: $0.value.1) }
                .sorted { ($0.count, $0.previous, $1.name) > ($1.count, $1.previous, $0.name) }
        }
        var product = WeeklyReport.Product(sku: sku, asin: asin, title: title, opened: opened, previousOpened: previousOpened,
                                    change: opened - previousOpened, resolved: resolved, resolvedWithoutReturn: resolvedWithoutReturn,
                                    categories: counts(categories), offers: counts(offers), givenAway: giveaways.result,
                                    givenAwayConverted: ConvertedTotal.make(giveaways.money, settings: settings), quotes: quotes,
                                    unitsSold: units, casesPer100Units: WeeklyReport.per100Units(opened, unitsSold: units),
                                    trend: trend)
        let sorted = photos.sorted { (Int($0.caseId.dropFirst(2)) ?? 0, $0.caseId) < (Int($1.caseId.dropFirst(2)) ?? 0, $1.caseId) }
        product.photos = sorted.isEmpty ? nil : sorted
        return product
    }
}
