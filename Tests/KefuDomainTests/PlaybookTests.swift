import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuConfig
@testable import KefuPlaybook

/// A case with every field a template can ask for.
func completeCase(_ category: KefuModel.Category = .damaged, price: String = "49.99", currency: String = "EUR",
                  sku: String = "LAMP-1", language: String? = "de", kinds: [RequestKind] = [.buyerMessage]) -> Case {
    var c = sampleCase()
    c.category = category
    c.kinds = kinds
    c.buyer.language = language
    c.order?.items = [OrderItem(sku: sku, asin: "B0TEST0001", title: "Desk lamp", quantity: 1, price: Money(Decimal(string: price)!, currency))]
    return c
}

func settings() -> ReplySettings {
    var s = ReplySettings()
    s.storeName = "Lumen Home"; s.agentName = "Lin"; s.fromAddress = "support@lumen.example"
    return s
}

@Suite struct PlaybookTests {
    let playbook = try! Playbook.bundled()

    @Test func everyCategoryHasOffersAndGuidance() {
        for cat in KefuModel.Category.allCases {
            let play = playbook.play(cat)
            #expect(play != nil, "\(cat.rawValue)")
            #expect(!(play?.offers.isEmpty ?? true), "\(cat.rawValue) offers")
            #expect(!(play?.guidance["en"] ?? "").isEmpty && !(play?.guidance["zh"] ?? "").isEmpty, "\(cat.rawValue) guidance")
            for id in play?.offers ?? [] { #expect(playbook.offer(id) != nil, "\(cat.rawValue): \(id)") }
        }
        for o in playbook.offers {
            #expect(!(o.label["en"] ?? "").isEmpty && !(o.label["zh"] ?? "").isEmpty && !(o.guidance["en"] ?? "").isEmpty, "\(o.id)")
        }
    }

    @Test(arguments: ["en", "de", "fr", "es", "it", "ja"])
    func everyTemplateRendersWithNoPlaceholderLeft(lang: String) {
        let composer = ReplyComposer(playbook: playbook, settings: settings())
        for cat in KefuModel.Category.allCases {
            var c = completeCase(cat)
            c.order?.tracking = Tracking(carrier: "DHL", number: "00340434161094015902")
            for o in playbook.offers(for: c, tier: PriceTier()) {
                let text = composer.compose(c, offers: [ChosenOffer(id: o.id, amount: composer.suggestedAmount(o, for: c))], language: lang, now: t0)
                #expect(!text.contains("{{"), "\(lang) \(cat.rawValue) \(o.id): \(text)")
                #expect(text.contains(c.order!.id), "\(lang) \(o.id): the order id")
                let errors = ReplyLint.check(text, channel: .amazon, marketplace: c.marketplace, orderId: c.order?.id).filter { $0.severity == .error }
                #expect(errors.isEmpty, "\(lang) \(cat.rawValue) \(o.id): \(errors.map(\.rule))")
            }
        }
    }

    @Test func replyLanguageFollowsTheBuyerThenTheMarketplace() {
        let composer = ReplyComposer(playbook: playbook, settings: settings())
        var c = completeCase(language: "fr")
        #expect(composer.language(for: c) == "fr")
        c.buyer.language = "pt"; c.marketplace = "amazon.it"
        #expect(composer.language(for: c) == "it")
        c.buyer.language = nil; c.marketplace = "amazon.com"
        #expect(composer.language(for: c) == "en")
        c.marketplace = "amazon.co.jp"
        #expect(composer.language(for: c) == "ja")
    }

    @Test func priceTiersReorderTheOffers() {
        let cheap = completeCase(.damaged, price: "9.99")
        let normal = completeCase(.damaged, price: "49.99")
        let expensive = completeCase(.damaged, price: "349.00")
        var s = ReplySettings()
        s.bulkySKUs = ["SOFA-1"]
        let bulky = completeCase(.unwanted, price: "499.00", sku: "SOFA-1")
        #expect(s.tier(for: cheap) == PriceTier(level: .cheap))
        #expect(s.tier(for: expensive) == PriceTier(level: .expensive))
        #expect(s.tier(for: bulky) == PriceTier(level: .expensive, bulky: true))
        let base = playbook.offers(for: normal, tier: s.tier(for: normal)).map(\.action)
        let c = playbook.offers(for: cheap, tier: s.tier(for: cheap)).map(\.action)
        let e = playbook.offers(for: expensive, tier: s.tier(for: expensive)).map(\.action)
        #expect(base.first == .askPhotos, "normal: the playbook's own order")
        #expect(c.first == .reship || c.first == .fullRefund, "cheap: reship or refund first, got \(c)")
        #expect(Array(e.prefix(2)) == [.askPhotos, .sendPart], "expensive: photos and the part first, got \(e)")
        let defective = { (price: String) in self.playbook.offers(for: completeCase(.defective, price: price), tier: s.tier(for: completeCase(.defective, price: price))).map(\.action) }
        #expect(defective("49.99").contains(.repair) && !defective("9.99").contains(.repair), "cheap items are not worth a repair")
        let b = playbook.offers(for: bulky, tier: s.tier(for: bulky)).map(\.action)
        #expect(!b.contains(.returnAndRefund), "no return suggested for bulky goods")
        #expect(playbook.offers(for: bulky, tier: PriceTier()).map(\.action).contains(.returnAndRefund))
    }

    @Test func kindsAddTheirOffersWithoutRepeatsAndAtMostNine() {
        let c = completeCase(.notReceived, kinds: [.buyerMessage, .aToZClaim])
        let ids = playbook.offers(for: c, tier: PriceTier()).map(\.id)
        #expect(ids.contains("claim-withdrawal-request") && ids.contains("appeal"))
        #expect(Set(ids).count == ids.count && ids.count <= 9)
    }

    @Test func aMultiOfferReplyNumbersTheChoices() {
        let composer = ReplyComposer(playbook: playbook, settings: settings())
        let c = completeCase(.damaged, language: "en")
        let partial = playbook.offers.first { $0.id == "partial-refund-20" }!
        let amount = composer.suggestedAmount(partial, for: c)
        #expect(amount == Money(Decimal(string: "10.00")!, "EUR"), "20 % of 49.99, rounded")
        let text = composer.compose(c, offers: [ChosenOffer(id: "partial-refund-20", amount: amount), ChosenOffer(id: "reship")], now: t0)
        #expect(text.hasPrefix("Dear Markus Weber,"))
        #expect(text.contains("\n1. ") && text.contains("\n2. ") && text.contains("€10.00"))
        #expect(text.hasSuffix("Lin\nLumen Home"))
        let de = composer.compose(c, offers: [ChosenOffer(id: "partial-refund-20", amount: amount)], language: "de", now: t0)
        #expect(de.contains("10,00 €") && !de.contains("\n1. "))
    }

    @Test func missingNamesStayAsPlaceholdersForTheLint() {
        let composer = ReplyComposer(playbook: playbook, settings: ReplySettings())
        let text = composer.compose(completeCase(), offers: [ChosenOffer(id: "ask-photos")], now: t0)
        let rules = ReplyLint.check(text, channel: .amazon, marketplace: "amazon.de", orderId: "302-1234567-1234567").map(\.rule)
        #expect(rules.filter { $0 == "unresolved-placeholder" }.count == 2, "agent and store name")
    }

    @Test func aBrokenUserPlaybookNamesTheField() throws {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: Playbook.bundledURL!)) as! [String: Any]
        var cats = json["categories"] as! [String: Any]
        var damaged = cats["damaged"] as! [String: Any]
        damaged["offers"] = ["ask-photos", "no-such-offer"]
        cats["damaged"] = damaged
        json["categories"] = cats
        let path = tempDir() + ".json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        #expect(throws: KefuError.data("\(path): categories.damaged.offers: no offer \"no-such-offer\"")) { try Playbook.load(path: path) }
        try Data("{\"version\": 1,".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: (any Error).self) { try Playbook.load(path: path) }
    }
}
