import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel

@Suite struct ModelTests {
    @Test func caseRoundTripsThroughJSON() throws {
        var c = sampleCase(inboundHoursAgo: [5, 1])
        c.insertMessage(Message(sourceId: "out-1", direction: .outbound, at: at(-3), subject: "Re: Lampe", body: "Wir senden Ersatz."))
        c.events.append(CaseEvent(.offerChosen, at: at(-3), offers: ["partial-refund"], amounts: [Money(Decimal(string: "5.10")!, "EUR")]))
        c.events.append(CaseEvent(.snoozed, at: at(-2), until: at(4)))
        c.snoozedUntil = at(4)
        let data = try KefuJSON.encoder().encode(c)
        let back = try KefuJSON.decoder().decode(Case.self, from: data)
        #expect(back == c)
        let text = String(decoding: data, as: UTF8.self)
        // Human-readable: money as a decimal string, times in UTC ISO 8601, keys sorted.
        #expect(text.contains(#""amount":"5.1""#) || text.contains(#""amount":"5.10""#))
        #expect(text.contains(#""at":"2026-11-21T07:00:00Z""#))
        #expect(text.range(of: #""buyer""#)!.lowerBound < text.range(of: #""category""#)!.lowerBound)
        #expect(!text.contains("e+"), "no binary float notation")
    }

    @Test func moneyNeverUsesBinaryFloatsAndKeepsCurrenciesApart() throws {
        #expect(Money.parseAmount("0.1")! + Money.parseAmount("0.2")! == Money.parseAmount("0.3")!)
        #expect(Money.parseAmount("1e3") == nil)
        #expect(Money.parseAmount("12,50") == nil)
        #expect(Money(Decimal(string: "5")!, "EUR").amountText == "5.00")
        var totals = MoneyTotals()
        totals.add(Money(Decimal(string: "5.00")!, "EUR"))
        totals.add(Money(Decimal(string: "7.25")!, "USD"))
        totals.add(Money(Decimal(string: "1.50")!, "EUR"))
        #expect(totals.sorted == [Money(Decimal(string: "6.5")!, "EUR"), Money(Decimal(string: "7.25")!, "USD")])
        let bad = #"{"amount":"abc","currency":"EUR"}"#
        #expect(throws: (any Error).self) { try KefuJSON.decoder().decode(Money.self, from: Data(bad.utf8)) }
    }

    @Test func iso8601ParsesZonesAndRejectsLocalTimes() {
        #expect(ISO8601.parse("2026-11-21T11:00:00+01:00") == t0)
        #expect(ISO8601.parse("2026-11-21T10:00Z") == t0)
        #expect(ISO8601.parse("2026-11-21 10:00:00.000Z") == t0)
        #expect(ISO8601.parse("2026-11-21T10:00:00") == nil)
        #expect(ISO8601.parse("2026-02-30T10:00:00Z") == nil)
        #expect(ISO8601.format(t0) == "2026-11-21T10:00:00Z")
        #expect(ISO8601.format(t0.addingTimeInterval(0.25)) == "2026-11-21T10:00:00.250Z")
        #expect(ISO8601.parse(ISO8601.format(at(-24 * 400))) == at(-24 * 400))
    }

    @Test func kindsStaySortedAndUnique() {
        var c = sampleCase()
        c.addKind(.chargeback); c.addKind(.buyerMessage); c.addKind(.returnRequest)
        #expect(c.kinds == [.buyerMessage, .returnRequest, .chargeback])
    }
}
