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
/// and request kind, the rules that reorder them for the case (`OfferOrder`), guidance for the agent,
/// buyer texts per language. Bundled as `Resources/playbook.json`; `$XDG_CONFIG_HOME/kefu/playbook.json`
/// replaces it whole.
public struct Playbook: Sendable, Decodable {
    public typealias Text = [String: String]

    /// The parts of every reply in one language. A greeting is chosen by what is known of the buyer:
    /// a title with the name (`Herr Weber`) → `greetingTitled`, a name → `greeting` (which may leave the
    /// name out where a bare name reads wrong, as in German), nothing → `greetingNoName`.
    public struct Frame: Sendable, Decodable {
        public var greeting, greetingNoName: String
        public var greetingTitled: String?
        /// Title words as buyers write them before their name → as the greeting writes them ("Mme" → "Madame").
        public var titles: [String: String]?
        /// The order line with and without an order id; `openingNotice` when the case came from a notice
        /// (a claim, a chargeback) rather than from the buyer's own message.
        public var opening, openingNoOrder: String
        public var openingNotice: String?
        public var choicesIntro: String
        /// By `Offer.closing`: "asks" (we wait for the buyer), "informs" (we act; nothing is asked), and
        /// "choose" for a reply with numbered choices.
        public var closings: [String: String]
        public var signature: String
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
        /// Which of the frame's closings ends a reply with this offer alone; "none" for none.
        public var closing: String
        /// A time the text promises unconditionally ("24h", "2d"); `{{deadline}}` in the text promises
        /// that date. Sending such a reply sets the promise clock.
        public var promise: String?
        /// Sent only on its own: never as one of several choices (withdrawing a claim, an appeal).
        public var alone: Bool?
        /// false: the reply leaves out the category's restated problem (it is solved already).
        public var restates: Bool?
        /// Offers that contradict this one in one reply (cancelling before shipment vs refusing the parcel after).
        public var excludes: [String]?
        public var text: Text

        /// Gives money back: a refund action, or a text that names the amount (cancelling a paid order).
        public var refunds: Bool { action.refunds || text.values.contains { $0.contains("{{refund.amount}}") } }
        public var isAlone: Bool { alone ?? false }
    }
    public struct Play: Sendable, Decodable {
        public var guidance: Text
        /// The buyer's problem restated, naming the product once.
        public var restate: Text?
        public var offers: [String]
    }

    public var version: Int
    public var languages: [String]
    public var frame: [String: Frame]
    public var offers: [Offer]
    public var categories: [String: Play]
    public var kinds: [String: Play]
    /// Applied in order, later rules over earlier ones (`OfferOrder`).
    public var rules: [OfferRule]
    /// Per wish ("return", "cancel"…): the phrases, in any language, by which a buyer asks for it.
    public var wishes: [String: [String]]
    /// `wishes` compiled once, when the playbook is loaded.
    public private(set) var cues = BuyerWishes([:])

    enum CodingKeys: String, CodingKey { case version, languages, frame, offers, categories, kinds, rules, wishes }

    public func offer(_ id: String) -> Offer? { offers.first { $0.id == id } }
    public func play(_ c: Category) -> Play? { categories[c.rawValue] }

    /// The numbered offers for a case, at most nine (one key each): see `OfferOrder`.
    public func offers(for c: Case, tier: PriceTier) -> [Offer] {
        OfferOrder(playbook: self).offers(for: c, context: OfferContext(c, tier: tier, wishes: cues))
    }

    /// Why these offers cannot go out together in one reply, or nil when they can.
    public func conflict(_ ids: [String]) -> String? {
        guard ids.count > 1 else { return nil }
        let chosen = ids.compactMap(offer)
        if let o = chosen.first(where: \.isAlone) {
            return "“\(o.label["en"] ?? o.id)” goes in a reply of its own, never beside another offer"
        }
        for a in chosen {
            for b in chosen where a.id != b.id && (a.excludes ?? []).contains(b.id) {
                return "“\(a.label["en"] ?? a.id)” and “\(b.label["en"] ?? b.id)” contradict each other in one reply"
            }
        }
        return nil
    }

    /// When a reply with these offers promises to get back to the buyer: a single offer whose text
    /// promises a time (`promise`, or `{{deadline}}`); numbered choices promise nothing until the buyer
    /// has chosen. Sending the reply sets the promise clock to it.
    public func promiseDue(_ chosen: [ChosenOffer], now: Date) -> Date? {
        guard chosen.count == 1, let o = offer(chosen[0].id) else { return nil }
        if let p = o.promise, let seconds = SnoozeTime.duration(p), seconds > 0 { return now.addingTimeInterval(seconds) }
        if o.text.values.contains(where: { $0.contains("{{deadline}}") }) { return ReplyComposer.deadline(after: now) }
        return nil
    }

    /// The agent's guidance for the case in their language ("zh" or "en"): its kinds' (the notices), then its category's.
    public func guidance(for c: Case, language: String) -> [String] {
        let plays = c.kinds.compactMap { kinds[$0.rawValue] } + [play(c.category)].compactMap { $0 }
        return plays.compactMap { $0.guidance[language] ?? $0.guidance["en"] }
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

    /// The format this kefu reads; an older file (before closings, rules and wishes) is refused by name.
    public static let formatVersion = 2

    static func decode(_ data: Data, file: String) throws -> Playbook {
        struct Head: Decodable { var version: Int? }
        if let v = (try? JSONDecoder().decode(Head.self, from: data))?.version, v != formatVersion {
            throw KefuError.data("\(file): version \(v): this kefu reads playbook version \(formatVersion); copy the bundled playbook.json and redo your changes")
        }
        var p: Playbook
        do { p = try JSONDecoder().decode(Playbook.self, from: data) } catch {
            throw KefuError.data("\(file): \(KefuJSON.describe(error))")
        }
        try p.validate(file: file)
        p.cues = BuyerWishes(p.wishes)
        return p
    }
}
