import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuConfig
@testable import KefuPlaybook

/// The offer order by case kind × order state × price tier × the buyer's words: each row is a case a
/// senior agent would answer one way, and the offer they would send first.
@Suite struct OfferOrderTests {
    static let playbook = try! Playbook.bundled()

    enum Ship { case unknown, notShipped, shipped, delivered }

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var category: KefuModel.Category
        var kinds: [RequestKind] = [.buyerMessage]
        var channel: Channel = .amazon
        var ship: Ship = .shipped
        var price = "49.99"
        var currency = "EUR"
        var bulky = false
        var words = "Hello, there is a problem with my order."
        var attachment: String? = nil
        /// The offer that must come first.
        var first: String
        /// Offers that must come after `first`'s neighbours, or not be listed at all.
        var before: [(String, String)] = []
        var absent: [String] = []
        var present: [String] = []
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        // Order state: what was "(before shipment)" must not be offered on a shipped order, and the reverse.
        Row(name: "address change, not shipped: change it", category: .addressChange, ship: .notShipped,
            first: "change-address", absent: ["redirect-parcel", "reship-new-address"]),
        Row(name: "address change, shipped: redirect", category: .addressChange, ship: .shipped,
            first: "redirect-parcel", absent: ["change-address", "cancel-order"], present: ["reship-new-address"]),
        Row(name: "cancellation, not shipped: cancel", category: .cancellation, kinds: [.cancellationRequest], ship: .notShipped,
            first: "cancel-order", absent: ["refuse-delivery", "return-and-refund"]),
        Row(name: "cancellation, shipped: refuse the parcel", category: .cancellation, kinds: [.cancellationRequest], ship: .shipped,
            first: "refuse-delivery", absent: ["cancel-order"]),
        Row(name: "please cancel, it has not shipped (eBay)", category: .other, channel: .ebay, ship: .notShipped,
            words: "Please cancel my order, it has not shipped yet.", first: "cancel-order", absent: ["refuse-delivery"]),
        Row(name: "not received, tracking says delivered", category: .notReceived, ship: .delivered,
            first: "check-delivery", present: ["carrier-investigation"]),
        Row(name: "not received, in transit", category: .notReceived, ship: .shipped, first: "tracking-update"),
        // Kinds: the claim's and the chargeback's own offers lead.
        Row(name: "A-to-z claim: solve first, never ask the buyer to check first", category: .notReceived, kinds: [.aToZClaim],
            ship: .delivered, first: "reship", before: [("claim-withdrawal-request", "check-delivery"), ("appeal", "tracking-update")],
            present: ["claim-withdrawal-request", "appeal"]),
        Row(name: "A-to-z claim on a damaged item", category: .damaged, kinds: [.aToZClaim], first: "reship",
            before: [("full-refund", "ask-photos")]),
        Row(name: "chargeback: evidence, then a refund path", category: .other, kinds: [.chargeback], first: "chargeback-evidence",
            before: [("full-refund", "ask-photos")]),
        Row(name: "return request: authorise the return", category: .unwanted, kinds: [.returnRequest], first: "return-and-refund"),
        Row(name: "return request of a bulky item: no return", category: .unwanted, kinds: [.returnRequest], price: "499.00", bulky: true,
            first: "partial-refund-20", absent: ["return-and-refund", "exchange"]),
        Row(name: "eBay item not received", category: .notReceived, kinds: [.inrRequest], channel: .ebay, first: "tracking-update",
            present: ["reship", "refund-undelivered"]),
        Row(name: "eBay not as described, the buyer wants a refund", category: .wrongItem, kinds: [.snadRequest], channel: .ebay,
            words: "This is not what I ordered. I want a refund.", first: "full-refund"),
        Row(name: "eBay not as described, bulky, the buyer insists on a return: the wish wins", category: .wrongItem,
            kinds: [.snadRequest], channel: .ebay, price: "499.00", bulky: true, words: "I want to return it.", first: "return-and-refund"),
        // Price tier and bulk.
        Row(name: "cheap damaged item: reship at once", category: .damaged, price: "9.99", first: "reship", absent: ["repair"]),
        Row(name: "normal damaged item: photos first, reship above partial refunds", category: .damaged, first: "ask-photos",
            before: [("reship", "partial-refund-10"), ("reship", "partial-refund-20")]),
        Row(name: "expensive damaged item: photos, then the part", category: .damaged, price: "349.00", first: "ask-photos",
            before: [("send-part", "reship")]),
        Row(name: "a $90 air fryer is not worth a repair partner", category: .defective, price: "89.99", currency: "USD",
            first: "ask-photos", absent: ["repair"]),
        Row(name: "an expensive defective item may be repaired", category: .defective, price: "349.00", first: "ask-photos", present: ["repair"]),
        Row(name: "bulky unwanted item: no return", category: .unwanted, price: "499.00", bulky: true, first: "partial-refund-10",
            absent: ["return-and-refund"]),
        // The buyer's own words.
        Row(name: "leaking kettle, replacement or money back", category: .damaged,
            words: "Wasser läuft raus! Ich will Ersatz oder mein Geld zurück.", first: "reship", before: [("full-refund", "partial-refund-10")]),
        Row(name: "photos already attached: no asking for photos first", category: .damaged, attachment: "crack.jpg (image/jpeg, 240 KB)",
            first: "reship", before: [("partial-refund-10", "ask-photos")]),
        Row(name: "a video already attached, in words", category: .defective, words: "It makes a loud noise, see the attached video.",
            first: "send-manual", before: [("exchange", "ask-photos")]),
        Row(name: "I want a return", category: .unwanted, words: "I don't like it. I want a return.", first: "return-and-refund"),
        Row(name: "one size up", category: .sizeColor, words: "Too small, can I get one size up?", first: "exchange-size-color"),
        Row(name: "the new address is already in the message: confirm, never ask again", category: .addressChange, ship: .notShipped,
            words: "La bonne adresse est à Villeurbanne, je viens de la corriger dans mon compte. Sinon annulez la commande.",
            first: "confirm-address", absent: ["change-address"], present: ["cancel-order"]),
        Row(name: "a refund declined is no wish", category: .damaged, words: "I don't want a refund, just a working one.",
            first: "ask-photos"),
    ]

    static func makeCase(_ r: Row) -> Case {
        var c = sampleCase()
        c.channel = r.channel
        c.marketplace = r.channel == .ebay ? "ebay.com" : "amazon.de"
        c.category = r.category
        c.kinds = r.kinds.sorted()
        c.order?.items = [OrderItem(sku: r.bulky ? "SOFA-1" : "ITEM-1", title: "Thing", quantity: 1,
                                    price: Money(Decimal(string: r.price)!, r.currency))]
        switch r.ship {
        case .unknown: c.order = Order(id: c.order!.id)
        case .notShipped: c.order?.tracking = nil; c.order?.status = "Unshipped"
        case .shipped: c.order?.shippedAt = t0.addingTimeInterval(-86400)
        case .delivered: c.order?.shippedAt = t0.addingTimeInterval(-3 * 86400); c.order?.deliveredAt = t0.addingTimeInterval(-86400)
        }
        c.messages[0].body = r.words
        c.messages[0].attachments = r.attachment.map { [$0] }
        return c
    }

    @Test(arguments: rows) func offerOrder(_ r: Row) {
        var s = ReplySettings()
        s.bulkySKUs = ["SOFA-1"]
        let c = Self.makeCase(r)
        let ids = Self.playbook.offers(for: c, tier: s.tier(for: c)).map(\.id)
        #expect(ids.first == r.first, "\(r.name): \(ids)")
        for (a, b) in r.before {
            let ia = ids.firstIndex(of: a), ib = ids.firstIndex(of: b)
            #expect(ia != nil && (ib == nil || ia! < ib!), "\(r.name): \(a) before \(b) in \(ids)")
        }
        for a in r.absent { #expect(!ids.contains(a), "\(r.name): no \(a) in \(ids)") }
        for p in r.present { #expect(ids.contains(p), "\(r.name): \(p) in \(ids)") }
        #expect(ids.count <= 9 && Set(ids).count == ids.count)
    }

    /// Every category × kind × order state × price tier keeps the rules a senior agent never breaks.
    @Test func everyCombinationKeepsTheHardRules() {
        var s = ReplySettings()
        s.bulkySKUs = ["SOFA-1"]
        let beforeShipment: Set = ["cancel-order", "change-address", "confirm-address"]
        let afterShipment: Set = ["redirect-parcel", "reship-new-address", "refuse-delivery", "check-delivery", "carrier-investigation"]
        let prices = [("9.99", false), ("49.99", false), ("349.00", false), ("499.00", true)]
        var checked = 0
        for category in KefuModel.Category.allCases {
            for kind in RequestKind.allCases {
                for ship in [Ship.unknown, .notShipped, .shipped, .delivered] {
                    for (price, bulky) in prices {
                        for channel in [Channel.amazon, .ebay] {
                            let r = Row(name: "", category: category, kinds: [kind], channel: channel, ship: ship, price: price, bulky: bulky, first: "")
                            let c = Self.makeCase(r)
                            let tier = s.tier(for: c)
                            let ids = Self.playbook.offers(for: c, tier: tier).map(\.id)
                            let what = "\(category.rawValue) \(kind.rawValue) \(ship) \(price) \(channel.rawValue): \(ids)"
                            checked += 1
                            #expect(!ids.isEmpty && ids.count <= 9 && Set(ids).count == ids.count, "\(what)")
                            let shipped = OfferContext(c, tier: tier, wishes: Self.playbook.cues).shipped
                            if shipped == true { #expect(beforeShipment.isDisjoint(with: ids), "before-shipment offer on a shipped order: \(what)") }
                            if shipped == false { #expect(afterShipment.isDisjoint(with: ids), "after-shipment offer before shipment: \(what)") }
                            if tier.level != .expensive && !tier.bulky { #expect(!ids.contains("repair"), "a repair partner: \(what)") }
                            if tier.bulky { #expect(!ids.contains("return-and-refund") && !ids.contains("exchange"), "a bulky return: \(what)") }
                            if kind == .chargeback { #expect(ids.first == "chargeback-evidence", "\(what)") }
                            if kind == .aToZClaim { #expect(ids.first.map { ["reship", "full-refund"].contains($0) } == true, "\(what)") }
                            if kind == .aToZClaim || kind == .chargeback {
                                #expect(ids.first != "ask-photos" && ids.first != "check-delivery" && ids.first != "tracking-update", "\(what)")
                            }
                        }
                    }
                }
            }
        }
        #expect(checked == KefuModel.Category.allCases.count * RequestKind.allCases.count * 4 * 4 * 2)
    }

    @Test func orderStateComesFromTheShipDateAndStatus() {
        #expect(OfferContext.shipped(nil) == nil)
        #expect(OfferContext.shipped(Order(id: "1")) == nil, "an order id alone says nothing")
        #expect(OfferContext.shipped(Order(id: "1", purchasedAt: t0)) == false)
        #expect(OfferContext.shipped(Order(id: "1", purchasedAt: t0, shippedAt: t0)) == true)
        #expect(OfferContext.shipped(Order(id: "1", status: "Unshipped")) == false)
        #expect(OfferContext.shipped(Order(id: "1", status: "Shipped")) == true)
        #expect(OfferContext.shipped(Order(id: "1", tracking: Tracking(number: "1Z"))) == true)
    }

    @Test func wishesAreReadFromTheBuyersWordsOnly() {
        let w = Self.playbook.cues
        #expect(w.found(in: "Bitte stornieren Sie die Bestellung.") == ["cancel"])
        #expect(w.found(in: "返品したいです。") == ["return"])
        #expect(w.found(in: "我想退货") == ["return"])
        #expect(w.found(in: "I do not want to return it, please send a replacement").contains("replacement"))
        #expect(!w.found(in: "I do not want to return it, please send a replacement").contains("return"))
        var c = sampleCase()
        c.insertMessage(Message(sourceId: "claim", direction: .inbound, at: t0, kind: .aToZClaim, body: "The buyer may cancel the claim."))
        #expect(!BuyerWishes.buyerText(c).contains("cancel"), "a marketplace notice is not the buyer's words")
    }

    @Test func aBrokenRuleNamesItsField() throws {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: Playbook.bundledURL!)) as! [String: Any]
        var rules = json["rules"] as! [[String: Any]]
        rules[0]["first"] = ["no-such-offer"]
        json["rules"] = rules
        let path = tempDir() + ".json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        #expect(throws: KefuError.data("\(path): rules[0]: no offer or action \"no-such-offer\"")) { try Playbook.load(path: path) }
        json["version"] = 1
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        #expect(throws: KefuError.data("\(path): version 1: this kefu reads playbook version 2; copy the bundled playbook.json and redo your changes")) {
            try Playbook.load(path: path)
        }
    }
}
