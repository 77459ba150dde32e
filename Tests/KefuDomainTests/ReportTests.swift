import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuConfig
@testable import KefuPlaybook
@testable import KefuReports

private let reportZone = TimeZone(identifier: "Europe/Berlin")!
private func z(_ s: String) -> Date { ISO8601.parse(s)! }
private func eur(_ s: String, _ c: String = "EUR") -> Money { Money(Money.parseAmount(s)!, c) }

/// One case of the fixture: a buyer message at `opened`, optionally answered `replyAfter` hours later.
private func fixture(_ n: Int, sku: String, title: String, asin: String? = nil, market: String = "amazon.de", opened: String,
                     replyAfter: Double? = nil, category: KefuModel.Category = .damaged, body: String = "It broke.",
                     buyer: String = "Markus Weber") -> Case {
    let at = z(opened)
    var c = Case(id: "K-\(n)", channel: .amazon, marketplace: market, kinds: [.buyerMessage], category: category,
                 order: Order(id: "302-000000\(n % 10)-\(1_000_000 + n)", items: [OrderItem(sku: sku, asin: asin, title: title)]),
                 buyer: Buyer(name: buyer, address: "x\(n)@marketplace.amazon.de"), openedAt: at)
    c.messages.append(Message(sourceId: "m\(n)", direction: .inbound, at: at, kind: .buyerMessage, body: body))
    if let h = replyAfter {
        c.messages.append(Message(sourceId: "r\(n)", direction: .outbound, at: at.addingTimeInterval(h * 3600), body: "Sorry!"))
    }
    return c
}

private func resolve(_ c: inout Case, at s: String) {
    c.setStatus(.resolved, at: z(s)); c.updatedAt = z(s)
}

/// The fixture week is 2026-W47 in Europe/Berlin: Mon 16 Nov 00:00 CET (15 Nov 23:00Z) up to
/// Mon 23 Nov 00:00 CET (22 Nov 23:00Z). The previous week, W46, starts 8 Nov 23:00Z.
private func fixtureCases() -> [Case] {
    var a = fixture(1001, sku: "LAMP-1", title: "Desk lamp, black", asin: "B0LAMP", opened: "2026-11-16T09:00:00Z", replyAfter: 2,
                    body: "Hello,\nthe lamp from order 302-1234567-1234567 arrived broken. Call me on +49 170 1234567 or mail markus@example.de. Markus Weber")
    a.events.append(CaseEvent(.offerChosen, at: z("2026-11-16T11:00:00Z"), offers: ["partial-refund-10"], amounts: [eur("3.50")]))
    a.order?.shippedAt = z("2026-11-14T08:00:00Z")
    a.buyer.language = "de"
    resolve(&a, at: "2026-11-17T10:00:00Z")
    // Sunday 23:30 local time: still W47. Never answered: late once its 24 h ran out (22 Nov 22:30Z + 24 h < now).
    let b = fixture(1002, sku: "LAMP-1", title: "Desk lamp, black", market: "amazon.com", opened: "2026-11-22T22:30:00Z")
    // Monday 00:10 local time: W48, in no figure of W47.
    let c = fixture(1003, sku: "LAMP-1", title: "Desk lamp, black", opened: "2026-11-22T23:10:00Z", replyAfter: 1)
    var d = fixture(1004, sku: "RICE-55", title: "マイコン炊飯器 5.5合, \"白\"", market: "amazon.co.jp", opened: "2026-11-18T08:00:00Z",
                    replyAfter: 30, category: .defective, body: "炊飯器が動きません。", buyer: "佐藤 美咲")
    d.addKind(.returnRequest)
    d.buyer.language = "ja"   // kept in the facts line (read by the fast reader too)
    d.events.append(CaseEvent(.offerChosen, at: z("2026-11-19T14:00:00Z"), offers: ["reship"]))
    d.events.append(CaseEvent(.offerChosen, at: z("2026-11-20T09:00:00Z"), offers: ["full-refund"], amounts: [eur("5000", "JPY")]))
    resolve(&d, at: "2026-11-20T10:00:00Z")
    var e = fixture(1005, sku: "LAMP-1", title: "Desk lamp, black", opened: "2026-11-10T09:00:00Z", replyAfter: 1)
    resolve(&e, at: "2026-11-11T09:00:00Z")
    var f = fixture(1006, sku: "OLD-1", title: "Old kettle", opened: "2026-11-11T09:00:00Z", replyAfter: 3, category: .wrongItem)
    f.messages.append(Message(sourceId: "az1006", direction: .inbound, at: z("2026-11-17T12:00:00Z"), kind: .aToZClaim, body: "A-to-z claim"))
    f.addKind(.aToZClaim)
    var g = fixture(1007, sku: "LAMP-1", title: "Desk lamp, black", market: "amazon.com", opened: "2026-11-19T12:00:00Z", replyAfter: 1)
    g.events.append(CaseEvent(.offerChosen, at: z("2026-11-19T13:00:00Z"), offers: ["gift"], amounts: [eur("10.00", "USD")]))
    return [a, b, c, d, e, f, g]
}

private let now = z("2026-11-25T12:00:00Z")

private func build(_ cases: [Case], week: String = "2026-W47", orders: Int? = 200) throws -> WeeklyReport {
    WeeklyReport.build(facts: cases.map { CaseFacts($0) }, period: try ReportPeriod.parseWeek(week, zone: reportZone), now: now,
                       policy: .standard, playbook: try Playbook.bundled(), orderCount: orders)
}

@Suite struct ReportPeriodTests {
    @Test func isoWeeksStartOnMondayMidnightInTheConfiguredZone() throws {
        let w47 = try ReportPeriod.parseWeek("2026-W47", zone: reportZone)
        #expect(w47.start == z("2026-11-15T23:00:00Z") && w47.end == z("2026-11-22T23:00:00Z"))
        #expect(w47.contains(z("2026-11-22T22:30:00Z")), "Sunday 23:30 local belongs to the week")
        #expect(!w47.contains(z("2026-11-22T23:10:00Z")), "Monday 00:10 local is the next week")
        #expect(w47.previous.label == "2026-W46" && w47.previous.end == w47.start)
        // The week the clocks go back (25 Oct 2026) has 169 hours.
        let w43 = try ReportPeriod.parseWeek("2026-W43", zone: reportZone)
        #expect(w43.start == z("2026-10-18T22:00:00Z") && w43.end == z("2026-10-25T23:00:00Z"))
    }

    @Test func yearBoundaryWeeks() throws {
        // 2026 starts on a Thursday, so it has 53 ISO weeks; 2027 has 52; 2020 (leap, Wednesday) 53.
        #expect(ReportPeriod.weeks(inISOYear: 2026) == 53)
        #expect(ReportPeriod.weeks(inISOYear: 2027) == 52)
        #expect(ReportPeriod.weeks(inISOYear: 2020) == 53)
        #expect(ReportPeriod.weeks(inISOYear: 2025) == 52)
        let w53 = try ReportPeriod.parseWeek("2026-W53", zone: reportZone)
        #expect(w53.start == z("2026-12-27T23:00:00Z") && w53.end == z("2027-01-03T23:00:00Z"))
        let w1 = try ReportPeriod.parseWeek("2027-W01", zone: reportZone)
        #expect(w1.start == w53.end && w1.previous.label == "2026-W53")
        #expect(ReportPeriod.lastCompleteWeek(before: z("2027-01-05T08:00:00Z"), zone: reportZone).label == "2026-W53")
        // Monday 00:30 local is already the new week, so the one just ended is complete.
        #expect(ReportPeriod.lastCompleteWeek(before: z("2026-11-22T23:30:00Z"), zone: reportZone).label == "2026-W47")
        #expect(ReportPeriod.lastCompleteWeek(before: z("2026-11-22T22:30:00Z"), zone: reportZone).label == "2026-W46")
        #expect(throws: KefuError.usage("--week: 2027 has 52 ISO weeks, not 53")) { try ReportPeriod.parseWeek("2027-W53", zone: reportZone) }
        #expect(throws: KefuError.usage("--week: \"last\" is not an ISO week like 2026-W47")) { try ReportPeriod.parseWeek("last", zone: reportZone) }
    }

    @Test func dayRanges() throws {
        let p = try ReportPeriod.days(from: "2026-11-01", to: "2026-11-30", zone: reportZone)
        #expect(p.start == z("2026-10-31T23:00:00Z") && p.end == z("2026-11-30T23:00:00Z"))
        #expect(p.previous.label == "2026-10-02..2026-10-31")
        #expect(throws: KefuError.self) { try ReportPeriod.days(from: "2026-11-31", to: "2026-12-01", zone: reportZone) }
        #expect(throws: KefuError.self) { try ReportPeriod.days(from: "2026-12-02", to: "2026-12-01", zone: reportZone) }
    }
}

@Suite struct WeeklyReportTests {
    @Test func aGiftOnACancellationBeforeShipmentIsGivenAwayNotMoneyBack() throws {
        var t = GiveawayTally()
        let gift = CaseFacts.Offers(at: now, offers: ["gift"], amounts: [eur("10", "USD")])
        #expect(t.add(gift, playbook: try Playbook.bundled(), cancelledBeforeShipment: true).isEmpty, "the gift owns its money")
        #expect(t.result == [Giveaway(kind: .gift, count: 1, amounts: [ReportMoney(eur("10", "USD"))])])
        let refund = CaseFacts.Offers(at: now, offers: ["cancel-order"], amounts: [eur("45.99")])
        #expect(t.add(refund, playbook: try Playbook.bundled(), cancelledBeforeShipment: true) == [eur("45.99")], "money back, not given away")
    }

    @Test func aPinnedQuoteWithItsTranslationComesFirstInEveryFormat() throws {
        var cases = fixtureCases()
        let i = try #require(cases.firstIndex { $0.id == "K-1007" && $0.firstSKU == "LAMP-1" } ?? cases.firstIndex { $0.firstSKU == "LAMP-1" && $0.id != "K-1001" })
        cases[i].pinnedQuote = PinnedQuote(text: "Der Fuß ist abgebrochen.", language: "de", translation: "The base snapped off.", at: now)
        let r = try build(cases)
        let lamp = try #require(r.products.first { $0.sku == cases[i].firstSKU })
        #expect(lamp.quotes.first == ReportQuote(text: "Der Fuß ist abgebrochen.", language: "de", translation: "The base snapped off.", pinned: true))
        #expect(lamp.quotes.dropFirst().allSatisfy { !$0.pinned && $0.translation == nil })
        #expect(WeeklyMarkdown.render(r).contains("(de) “Der Fuß ist abgebrochen.” — “The base snapped off.”"))
        #expect(WeeklyCSV.render(r).contains("(de) “Der Fuß ist abgebrochen.” — “The base snapped off.”"))
        #expect(WeeklyHTML.render(r).contains("“The base snapped off.”"))
        // Through a retired case's facts line too: what the report reads for closed history.
        let line = try KefuJSON.encoder().encode(FactsRecord(seq: 3, facts: CaseFacts(cases[i])))
        #expect(try CaseFacts.decodeRecord(line).facts.reportQuote?.translation == "The base snapped off.")
    }

    @Test func aCachedMachineTranslationTravelsWithTheQuoteLabelled() throws {
        var cases = fixtureCases()
        let i = try #require(cases.firstIndex { $0.firstSKU == "LAMP-1" && $0.messages.first?.direction == .inbound })
        let m = cases[i].messages.firstIndex { $0.direction == .inbound }!
        let name = cases[i].buyer.name ?? "Nobody"
        cases[i].messages[m].translation = MessageTranslation(from: "de", language: "en", text: "The lamp is broken, \(name) here.", at: now)
        let facts = CaseFacts(cases[i])
        #expect(facts.quoteTranslation?.hasPrefix("The lamp is broken") == true)
        #expect(facts.quoteTranslation?.contains(name) == false || name.count < 3, "scrubbed like the quote")
        let r = try build(cases)
        let lamp = try #require(r.products.first { $0.sku == "LAMP-1" })
        let q = try #require(lamp.quotes.first { $0.translation != nil })
        #expect(q.machineTranslated == true && !q.pinned)
        #expect(WeeklyMarkdown.render(r).contains("— machine-translated: “The lamp is broken"))
        #expect(WeeklyHTML.render(r).contains("— machine-translated: “The lamp is broken"))
        // A retired case's facts line carries it, through both readers.
        let line = try KefuJSON.encoder().encode(FactsRecord(seq: 3, facts: facts))
        #expect(try CaseFacts.decodeRecord(line).facts == facts)
        if !line.contains(UInt8(ascii: "\\")) { #expect(FactsScanner.record(line)?.facts == facts) }
        // The purge removes the translation with the message, and keeps the scrubbed excerpt as it keeps the quote.
        let purged = PersonalData.scrub(cases[i], at: now)
        #expect(purged.messages.allSatisfy { $0.translation == nil })
        #expect(CaseFacts(purged).quoteTranslation == facts.quoteTranslation && CaseFacts(purged).quote == facts.quote)
    }

    @Test func fixtureWeekFiguresWorkedOutByHand() throws {
        let r = try build(fixtureCases())
        let t = r.totals
        // Opened in W47: K-1001, K-1002 (Sunday 23:30), K-1004, K-1007 — not K-1003 (Monday 00:10). W46: K-1005, K-1006.
        #expect(t.opened == 4 && t.previousOpened == 2)
        // Resolved in W47: K-1001, K-1004; in W46: K-1005.
        #expect(t.resolved == 2 && t.previousResolved == 1)
        // In: 1001, 1002, 1004, 1007 and the A-to-z notice of 1006 = 5. Out: replies of 1001, 1004 (30 h later), 1007 = 3.
        #expect(t.messagesIn == 5 && t.messagesOut == 3)
        // Buyer messages of W47: 1001 met (2 h), 1007 met (1 h), 1004 late (30 h), 1002 late (never answered) → 2 of 4.
        #expect(t.sla.met == 2 && t.sla.late == 2 && t.sla.pending == 0 && t.sla.metPercent == 50)
        // First responses 1 h, 2 h, 30 h: median (nearest rank 2 of 3) 120 min, p90 (rank 3) 1800 min.
        #expect(t.firstResponse.answered == 3 && t.firstResponse.medianMinutes == 120 && t.firstResponse.p90Minutes == 1800)
        // 7 days to the week's end: the same four (2 met, 2 late); 30 days add 1005 and 1006, both met.
        #expect(t.lateResponse.map(\.days) == [7, 30, 90])
        #expect(t.lateResponse[0].met == 2 && t.lateResponse[0].late == 2)
        #expect(t.lateResponse[1].met == 4 && t.lateResponse[1].late == 2 && t.lateResponse[2].messages == 6)
        #expect(t.aToZClaims == 1 && t.chargebacks == 0 && t.negativeFeedback == 0)
        // One defect order (1006's A-to-z) of 200 orders in 60 days.
        #expect(t.odr.defectOrders == 1 && t.odr.orders == 200 && t.odr.percent == 0.5)
        // Given away, per currency and never added: 3.50 EUR partial, 5000 JPY full, a reship, a 10 USD gift.
        #expect(t.givenAway == [
            Giveaway(kind: .partialRefund, count: 1, amounts: [ReportMoney(eur("3.50"))]),
            Giveaway(kind: .fullRefund, count: 1, amounts: [ReportMoney(eur("5000", "JPY"))]),
            Giveaway(kind: .reship, count: 1, amounts: []),
            Giveaway(kind: .gift, count: 1, amounts: [ReportMoney(eur("10", "USD"))]),
        ])
        #expect(!r.empty)

        #expect(r.products.map { $0.sku ?? "-" } == ["LAMP-1", "RICE-55", "OLD-1"])
        let lamp = r.products[0]
        // 1001, 1002, 1007 this week; 1005 the week before.
        #expect(lamp.opened == 3 && lamp.previousOpened == 1 && lamp.change == 2 && lamp.asin == "B0LAMP")
        #expect(lamp.categories == [WeeklyReport.Count(name: "damaged", count: 3, previous: 1)])
        #expect(lamp.resolved == 1 && lamp.resolvedWithoutReturn == 1)
        #expect(lamp.givenAway.map(\.kind) == [.partialRefund, .gift])
        #expect(lamp.givenAway[0].amounts == [ReportMoney(eur("3.50"))] && lamp.givenAway[1].amounts == [ReportMoney(eur("10", "USD"))])
        let rice = r.products[1]
        #expect(rice.opened == 1 && rice.resolved == 1 && rice.resolvedWithoutReturn == 0, "a return was asked for")
        #expect(rice.quotes == [ReportQuote(text: "炊飯器が動きません。", language: "ja")], "labelled with the marketplace's language")
        // A product with no case this week still shows, with its change.
        let old = r.products[2]
        #expect(old.opened == 0 && old.previousOpened == 1 && old.change == -1)
        #expect(old.categories == [WeeklyReport.Count(name: "wrong-item", count: 0, previous: 1)])
        // The quote has no name, no phone, no order id, no e-mail, no greeting.
        let q = try #require(lamp.quotes.first?.text)
        #expect(q == "the lamp from order [number] arrived broken. Call me on [number] or mail [e-mail] [name]")
    }

    @Test func odrIsNotApplicableWithoutOrders() throws {
        let r = try build(fixtureCases(), orders: nil)
        #expect(r.totals.odr.orders == nil && r.totals.odr.percent == nil)
        #expect(WeeklyMarkdown.render(r).contains("n/a (no orders imported)"))
        #expect(WeeklyHTML.render(r).contains("n/a (no orders imported)"))
    }

    @Test func everyFormatOfTheFixtureWeek() throws {
        let r = try build(fixtureCases())
        let md = WeeklyMarkdown.render(r)
        #expect(md.contains("# Weekly summary 2026-W47"))
        #expect(md.contains("| 24 h SLA met | 2 of 4 (50.0 %) |"))
        #expect(md.contains("partial refund ×1 (3.50 EUR); full refund ×1 (5000 JPY); reship ×1; gift ×1 (10.00 USD)"))
        #expect(md.contains("LAMP-1   ██████████████████████████████ 3"))
        let csv = WeeklyCSV.render(r)
        #expect(csv.hasPrefix("\u{FEFF}period,sku,asin,title,category,"))
        let lines = csv.dropFirst().components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 4, "header + LAMP-1 damaged + RICE-55 defective + OLD-1 wrong-item")
        #expect(lines[2].contains("RICE-55,,\"マイコン炊飯器 5.5合, \"\"白\"\"\",defective,1,0,1,"))
        let json = try WeeklyJSON.render(r)
        let back = try KefuJSON.decoder().decode(WeeklyReport.self, from: Data(json.utf8))
        #expect(back.schema == "kefu.weekly/2" && back.totals.opened == 4 && back.products.count == 3)
        let html = WeeklyHTML.render(r)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("@media print"))
        #expect(html.contains("マイコン炊飯器 5.5合, &quot;白&quot;") && !html.contains("<script"))
        for text in [md, csv, json, html] {
            #expect(!text.contains("Markus") && !text.contains("佐藤") && !text.contains("marketplace.amazon.de"), "no buyer data")
        }
    }

    @Test func anEmptyWeekSaysSoInEveryFormat() throws {
        let r = try build(fixtureCases(), week: "2026-W40")
        #expect(r.empty && r.products.isEmpty && r.totals.opened == 0 && r.totals.givenAway.isEmpty)
        #expect(WeeklyMarkdown.render(r).contains("No cases and no messages this period."))
        #expect(WeeklyHTML.render(r).contains("No cases and no messages this period."))
        #expect(WeeklyCSV.render(r) == "\u{FEFF}" + WeeklyCSV.header.joined(separator: ",") + "\r\n")
        let back = try KefuJSON.decoder().decode(WeeklyReport.self, from: Data(try WeeklyJSON.render(r).utf8))
        #expect(back.empty && back.totals.lateResponse.allSatisfy { $0.rate == nil })
        let none = try build([], week: "2026-W47", orders: nil)
        #expect(none.empty && none.products.isEmpty)
    }

    @Test func caseExportRows() throws {
        let period = try ReportPeriod.parseWeek("2026-W47", zone: reportZone)
        let facts = fixtureCases().map { CaseFacts($0, includeBuyer: true) }
        let rows = CaseExport.rows(facts, period: period, now: now, policy: .standard, playbook: try Playbook.bundled(), includePII: false)
        #expect(rows.map(\.id) == ["K-1001", "K-1004", "K-1007", "K-1002"])
        #expect(rows[0].firstResponseMinutes == 120 && rows[0].slaMet == true && rows[0].refunds == [ReportMoney(eur("3.50"))])
        #expect(rows[1].slaMet == false && rows[1].refunds == [ReportMoney(eur("5000", "JPY"))] && rows[1].offers == ["reship", "full-refund"])
        #expect(rows[2].refunds.isEmpty, "a gift is no refund")
        #expect(rows.allSatisfy { $0.buyerName == nil })
        let csv = CaseExport.csv(rows, includePII: false)
        #expect(csv.hasPrefix("\u{FEFF}id,channel,marketplace,order_id,sku,category,status,opened,first_response_minutes,resolved,offers,refund_amount,refund_currency,sla_met\r\n"))
        #expect(csv.contains("\r\nK-1001,amazon,amazon.de,302-0000001-1001001,LAMP-1,damaged,resolved,2026-11-16T09:00:00Z,120,2026-11-17T10:00:00Z,partial-refund-10,3.50,EUR,true\r\n"))
        let pii = CaseExport.rows(facts, period: period, now: now, policy: .standard, playbook: nil, includePII: true)
        #expect(pii[0].buyerName == "Markus Weber" && CaseExport.csv(pii, includePII: true).contains("buyer_name"))
        #expect(try CaseExport.jsonl(rows).split(separator: "\n").count == 4)
    }

    @Test func quotesLoseNamesAddressesAndNumbers() {
        #expect(BuyerQuote.excerpt("Hallo,\nich bin Anna Becker, Tel. 0171/2345678, anna@web.de\n> quoted 302-1234567-1234567", buyerName: "Anna Becker")
                == "ich bin [name], Tel. [number], [e-mail]")
        // The greeting with the name goes whole; a name inside the text is replaced, a longer word keeps it.
        #expect(BuyerQuote.excerpt("Hi Anna, see https://x.example/p?q=1 Annabelle", buyerName: "Anna Becker") == "see [link] Annabelle")
        #expect(BuyerQuote.excerpt("The lamp, says Anna, broke; see https://x.example/p?q=1 Annabelle", buyerName: "Anna Becker") == "The lamp, says [name], broke; see [link] Annabelle")
        #expect(BuyerQuote.excerpt(String(repeating: "word ", count: 60), buyerName: nil)!.count <= BuyerQuote.maxLength)
        #expect(BuyerQuote.excerpt("\u{1B}[2Jevil\u{202E}txt", buyerName: nil) == "[2Jevil txt")
    }
}

@Suite struct ReportStoreTests {
    /// Retires the fixture to history (resolved long ago) and keeps a few open.
    private func store(_ dir: String) throws -> CaseStore {
        let s = try CaseStore.open(dir, now: now)
        var cases = fixtureCases()
        for i in cases.indices where cases[i].status != .resolved { resolve(&cases[i], at: "2026-11-23T08:00:00Z") }
        try s.save(cases)
        try s.compact(now: z("2026-12-20T00:00:00Z"))
        return s
    }

    /// The order book is the ODR's denominator: orders bought in the 60 days before the week's end.
    @Test func odrCountsTheImportedOrders() throws {
        let dir = tempDir("kefu-report")
        _ = try store(dir)
        let book = try OrderBook.load(storeDirectory: dir)
        let end = try ReportPeriod.parseWeek("2026-W47", zone: reportZone).end
        // 40 inside the window, one bought after the week, one 61 days before its end.
        var orders = (0..<40).map { ImportedOrder(channel: .amazon, id: String(format: "302-0000000-%07d", $0), purchasedAt: end.addingTimeInterval(-Double($0 + 1) * 3600)) }
        orders.append(ImportedOrder(channel: .amazon, id: "302-0000001-0000001", purchasedAt: end.addingTimeInterval(3600)))
        orders.append(ImportedOrder(channel: .amazon, id: "302-0000001-0000002", purchasedAt: end.addingTimeInterval(-61 * 86400)))
        book.merge(orders)
        try book.save()
        let r = try CaseStore.open(dir, mode: .readOnly, now: now)
        let report = try WeeklyExport.report(store: r, config: KefuConfig(timeZone: reportZone), period: try ReportPeriod.parseWeek("2026-W47", zone: reportZone),
                                             now: now, playbook: try Playbook.bundled())
        #expect(report.totals.odr.orders == 40)
        #expect(report.totals.odr.defectOrders == 1 && report.totals.odr.percent == 2.5, "1006's A-to-z of 40 orders")
    }

    @Test func closedCasesAreReportedFromFactsWithoutDecodingHistory() throws {
        let dir = tempDir("kefu-report")
        _ = try store(dir)
        #expect(FileManager.default.fileExists(atPath: dir + "/history/facts/2026-11.jsonl"))
        let r = try CaseStore.open(dir, mode: .readOnly, now: now)
        let facts = try r.historyFacts(closedSince: nil)
        #expect(r.historyCasesDecoded == 0)
        var expected = fixtureCases()
        for i in expected.indices where expected[i].status != .resolved { resolve(&expected[i], at: "2026-11-23T08:00:00Z") }
        // The fast reader and Codable agree with facts made from the whole case.
        #expect(facts.sorted { $0.id < $1.id } == expected.map { CaseFacts($0) })
        let report = try WeeklyExport.report(store: r, config: KefuConfig(timeZone: reportZone), period: try ReportPeriod.parseWeek("2026-W47", zone: reportZone),
                                             now: now, playbook: try Playbook.bundled())
        #expect(report.totals.opened == 4 && r.historyCasesDecoded == 0)
        #expect(try CaseStore.check(dir, repair: false, now: t0).ok)

        // A store that gained facts mid-month: the month's first case has no facts line, and only it is decoded.
        let factsFile = dir + "/history/facts/2026-11.jsonl"
        let lines = try String(contentsOfFile: factsFile, encoding: .utf8).split(separator: "\n")
        try (lines.dropFirst().joined(separator: "\n") + "\n").write(toFile: factsFile, atomically: true, encoding: .utf8)
        let partial = try CaseStore.open(dir, mode: .readOnly, now: now)
        #expect(try partial.historyFacts(closedSince: nil).sorted { $0.id < $1.id } == facts.sorted { $0.id < $1.id })
        #expect(partial.historyCasesDecoded == 1)

        // An older store without facts gives the same facts, decoding its history instead.
        try FileManager.default.removeItem(atPath: dir + "/history/facts")
        let old = try CaseStore.open(dir, mode: .readOnly, now: now)
        #expect(try old.historyFacts(closedSince: nil).sorted { $0.id < $1.id } == facts.sorted { $0.id < $1.id })
        #expect(old.historyCasesDecoded == 7)
        #expect(try CaseStore.check(dir, repair: false, now: t0).ok)
    }

    /// The fast reader takes the facts lines kefu writes, the buyer's language and ship date included.
    @Test func theFastReaderReadsLanguageAndShipDate() throws {
        let facts = fixtureCases().map { CaseFacts($0) }
        #expect(facts[0].shippedAt == z("2026-11-14T08:00:00Z") && facts[0].language == "de" && facts[3].language == "ja")
        for f in facts {
            let line = try KefuJSON.encoder().encode(FactsRecord(seq: 7, facts: f))
            // A line with an escape in a string (K-1004's title) takes the general reader by design.
            if !line.contains(UInt8(ascii: "\\")) {
                let fast = try #require(FactsScanner.record(line), "\(String(decoding: line, as: UTF8.self))")
                #expect(fast.facts == f && fast.seq == 7)
            }
            #expect(try CaseFacts.decodeRecord(line).facts == f)
        }
    }

    @Test func aCaseRetiredTwiceIsReportedAsItsLaterVersion() throws {
        let dir = tempDir("kefu-report")
        let s = try store(dir)
        var again = try #require(try s.historyCase(id: "K-1006"))
        again.category = .damaged
        again.setStatus(.needsReply, at: z("2026-12-21T00:00:00Z"))
        try s.save(again)
        #expect(try s.historyFacts(closedSince: nil).contains { $0.id == "K-1006" } == false, "the active case supersedes history")
        resolve(&again, at: "2026-12-22T00:00:00Z")
        try s.save(again)
        try s.compact(now: z("2027-01-10T00:00:00Z"))
        let r = try CaseStore.open(dir, mode: .readOnly, now: now)
        let facts = try r.historyFacts(closedSince: nil).filter { $0.id == "K-1006" }
        #expect(facts.count == 1 && facts[0].category == .damaged)
        #expect(try r.historyFacts(closedSince: z("2026-12-01T00:00:00Z")).map(\.id) == ["K-1006"])
        #expect(r.historyCasesDecoded == 0)
    }
}

/// The decision-ready figures (issue 21) on a fixed store of 2026-W47 (Europe/Berlin; every week from
/// W44 on starts Monday 00:00 CET = Sunday 23:00Z, W43 and earlier 22:00Z). Worked out by hand:
///
/// | product · category | W41 | W43 | W44 | W45 | W46 | W47 | mean W43–W46 | rise |
/// |---|---|---|---|---|---|---|---|---|
/// | LAMP-1 damaged     |   |   | 1 |   | 1 | 3 | 0.50 | +2.50 |
/// | LAMP-1 defective   |   |   | 2 | 2 | 2 | 1 | 1.50 | −0.50 (fell: not listed) |
/// | KETTLE-2 damaged   |   |   |   |   |   | 2 | 0    | +2.00 |
/// | RICE-5 wrong-item  |   |   |   |   |   | 2 | 0    | +2.00 |
/// | CABLE-3 how-to-use |   |   |   |   |   | 1 | 0    | +1.00 |
/// | FAN-4 defective    | 3 |   |   |   |   | 1 | 0    | +1.00 (W41 is outside the four) |
/// | ZIP-9 damaged      |   |   |   |   |   | 1 | 0    | +1.00 (sixth: cut) |
///
/// Ties: KETTLE-2 before RICE-5 (same rise and count, SKU order); CABLE-3, FAN-4, ZIP-9 likewise.
@Suite struct WeeklyReportDecisionTests {
    static let week = "2026-W47"
    static let dates: [String: String] = [
        "W41": "2026-10-06T10:00:00Z", "W43": "2026-10-20T10:00:00Z", "W44": "2026-10-27T10:00:00Z", "W45": "2026-11-03T10:00:00Z",
        "W46": "2026-11-10T10:00:00Z", "W47": "2026-11-17T10:00:00Z",
    ]

    static func cases() -> [Case] {
        var out: [Case] = []
        var n = 3000
        func add(_ sku: String, _ cat: KefuModel.Category, _ week: String, _ count: Int, market: String = "amazon.de") {
            for i in 0..<count {
                n += 1
                let at = z(dates[week]!).addingTimeInterval(Double(i) * 3600)
                out.append(fixture(n, sku: sku, title: "Item \(sku)", market: market, opened: ISO8601.format(at), replyAfter: 1, category: cat,
                                   body: "It broke, case \(n)."))
            }
        }
        add("LAMP-1", .damaged, "W44", 1); add("LAMP-1", .damaged, "W46", 1); add("LAMP-1", .damaged, "W47", 3)
        for w in ["W44", "W45", "W46"] { add("LAMP-1", .defective, w, 2) }
        add("LAMP-1", .defective, "W47", 1)
        add("KETTLE-2", .damaged, "W47", 2)
        add("RICE-5", .wrongItem, "W47", 2)
        add("CABLE-3", .howToUse, "W47", 1)
        add("FAN-4", .defective, "W41", 3); add("FAN-4", .defective, "W47", 1)
        add("ZIP-9", .damaged, "W47", 1)

        // Money given away in W47: 3.50 EUR partial refund (LAMP-1), 5000 JPY full refund (RICE-5), a 10 USD gift (KETTLE-2).
        func event(_ sku: String, _ offers: [String], _ amounts: [Money], at: String = "2026-11-18T12:00:00Z") {
            let i = out.firstIndex { $0.order?.items.first?.sku == sku && $0.openedAt >= z(dates["W47"]!) }!
            out[i].events.append(CaseEvent(.offerChosen, at: z(at), offers: offers, amounts: amounts))
        }
        event("LAMP-1", ["partial-refund-10"], [eur("3.50")])
        event("RICE-5", ["full-refund"], [eur("5000", "JPY")])
        event("KETTLE-2", ["gift"], [eur("10.00", "USD")])
        out[out.firstIndex { $0.order?.items.first?.sku == "RICE-5" }!].buyer.language = "JA"

        // Two cancellations opened in W46 with their offer in W47: one before shipment (money back, not
        // given away), one after (the buyer refused the parcel: a full refund).
        var before = fixture(3901, sku: "CABLE-3", title: "Item CABLE-3", opened: "2026-11-11T10:00:00Z", replyAfter: 1, category: .cancellation)
        before.addKind(.cancellationRequest)
        before.events.append(CaseEvent(.offerChosen, at: z("2026-11-17T09:00:00Z"), offers: ["cancel-order"], amounts: [eur("34.99")]))
        var after = fixture(3902, sku: "CABLE-3", title: "Item CABLE-3", opened: "2026-11-11T11:00:00Z", replyAfter: 1, category: .cancellation)
        after.addKind(.cancellationRequest)
        after.order?.shippedAt = z("2026-11-12T08:00:00Z")
        after.events.append(CaseEvent(.offerChosen, at: z("2026-11-17T09:30:00Z"), offers: ["refuse-delivery"], amounts: [eur("20.00")]))
        out += [before, after]

        // Defects in the 60 days before W47's end: an A-to-z claim and a chargeback on one amazon.de order,
        // negative feedback on an amazon.com order (cases opened in W45, counted there only).
        var atoz = fixture(3903, sku: "ODR-7", title: "Item ODR-7", opened: "2026-11-03T09:00:00Z", replyAfter: 1, category: .other)
        atoz.messages.append(Message(sourceId: "az3903", direction: .inbound, at: z("2026-11-18T08:00:00Z"), kind: .aToZClaim, body: "claim"))
        atoz.messages.append(Message(sourceId: "cb3903", direction: .inbound, at: z("2026-11-19T08:00:00Z"), kind: .chargeback, body: "chargeback"))
        var feedback = fixture(3904, sku: "ODR-7", title: "Item ODR-7", market: "amazon.com", opened: "2026-11-03T10:00:00Z", replyAfter: 1, category: .other)
        feedback.messages.append(Message(sourceId: "nf3904", direction: .inbound, at: z("2026-11-18T09:00:00Z"), kind: .negativeFeedback, body: "1 star"))
        out += [atoz, feedback]
        return out
    }

    /// Purchased in W47 unless said: LAMP-1 120 + 80 = 200 units (a cancelled order of 30 and an order of
    /// W46 do not count), RICE-5 50; KETTLE-2 has an order outside the week only. In the 60-day window:
    /// 4 amazon.de orders, 1 amazon.com, 1 eBay.
    static func orders() -> OrderFigures {
        let w47 = z("2026-11-17T08:00:00Z"), w46 = z("2026-11-10T08:00:00Z")
        let list = [
            ImportedOrder(channel: .amazon, id: "302-1000000-0000001", marketplace: "amazon.de", status: "Shipped", purchasedAt: w47,
                          items: [OrderItem(sku: "LAMP-1", quantity: 120)]),
            ImportedOrder(channel: .amazon, id: "302-1000000-0000002", marketplace: "amazon.de", status: "Shipped", purchasedAt: w47,
                          items: [OrderItem(sku: "LAMP-1", quantity: 80), OrderItem(sku: "RICE-5", quantity: 50)]),
            ImportedOrder(channel: .amazon, id: "302-1000000-0000003", marketplace: "amazon.de", status: "Cancelled", purchasedAt: w47,
                          items: [OrderItem(sku: "LAMP-1", quantity: 30)]),
            ImportedOrder(channel: .amazon, id: "302-1000000-0000004", marketplace: "amazon.de", status: "Shipped", purchasedAt: w46,
                          items: [OrderItem(sku: "LAMP-1", quantity: 500), OrderItem(sku: "KETTLE-2", quantity: 5)]),
            ImportedOrder(channel: .amazon, id: "111-1000000-0000005", marketplace: "amazon.com", status: "Shipped", purchasedAt: w47,
                          items: [OrderItem(sku: "FAN-4", quantity: 0)]),
            ImportedOrder(channel: .ebay, id: "12-34567-89012", purchasedAt: w46, items: [OrderItem(sku: "ZIP-9", quantity: 1)]),
            ImportedOrder(channel: .amazon, id: "302-1000000-0000009", marketplace: "amazon.de", purchasedAt: z("2026-08-01T00:00:00Z"),
                          items: [OrderItem(sku: "LAMP-1", quantity: 9)]),
        ]
        let dir = tempDir("kefu-orders")
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let book = try! OrderBook.load(storeDirectory: dir)
        book.merge(list)
        return book.figures(for: try! ReportPeriod.parseWeek(week, zone: reportZone))
    }

    static let settings = ReportSettings(currency: "USD", rates: ["EUR": Decimal(string: "1.08")!, "GBP": Decimal(string: "1.27")!])

    static func report(orders: OrderFigures? = nil, settings: ReportSettings = settings) throws -> WeeklyReport {
        WeeklyReport.build(facts: cases().map { CaseFacts($0) }, period: try ReportPeriod.parseWeek(week, zone: reportZone), now: now,
                           policy: .standard, playbook: try Playbook.bundled(), orders: orders ?? Self.orders(), settings: settings)
    }

    @Test func unitsSoldComeFromTheOrdersOfThePeriod() {
        let f = Self.orders()
        #expect(f.unitsBySKU == ["LAMP-1": 200, "RICE-5": 50, "FAN-4": 0])
        #expect(f.odrOrders == 6, "the order of 1 Aug is outside the 60 days")
        #expect(f.ordersByMarketplace == ["amazon.de": 4, "amazon.com": 1, "ebay": 1])
    }

    @Test func ratesPer100UnitsSold() throws {
        let r = try Self.report()
        func p(_ sku: String) -> WeeklyReport.Product { r.products.first { $0.sku == sku }! }
        // LAMP-1: 4 cases opened in W47 ÷ 200 units × 100 = 2.0; RICE-5: 2 ÷ 50 × 100 = 4.0.
        #expect(p("LAMP-1").opened == 4 && p("LAMP-1").unitsSold == 200 && p("LAMP-1").casesPer100Units == 2.0)
        #expect(p("RICE-5").unitsSold == 50 && p("RICE-5").casesPer100Units == 4.0)
        // Orders, but none of KETTLE-2 in the week: 0 units, no rate.
        #expect(p("KETTLE-2").unitsSold == 0 && p("KETTLE-2").casesPer100Units == nil)
        let md = WeeklyMarkdown.render(r)
        #expect(md.contains("- Cases per 100 units sold: 2.00 per 100 units (200 sold)"))
        #expect(md.contains("- Cases per 100 units sold: n/a (no units sold)"))
        // Without an order book every rate is n/a.
        let none = try Self.report(orders: .noOrderBook)
        #expect(none.products.allSatisfy { $0.unitsSold == nil && $0.casesPer100Units == nil })
        #expect(WeeklyMarkdown.render(none).contains("- Cases per 100 units sold: n/a (no orders imported)"))
    }

    @Test func odrComponentsPerMarketplace() throws {
        let r = try Self.report()
        #expect(r.totals.odr.orders == 6 && r.totals.odr.defectOrders == 2)
        let m = r.totals.odrByMarketplace
        #expect(m.map(\.marketplace) == ["amazon.com", "amazon.de", "ebay"])
        // amazon.de: one order with an A-to-z claim and a chargeback, of 4 orders: 25 % each, ODR 25 %.
        #expect(m[1] == WeeklyReport.MarketplaceODR(marketplace: "amazon.de", orders: 4, aToZClaims: 1, chargebacks: 1, negativeFeedback: 0,
                                                     defectOrders: 1, aToZPercent: 25, chargebackPercent: 25, negativeFeedbackPercent: 0, percent: 25))
        #expect(m[0].negativeFeedback == 1 && m[0].orders == 1 && m[0].negativeFeedbackPercent == 100 && m[0].percent == 100)
        #expect(m[2].orders == 1 && m[2].defectOrders == 0 && m[2].percent == 0)
        #expect(WeeklyMarkdown.render(r).contains("| amazon.de | 4 | 1 (25.00 %) | 1 (25.00 %) | 0 (0.00 %) | 25.0 % |"))
        // Without orders: the defects per marketplace, no percentages.
        let none = try Self.report(orders: .noOrderBook)
        #expect(none.totals.odrByMarketplace.map(\.marketplace) == ["amazon.com", "amazon.de"])
        #expect(none.totals.odrByMarketplace.allSatisfy { $0.orders == nil && $0.percent == nil })
    }

    @Test func givenAwayInOneCurrencyAndACancellationBeforeShipmentIsNotGiven() throws {
        let r = try Self.report()
        let t = r.totals
        // The cancellation before shipment (34.99 EUR) is not a refund; the refused parcel (20 EUR) is.
        #expect(t.givenAway == [
            Giveaway(kind: .partialRefund, count: 1, amounts: [ReportMoney(eur("3.50"))]),
            Giveaway(kind: .fullRefund, count: 2, amounts: [ReportMoney(eur("20.00")), ReportMoney(eur("5000", "JPY"))]),
            Giveaway(kind: .gift, count: 1, amounts: [ReportMoney(eur("10", "USD"))]),
        ])
        #expect(t.cancelledBeforeShipment == WeeklyReport.MoneyBack(count: 1, amounts: [ReportMoney(eur("34.99"))]))
        // 23.50 EUR × 1.08 = 25.38 USD, plus 10.00 USD = 35.38 USD; JPY has no rate: listed, not added.
        let c = try #require(t.givenAwayConverted)
        #expect(c.total == ReportMoney(eur("35.38", "USD")))
        #expect(c.converted == [
            ConvertedTotal.Line(from: ReportMoney(eur("23.50")), rate: "1.08", amount: ReportMoney(eur("25.38", "USD"))),
            ConvertedTotal.Line(from: ReportMoney(eur("10", "USD")), rate: "1", amount: ReportMoney(eur("10", "USD"))),
        ])
        #expect(c.notConverted == [ReportMoney(eur("5000", "JPY"))])
        // Per product: LAMP-1's 3.50 EUR is 3.78 USD; RICE-5's yen stay unconverted with a zero total.
        #expect(r.products.first { $0.sku == "LAMP-1" }?.givenAwayConverted?.total == ReportMoney(eur("3.78", "USD")))
        let rice = try #require(r.products.first { $0.sku == "RICE-5" }?.givenAwayConverted)
        #expect(rice.total == ReportMoney(eur("0", "USD")) && rice.notConverted == [ReportMoney(eur("5000", "JPY"))])
        let md = WeeklyMarkdown.render(r)
        #expect(md.contains("| Given away in USD | 35.38 USD (10.00 USD; converted: 23.50 EUR × 1.08 = 25.38 USD; not converted (no rate): 5000 JPY) |"))
        #expect(md.contains("| Cancelled before shipment (money back, not given away) | ×1 (34.99 EUR) |"))
        // Without a report currency: no converted totals anywhere.
        let plain = try Self.report(settings: ReportSettings())
        #expect(plain.currency == nil && plain.totals.givenAwayConverted == nil && plain.products.allSatisfy { $0.givenAwayConverted == nil })
        #expect(!WeeklyMarkdown.render(plain).contains("Given away in"))
    }

    @Test func topChangesAgainstTheFourPeriodsBefore() throws {
        let r = try Self.report()
        let top = r.topChanges
        #expect(top.map { "\($0.sku ?? "-") \($0.category)" } == ["LAMP-1 damaged", "KETTLE-2 damaged", "RICE-5 wrong-item", "CABLE-3 how-to-use", "FAN-4 defective"])
        #expect(top[0] == WeeklyReport.TopChange(sku: "LAMP-1", title: "Item LAMP-1", category: "damaged", count: 3, average: 0.5, rise: 2.5,
                                                  casesPer100Units: 1.5))
        #expect(top[2].rise == 2 && top[2].casesPer100Units == 4.0 && top[1].casesPer100Units == nil)
        #expect(top[4].average == 0 && top[4].rise == 1, "W41's three cases are outside the four periods")
        #expect(!top.contains { $0.sku == "LAMP-1" && $0.category == "defective" }, "fell from a mean of 1.5 to 1")
        // First in every format.
        let md = WeeklyMarkdown.render(r)
        #expect(md.range(of: "## Top changes")!.lowerBound < md.range(of: "## Totals")!.lowerBound)
        #expect(md.contains("| LAMP-1 | damaged | 3 | 0.50 | +2.50 | 1.50 |"))
        let html = WeeklyHTML.render(r)
        #expect(html.range(of: "<h2>Top changes</h2>")!.lowerBound < html.range(of: "<h2>Totals</h2>")!.lowerBound)
        let csv = WeeklyCSV.render(r).dropFirst().components(separatedBy: "\r\n")
        let rank = WeeklyCSV.header.firstIndex(of: "top_change_rank")!
        let rows = csv.dropFirst().filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        #expect(rows.prefix(5).map { $0[rank] } == ["1", "2", "3", "4", "5"])
        #expect(rows[0][1] == "LAMP-1" && rows[0][4] == "damaged" && rows[0][rank + 1] == "0.50" && rows[0][rank + 2] == "2.50" && rows[0][rank + 3] == "1.50")
        let json = try JSONSerialization.jsonObject(with: Data(try WeeklyJSON.render(r).utf8)) as! [String: Any]
        let first = (json["topChanges"] as! [[String: Any]])[0]
        #expect(first["sku"] as? String == "LAMP-1" && first["rise"] as? Double == 2.5 && first["average"] as? Double == 0.5)
    }

    @Test func eightPeriodTrendOnOneScale() throws {
        let r = try Self.report()
        #expect(r.trendPeriods == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47"])
        func p(_ sku: String) -> WeeklyReport.Product { r.products.first { $0.sku == sku }! }
        // LAMP-1: W44 1 + 2, W45 2, W46 1 + 2, W47 3 + 1.
        #expect(p("LAMP-1").trend == [0, 0, 0, 0, 3, 2, 3, 4])
        #expect(p("FAN-4").trend == [0, 3, 0, 0, 0, 0, 0, 1])
        // One scale, the top being LAMP-1's 4: 3 → ▆, 2 → ▄, 4 → █, 1 → ▂; nothing → ·.
        let md = WeeklyMarkdown.render(r)
        #expect(md.contains("LAMP-1    ····▆▄▆█  0 0 0 0 3 2 3 4"))
        #expect(md.contains("FAN-4     ·▆·····▂  0 3 0 0 0 0 0 1"))
        let csv = WeeklyCSV.render(r)
        #expect(csv.dropFirst().prefix { $0 != "\r\n" }.contains(",trend_1,trend_2,trend_3,trend_4,trend_5,trend_6,trend_7,trend_8,"), "the rendered header")
        #expect(csv.contains(",200,2.00,0,0,0,0,3,2,3,4,USD,3.78,,"))
        let json = try JSONSerialization.jsonObject(with: Data(try WeeklyJSON.render(r).utf8)) as! [String: Any]
        let lamp = (json["products"] as! [[String: Any]]).first { $0["sku"] as? String == "LAMP-1" }!
        #expect(lamp["trend"] as? [Int] == [0, 0, 0, 0, 3, 2, 3, 4])
    }

    @Test func quotesCarryTheirLanguage() throws {
        let r = try Self.report()
        let rice = r.products.first { $0.sku == "RICE-5" }!
        let riceQuote = try #require(rice.quotes.first)
        #expect(riceQuote.language == "ja" && riceQuote.translation == nil && !riceQuote.pinned, "the buyer's language")
        #expect(riceQuote.text.hasPrefix("It broke, case"))
        #expect(r.products.first { $0.sku == "LAMP-1" }!.quotes.map(\.language) == ["de", "de", "de"], "amazon.de's language")
        #expect(WeeklyMarkdown.render(r).contains("> (de) “It broke, case"))
        #expect(WeeklyHTML.render(r).contains("<span class=\"lang\">(de)</span> <span lang=\"de\">“It broke, case"))
        #expect(WeeklyCSV.render(r).contains("(ja) “It broke, case"))
        let json = try JSONSerialization.jsonObject(with: Data(try WeeklyJSON.render(r).utf8)) as! [String: Any]
        let q = ((json["products"] as! [[String: Any]]).first { $0["sku"] as? String == "RICE-5" }!["quotes"] as! [[String: Any]])[0]
        #expect(q["language"] as? String == "ja" && q["pinned"] as? Bool == false && q["text"] is String && q["translation"] == nil)
        #expect(ReportQuote.languageCode(" zh_CN ") == "zh-cn" && ReportQuote.languageCode("German!") == nil && ReportQuote.languageCode("") == nil)
    }

    @Test func jsonSchemaTwo() throws {
        let r = try Self.report()
        let text = try WeeklyJSON.render(r)
        let back = try KefuJSON.decoder().decode(WeeklyReport.self, from: Data(text.utf8))
        #expect(back.schema == "kefu.weekly/2" && back.currency == "USD" && back.topChanges == r.topChanges)
        #expect(back.totals.odrByMarketplace == r.totals.odrByMarketplace && back.totals.givenAwayConverted == r.totals.givenAwayConverted)
        for key in ["\"unitsSold\"", "\"casesPer100Units\"", "\"trendPeriods\"", "\"givenAwayConverted\"", "\"notConverted\"",
                    "\"cancelledBeforeShipment\"", "\"odrByMarketplace\"", "\"aToZPercent\""] {
            #expect(text.contains(key), "\(key)")
        }
    }

    @Test func everyChartHasATextAlternativeAndPrintBreaksEveryTenProducts() throws {
        let r = try Self.report()
        let html = WeeklyHTML.render(r)
        let svgs = html.components(separatedBy: "<svg").dropFirst()
        #expect(svgs.count == 1 + r.products.filter { !$0.categories.isEmpty }.count)
        for s in svgs {
            let tag = s.prefix { $0 != ">" }
            #expect(tag.contains("role=\"img\"") && tag.contains("aria-label=\""), "\(tag)")
            #expect(s.dropFirst(tag.count + 1).hasPrefix("\n<title>"))
        }
        #expect(html.contains("aria-label=\"Cases opened of LAMP-1 by category (this period, previous): damaged 3 (1), defective 1 (2)\""))
        #expect(html.contains("role=\"img\" aria-label=\"Cases opened of LAMP-1, 2026-W40 – 2026-W47: 0, 0, 0, 0, 3, 2, 3, 4\""))
        // One scale: LAMP-1's damaged 3 is the section's top, so KETTLE-2's 2 is two thirds as long (373.3 of 560).
        #expect(html.contains("width=\"373.3\" height=\"14\""))
        #expect(html.contains("@page{size:A4") && html.contains(".products-page+.products-page,h2.per-product{break-before:page"))
        // 15 products with a page break after the tenth.
        var facts = Self.cases().map { CaseFacts($0) }
        for i in 0..<15 {
            var f = CaseFacts(id: "K-\(5000 + i)", channel: .amazon, category: .damaged, status: .needsReply, openedAt: z("2026-11-18T10:00:00Z"))
            f.sku = String(format: "BULK-%02d", i)
            facts.append(f)
        }
        let big = WeeklyReport.build(facts: facts, period: try ReportPeriod.parseWeek(Self.week, zone: reportZone), now: now,
                                     policy: .standard, playbook: nil, orders: .noOrderBook, settings: ReportSettings())
        let pages = WeeklyHTML.render(big).components(separatedBy: "<div class=\"products-page\">").dropFirst()
        #expect(big.products.count == 21 && pages.map { $0.components(separatedBy: "<section class=\"product\">").count - 1 } == [10, 10, 1])
    }

    @Test func markdownGolden() throws {
        let md = WeeklyMarkdown.render(try Self.report())
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/weekly-2026-W47.md")
        if ProcessInfo.processInfo.environment["KEFU_UPDATE_GOLDENS"] == "1" { try md.write(to: file, atomically: true, encoding: .utf8) }
        #expect(md == (try String(contentsOf: file, encoding: .utf8)), "KEFU_UPDATE_GOLDENS=1 rewrites it; review the diff")
    }
}
