import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuConfig
@testable import KefuReports

/// The weekly export quotes an open case only where the summary can show its quote (the excerpt is
/// the costly part of an open case's facts); the summary is the one quoting every open case gives.
@Suite struct ExportQuoteTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func quotingOnlyTheShownOpenCasesGivesTheSameSummary(seed: UInt64) throws {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let period = try ReportPeriod.parseWeek("2026-W47", zone: zone)
        let store = try CaseStore.open(tempDir("kefu-export-quotes"), now: t0)
        let bodies = ["The lamp arrived broken.", "Shade cracked on arrival.", "Wrong colour sent.", "Missing screws.", "Box was empty."]
        var random = RandomSource(seed: seed)
        var cases: [Case] = []
        for n in 0..<60 {
            var c = sampleCase("K-\(1001 + n)", inboundHoursAgo: [Double(2 + Int(random.next() % 100))])   // W47 and the week before
            c.messages[0].body = bodies[Int(random.next() % 5)] + (random.next() % 2 == 0 ? "" : " Please help.")   // texts repeat
            c.order!.items[0].sku = "SKU-\(random.next() % 3)"
            if random.next() % 8 == 0 { c.pin(PinnedQuote(text: "pinned \(n % 4)", at: t0)) }
            if random.next() % 3 == 0 { c.status = .resolved; c.updatedAt = t0.addingTimeInterval(-60) }
            cases.append(c)
        }
        try store.save(cases)
        try store.compact(now: t0, retireAfter: 0)   // the resolved ones go to history, quoted in their facts
        let config = KefuConfig(timeZone: zone)
        let report = try WeeklyExport.report(store: store, config: config, period: period, now: t0, playbook: nil)
        let closed = try store.historyFacts(closedSince: WeeklyReport.historyNeeded(for: period))
        let everyOpenQuoted = store.cases.values.map { CaseFacts($0, quote: period.contains($0.openedAt)) } + closed
        let expected = WeeklyReport.build(facts: everyOpenQuoted, period: period, now: t0, policy: config.sla, playbook: nil,
                                          orders: .noOrderBook, settings: config.report)
        #expect(report.products.map(\.quotes) == expected.products.map(\.quotes))
        #expect(try WeeklyExport.render(report, as: .json) == WeeklyExport.render(expected, as: .json), "the whole summary, not only its quotes")
        #expect(report.products.flatMap(\.quotes).count >= 6)
        let quoted = WeeklyExport.openFacts(Array(store.cases.values), closed: closed, period: period).filter { $0.quote != nil }.count
        #expect(quoted < store.cases.values.filter { period.contains($0.openedAt) }.count, "some open cases were not quoted")
    }

    /// Facts come out of dictionaries, in an order that changes from run to run: the product's ASIN and
    /// title are the latest case's (by number) that has one, never the last one the builder happened to see.
    @Test func aProductsListingIsItsNewestCasesWhateverTheOrderOfTheFacts() throws {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let period = try ReportPeriod.parseWeek("2026-W47", zone: zone)
        var facts: [CaseFacts] = []
        for n in 0..<6 {
            var c = sampleCase("K-\(1001 + n)", inboundHoursAgo: [Double(10 + 5 * n)])   // K-1006 is the latest
            c.order!.items[0].asin = "B00000000\(n)"
            c.order!.items[0].title = n == 5 ? nil : "Desk lamp, batch \(n)"   // the latest has no title: the one before's
            facts.append(CaseFacts(c))
        }
        let config = KefuConfig(timeZone: zone)
        func build(_ f: [CaseFacts]) -> WeeklyReport {
            WeeklyReport.build(facts: f, period: period, now: t0, policy: config.sla, playbook: nil, orders: .noOrderBook, settings: config.report)
        }
        let forward = build(facts), backward = build(facts.reversed())
        #expect(forward.products.map(\.asin) == ["B000000005"])
        #expect(forward.products.map(\.title) == ["Desk lamp, batch 4"])
        #expect(try WeeklyExport.render(forward, as: .json) == WeeklyExport.render(backward, as: .json))
        var shuffled = facts
        shuffled.swapAt(0, 3)
        #expect(try WeeklyExport.render(build(shuffled), as: .md) == WeeklyExport.render(forward, as: .md))
    }

    /// The weekly export reads closed cases' quotes only for cases opened in its period: the others'
    /// are left out of the facts, and nothing else is.
    @Test func closedFactsLeaveOutOnlyTheQuotesOfCasesOpenedBefore() throws {
        let store = try CaseStore.open(tempDir("kefu-facts-quotes"), now: t0)
        var cases: [Case] = []
        for n in 0..<8 {
            var c = sampleCase("K-\(1001 + n)", inboundHoursAgo: [Double(24 * n + 2)])
            c.messages[0].body = "The lamp number \(n) arrived broken."
            c.status = .resolved; c.updatedAt = t0.addingTimeInterval(-60)
            cases.append(c)
        }
        try store.save(cases)
        try store.compact(now: t0, retireAfter: 0)
        let from = t0.addingTimeInterval(-24 * 3.5 * 3600)   // K-1001…K-1004 opened since
        let all = try store.historyFacts(closedSince: nil), some = try store.historyFacts(closedSince: nil, quotesFrom: from)
        #expect(all.count == 8 && all.allSatisfy { $0.quote != nil })
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        for f in some {
            var expected = byID[f.id]!
            if f.openedAt < from { expected.quote = nil; expected.quoteTranslation = nil }
            #expect(f == expected)
        }
        #expect(some.filter { $0.quote != nil }.map(\.id).sorted() == ["K-1001", "K-1002", "K-1003", "K-1004"])
    }
}
