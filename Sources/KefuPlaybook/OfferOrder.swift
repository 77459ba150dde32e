import Foundation
import KefuModel
import KefuConfig

/// One line of the playbook's `rules`: when the case matches every condition given, the named offers
/// move out of the list (`hide`), to the back (`last`), to the front (`first`, in the rule's order), and
/// `grant` moves them to the front too, adding an offer the list lacks — how a buyer's wish brings in
/// what the case's category does not offer, or what an earlier rule hid. An entry names an offer id, or
/// an action no offer id spells (`partial-refund` matches every partial refund); `grant` names offer ids.
public struct OfferRule: Sendable, Decodable {
    public struct When: Sendable, Decodable {
        /// Any of the case's request kinds, its category, its channel.
        public var kinds: [String]?
        public var categories: [String]?
        public var channels: [String]?
        /// Price level of the item total: cheap, normal, expensive.
        public var tiers: [String]?
        public var bulky: Bool?
        /// Known order state; a rule with one never applies while the state is unknown.
        public var shipped: Bool?
        public var delivered: Bool?
        /// The buyer already sent photos or a video (an attachment, or says so).
        public var media: Bool?
        /// Any of these wishes (`Playbook.wishes`) is in the buyer's words.
        public var says: [String]?
    }
    public var when: When
    public var first: [String]?
    public var last: [String]?
    public var hide: [String]?
    public var grant: [String]?
    /// Why the rule exists, for whoever edits the file.
    public var why: String?
}

/// What the order of offers depends on besides the category and kinds.
public struct OfferContext: Sendable, Equatable {
    public var tier: PriceTier
    public var shipped: Bool?
    public var delivered: Bool?
    public var media: Bool
    public var says: Set<String>

    public init(tier: PriceTier = PriceTier(), shipped: Bool? = nil, delivered: Bool? = nil, media: Bool = false, says: Set<String> = []) {
        self.tier = tier; self.shipped = shipped; self.delivered = delivered; self.media = media; self.says = says
    }

    public init(_ c: Case, tier: PriceTier, wishes: BuyerWishes) {
        let words = BuyerWishes.buyerText(c)
        let says = wishes.found(in: words)
        var shipped = Self.shipped(c.order)
        // A buyer who describes the item in hand has it, whatever the order facts lack (only a report's
        // explicit status says otherwise).
        if shipped == false, c.order?.status == nil, Self.aboutTheItemInHand.contains(c.category) { shipped = true }
        self.init(tier: tier, shipped: shipped, delivered: c.order.map { $0.deliveredAt != nil },
                  media: BuyerWishes.hasMedia(c) || says.contains("photos-sent"), says: says)
    }

    static let aboutTheItemInHand: Set<Category> = [.damaged, .defective, .missingPart, .wrongItem, .sizeColor, .howToUse, .warranty, .thankYou]

    /// Shipped when the order has a ship or delivery date, tracking, or a shipped status; not shipped when
    /// the report says so (Unshipped, Pending, unfulfilled) or when the order's dates are known without a
    /// ship date; unknown without order facts.
    public static func shipped(_ o: Order?) -> Bool? {
        guard let o else { return nil }
        if o.shippedAt != nil || o.deliveredAt != nil || o.tracking != nil { return true }
        if let s = o.status?.lowercased() {
            if ["unshipped", "pending", "unfulfilled", "not shipped"].contains(where: s.contains) { return false }
            if ["shipped", "shipping", "delivered", "fulfilled", "partial"].contains(where: s.contains) { return true }
        }
        return o.purchasedAt != nil ? false : nil
    }
}

/// Orders a case's offers: its notice kinds' offers (claim, chargeback, return…) first, then its
/// category's, then the playbook's rules in order; at most nine.
public struct OfferOrder: Sendable {
    public var playbook: Playbook
    public init(playbook: Playbook) { self.playbook = playbook }

    public func offers(for c: Case, context: OfferContext) -> [Playbook.Offer] {
        var ids: [String] = []
        for k in c.kinds where k != .buyerMessage { ids += playbook.kinds[k.rawValue]?.offers ?? [] }
        ids += playbook.play(c.category)?.offers ?? []
        ids += playbook.kinds[RequestKind.buyerMessage.rawValue]?.offers ?? []
        var seen = Set<String>()
        var list = ids.filter { seen.insert($0).inserted }.compactMap(playbook.offer)
        for rule in playbook.rules where applies(rule.when, c, context) {
            if let hide = rule.hide { list.removeAll { o in hide.contains { matches(o, $0) } } }
            if let last = rule.last {
                let back = last.flatMap { e in list.filter { matches($0, e) } }
                list = list.filter { o in !last.contains { matches(o, $0) } } + unique(back)
            }
            for (entries, adding) in [(rule.first, false), (rule.grant, true)] {
                guard let entries else { continue }
                var front: [Playbook.Offer] = []
                for e in entries {
                    let hits = list.filter { matches($0, e) }
                    if !hits.isEmpty { front += hits } else if adding, let added = playbook.offer(e) { front.append(added) }
                }
                front = unique(front)
                list = front + list.filter { o in !front.contains { $0.id == o.id } }
            }
        }
        return Array(list.prefix(9))
    }

    func matches(_ o: Playbook.Offer, _ entry: String) -> Bool {
        playbook.offer(entry) != nil ? o.id == entry : o.action.rawValue == entry
    }

    func unique(_ list: [Playbook.Offer]) -> [Playbook.Offer] {
        var seen = Set<String>()
        return list.filter { seen.insert($0.id).inserted }
    }

    func applies(_ w: OfferRule.When, _ c: Case, _ x: OfferContext) -> Bool {
        if let k = w.kinds, !c.kinds.contains(where: { k.contains($0.rawValue) }) { return false }
        if let cats = w.categories, !cats.contains(c.category.rawValue) { return false }
        if let ch = w.channels, !ch.contains(c.channel.rawValue) { return false }
        if let t = w.tiers, !t.contains(x.tier.level.rawValue) { return false }
        if let b = w.bulky, b != x.tier.bulky { return false }
        if let s = w.shipped, x.shipped != s { return false }
        if let d = w.delivered, x.delivered != d { return false }
        if let m = w.media, m != x.media { return false }
        if let says = w.says, !says.contains(where: x.says.contains) { return false }
        return true
    }
}
