import Foundation
import KefuBase
import KefuModel
import KefuConfig

/// What an offer does; stable ids the events and the weekly report use.
public enum OfferAction: String, Codable, CaseIterable, Sendable {
    case askPhotos = "ask-photos", partialRefund = "partial-refund", sendPart = "send-part", reship, exchange, gift
    case sendManual = "send-manual", trackingUpdate = "tracking-update", fullRefund = "full-refund"
    case returnAndRefund = "return-and-refund", cancelOrder = "cancel-order", changeAddress = "change-address", repair
    case claimWithdrawalRequest = "claim-withdrawal-request", appeal
    case sendInvoice = "send-invoice", acknowledge

    /// Money the seller gives the buyer back with this offer (asked for, prefilled, recorded).
    public var refunds: Bool { self == .partialRefund || self == .fullRefund || self == .returnAndRefund }
}

/// The resolution playbook as data (DOMAIN.md "Resolution offers", the seeds): offers per category
/// and request kind, cheapest first; guidance for the agent; buyer texts per language. Bundled as
/// `Resources/playbook.json`; `$XDG_CONFIG_HOME/kefu/playbook.json` replaces it whole.
public struct Playbook: Sendable, Decodable {
    public typealias Text = [String: String]

    public struct Frame: Sendable, Decodable {
        public var greeting, greetingNoName, orderLine, choicesIntro, closing, signature: String
    }
    public struct Cost: Sendable, Decodable {
        /// 0 nothing … 4 return and refund.
        public var rank: Int
        public var note: Text
    }
    public struct Amount: Sendable, Decodable { public var percent: Double }
    public struct Offer: Sendable, Decodable, Identifiable {
        public var id: String
        public var action: OfferAction
        public var label: Text
        public var guidance: Text
        public var cost: Cost
        public var amount: Amount?
        public var text: Text

        /// Gives money back: a refund action, or a text that names the amount (cancelling a paid order).
        public var refunds: Bool { action.refunds || text.values.contains { $0.contains("{{refund.amount}}") } }
    }
    public struct Play: Sendable, Decodable {
        public var guidance: Text
        public var restate: Text?
        public var offers: [String]
    }
    public struct Tier: Sendable, Decodable {
        public var first: [OfferAction]
        public var hide: [OfferAction]
    }

    public var version: Int
    public var languages: [String]
    public var frame: [String: Frame]
    public var offers: [Offer]
    public var categories: [String: Play]
    public var kinds: [String: Play]
    public var tiers: [String: Tier]

    public func offer(_ id: String) -> Offer? { offers.first { $0.id == id } }
    public func play(_ c: Category) -> Play? { categories[c.rawValue] }

    /// The numbered offers for a case: its category's, then its request kinds', without repeats,
    /// reordered for the price tier, at most nine (one key each).
    public func offers(for c: Case, tier: PriceTier) -> [Offer] {
        var ids: [String] = play(c.category)?.offers ?? []
        for k in c.kinds { ids += kinds[k.rawValue]?.offers ?? [] }
        var seen = Set<String>()
        var list = ids.filter { seen.insert($0).inserted }.compactMap(offer)
        for name in tier.tierNames {
            guard let t = tiers[name] else { continue }
            list.removeAll { t.hide.contains($0.action) }
            // Stable: the tier's actions move to the front in the tier's order, the rest keep theirs.
            let front = t.first.flatMap { a in list.filter { $0.action == a } }
            list = front + list.filter { !t.first.contains($0.action) }
        }
        return Array(list.prefix(9))
    }

    // MARK: Loading

    /// The bundled playbook, or the user's file when it exists. Errors name the file and field.
    public static func load(env: [String: String] = ProcessInfo.processInfo.environment) throws -> Playbook {
        let user = KefuConfig.directory(env: env) + "/playbook.json"
        if FileManager.default.fileExists(atPath: user) { return try load(path: user) }
        return try bundled()
    }

    public static var bundledURL: URL? { Bundle.module.url(forResource: "playbook", withExtension: "json") }

    public static func bundled() throws -> Playbook {
        guard let url = bundledURL else {
            throw KefuError.data("the bundled playbook.json is missing from the installation")
        }
        return try decode(try Data(contentsOf: url), file: "playbook.json (bundled)")
    }

    public static func load(path: String) throws -> Playbook {
        guard let data = FileManager.default.contents(atPath: path) else { throw KefuError.data("\(path): cannot read") }
        return try decode(data, file: path)
    }

    static func decode(_ data: Data, file: String) throws -> Playbook {
        let p: Playbook
        do { p = try JSONDecoder().decode(Playbook.self, from: data) } catch {
            throw KefuError.data("\(file): \(KefuJSON.describe(error))")
        }
        try p.validate(file: file)
        return p
    }

    /// Everything the composer relies on: every category has a play, every offer id exists, every
    /// buyer text exists in every language.
    func validate(file: String) throws {
        func fail(_ s: String) -> KefuError { .data("\(file): \(s)") }
        for lang in languages where frame[lang] == nil { throw fail("frame.\(lang): missing") }
        guard frame["en"] != nil else { throw fail("frame.en: missing (English is the fallback)") }
        var ids = Set<String>()
        for o in offers {
            guard ids.insert(o.id).inserted else { throw fail("offers: \"\(o.id)\" defined twice") }
            for lang in languages where (o.text[lang] ?? "").isEmpty { throw fail("offers.\(o.id).text.\(lang): missing") }
            if o.action == .partialRefund && o.amount == nil { throw fail("offers.\(o.id).amount: a partial refund needs a percent") }
        }
        for c in Category.allCases {
            guard let play = categories[c.rawValue] else { throw fail("categories.\(c.rawValue): missing") }
            guard !play.offers.isEmpty else { throw fail("categories.\(c.rawValue).offers: empty") }
            for lang in languages where (play.restate?[lang] ?? "").isEmpty { throw fail("categories.\(c.rawValue).restate.\(lang): missing") }
        }
        for (name, play) in categories.map({ ("categories.\($0.key)", $0.value) }) + kinds.map({ ("kinds.\($0.key)", $0.value) }) {
            for id in play.offers where !ids.contains(id) { throw fail("\(name).offers: no offer \"\(id)\"") }
        }
        for k in kinds.keys where RequestKind(rawValue: k) == nil { throw fail("kinds.\(k): not a request kind") }
    }
}
