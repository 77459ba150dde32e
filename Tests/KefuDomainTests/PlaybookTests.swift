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

    /// Every offer × language × (buyer name or not) × (order data or not) reads as a finished reply: no
    /// placeholder or bracket left, the product named at most once and never by its full listing title,
    /// the closing the offer's own kind, the order id when there is one, and nothing the lint calls an error.
    @Test(arguments: ["en", "de", "fr", "es", "it", "ja", "zh-Hans", "zh-Hant"])
    func everyOfferRendersAsAFinishedReply(lang: String) throws {
        let composer = ReplyComposer(playbook: playbook, settings: settings())
        let frame = try #require(playbook.frame[lang])
        let fullTitle = "Glass Electric Kettle 1.7 L with Blue LED, 2200 W"
        for o in playbook.offers {
            let category = KefuModel.Category.allCases.first { playbook.play($0)?.offers.contains(o.id) == true } ?? .other
            for (named, withOrder) in [(true, true), (true, false), (false, true), (false, false)] {
                var c = completeCase(category)
                c.order?.items[0].title = fullTitle
                c.order?.tracking = Tracking(carrier: "DHL", number: "00340434161094015902")
                if !named { c.buyer.name = nil }
                if !withOrder { c.order = nil }
                let amount = composer.suggestedAmount(o, for: c) ?? (o.refunds ? Money(10, "EUR") : nil)
                let text = composer.compose(c, offers: [ChosenOffer(id: o.id, amount: amount)], language: lang, now: t0)
                let what = "\(lang) \(o.id) named=\(named) order=\(withOrder):\n\(text)"
                #expect(!text.contains("{{") && !text.contains("}}") && !text.contains("[[") && !text.contains("]]"), "\(what)")
                #expect(!text.contains(fullTitle), "the full title: \(what)")
                #expect(text.components(separatedBy: "Glass Electric Kettle").count <= 2, "the product named twice: \(what)")
                let closings = frame.closings
                if o.closing != "none" {
                    #expect(text.contains(closings[o.closing]!), "its own closing: \(what)")
                }
                for (kind, closing) in closings where kind != o.closing { #expect(!text.contains(closing), "\(kind) closing: \(what)") }
                if withOrder { #expect(text.contains(c.order!.id), "the order id: \(what)") }
                if named && lang != "de" && lang != "fr" { #expect(text.contains("Markus") || text.contains("Weber"), "the name: \(what)") }
                let errors = ReplyLint.check(text, channel: .amazon, marketplace: c.marketplace, orderId: c.order?.id).filter { $0.severity == .error }
                #expect(errors.isEmpty, "\(what)\n\(errors.map(\.message))")
            }
        }
    }

    @Test func greetingsFitTheLanguageAndWhatIsKnown() {
        let composer = ReplyComposer(playbook: playbook, settings: settings())
        var c = completeCase(.damaged)
        func first(_ lang: String) -> String { String(composer.compose(c, offers: [ChosenOffer(id: "reship")], language: lang, now: t0).split(separator: "\n")[0]) }
        #expect(first("en") == "Hello Markus,")
        #expect(first("de") == "Guten Tag,", "no Herr/Frau known: the neutral form, never the bare full name")
        #expect(first("fr") == "Madame, Monsieur,")
        #expect(first("ja") == "Markus Weber 様")
        #expect(first("it") == "Gentile Markus Weber,")
        c.buyer.name = "Frau Anna Schmidt"
        #expect(first("de") == "Guten Tag Frau Schmidt,")
        c.buyer.name = "Mme Élodie Martin"
        #expect(first("fr") == "Bonjour Madame Martin,")
        c.buyer.name = "M. Weber"
        #expect(first("en") == "Hello M. Weber,", "an initial is no first name")
        c.buyer.name = nil
        #expect(first("en") == "Hello," && first("ja") == "お客様" && first("zh-Hans") == "您好！")
    }

    @Test func theProductIsNamedByItsShortName() {
        #expect(ProductName.shorten("Glass Electric Kettle 1.7 L with Blue LED, 2200 W") == "Glass Electric Kettle")
        #expect(ProductName.shorten("Air Fryer 5.5 L, 1700 W, Black") == "Air Fryer")
        #expect(ProductName.shorten("4K Dash Cam Front and Rear with GPS") == "Dash Cam Front and Rear")
        #expect(ProductName.shorten("Memory Foam Mattress 140x200 cm, Medium Firm, 25 cm") == "Memory Foam Mattress")
        #expect(ProductName.shorten("マイコン炊飯器 5.5合 ホワイト") == "マイコン炊飯器 ホワイト")
        var s = settings()
        s.shortNames = ["LAMP-1": "Schreibtischlampe"]
        let c = completeCase(.damaged)
        #expect(ProductName.short(for: c, settings: s) == "Schreibtischlampe")
        let text = ReplyComposer(playbook: playbook, settings: s).compose(c, offers: [ChosenOffer(id: "reship")], language: "de", now: t0)
        #expect(text.contains("Ihr Artikel „Schreibtischlampe“ beschädigt"))
    }

    @Test func chineseBuyersGetTheirScript() {
        let composer = ReplyComposer(playbook: playbook, settings: settings())
        var c = completeCase(.damaged, language: "zh")
        c.buyer.country = "TW"
        #expect(composer.language(for: c) == "zh-Hant")
        c.buyer.country = "CN"
        #expect(composer.language(for: c) == "zh-Hans")
        c.buyer.language = "zh-HK"
        #expect(composer.language(for: c) == "zh-Hant")
        c.buyer.language = "zh-Hans"; c.buyer.country = "TW"
        #expect(composer.language(for: c) == "zh-Hans", "the buyer's own tag wins")
    }

    @Test func moneyFollowsTheCurrencysMinorUnits() {
        #expect(Money(12800, "JPY").amountText == "12800")
        #expect(Money(Decimal(string: "12800.4")!, "JPY").amountText == "12800")
        #expect(Money(5, "EUR").amountText == "5.00")
        #expect(Money(Decimal(string: "1.5")!, "KWD").amountText == "1.500")
        #expect(ReplyComposer.money(Money(12800, "JPY"), lang: "ja") == "¥12,800")
        #expect(ReplyComposer.money(Money(12800, "JPY"), lang: "zh-Hans") == "12,800 日元")
        #expect(ReplyComposer.money(Money(Decimal(string: "1234.50")!, "EUR"), lang: "de") == "1.234,50 €")
        let composer = ReplyComposer(playbook: playbook, settings: settings())
        let c = completeCase(.damaged, price: "12800", currency: "JPY")
        #expect(composer.suggestedAmount(playbook.offer("partial-refund-10")!, for: c) == Money(1280, "JPY"))
    }

    @Test func promisesInATemplateBecomeAClockTime() {
        #expect(playbook.promiseDue([ChosenOffer(id: "tracking-update")], now: t0) == t0.addingTimeInterval(24 * 3600))
        #expect(playbook.promiseDue([ChosenOffer(id: "carrier-investigation")], now: t0) == ReplyComposer.deadline(after: t0), "{{deadline}}")
        #expect(playbook.promiseDue([ChosenOffer(id: "full-refund")], now: t0) == nil)
        #expect(playbook.promiseDue([ChosenOffer(id: "tracking-update"), ChosenOffer(id: "reship")], now: t0) == nil,
                "numbered choices promise nothing until the buyer chooses")
    }

    @Test func incompatibleOffersCannotGoTogether() {
        #expect(playbook.conflict(["full-refund", "claim-withdrawal-request"]) != nil)
        #expect(playbook.conflict(["reship", "appeal"]) != nil)
        #expect(playbook.conflict(["reship", "full-refund"]) == nil)
        #expect(playbook.conflict(["claim-withdrawal-request"]) == nil)
        #expect(playbook.conflict(["cancel-order", "refuse-delivery"])?.contains("contradict") == true, "before vs after shipment")
        #expect(playbook.conflict(["refuse-delivery", "cancel-order"]) != nil && playbook.conflict(["change-address", "cancel-order"]) == nil)
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
        #expect(defective("349.00").contains(.repair) && !defective("89.99").contains(.repair) && !defective("9.99").contains(.repair),
                "a repair partner only for expensive items")
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
        #expect(text.hasPrefix("Hello Markus,"))
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
