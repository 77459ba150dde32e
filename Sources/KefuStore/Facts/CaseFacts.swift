import Foundation
import KefuBase
import KefuModel

/// What reports need of one case, and nothing else: no buyer name, address or whole message.
/// Closed cases keep one of these next to their history (`history/facts/`), so the weekly summary
/// over a year of history reads small lines instead of decoding every closed case.
public struct CaseFacts: Codable, Sendable, Equatable {
    /// A buyer message the reply clock counts, and the first response at or after it.
    public struct Round: Codable, Sendable, Equatable {
        public var at: Date
        public var answeredAt: Date?
    }
    /// One `offer-chosen` event: the offer ids and the amounts recorded with them.
    public struct Offers: Codable, Sendable, Equatable {
        public var at: Date
        public var offers: [String]
        public var amounts: [Money]
    }
    /// A response event that names its agent (a reply, "no response needed", handled): who answered
    /// and when, for the per-agent figures (`AgentFigures`). `reply`: a reply was sent.
    public struct Authored: Codable, Sendable, Equatable {
        public var at: Date
        public var by: String
        public var reply: Bool
        public init(at: Date, by: String, reply: Bool) { self.at = at; self.by = by; self.reply = reply }
    }
    /// The first notice of a kind that counts against the order (ODR) or is reported on its own.
    public struct Notice: Codable, Sendable, Equatable {
        public var kind: RequestKind
        public var at: Date
    }

    public var id: String
    public var channel: Channel
    public var marketplace: String?
    public var orderId: String?
    public var sku: String?
    public var asin: String?
    public var title: String?
    public var category: Category
    public var kinds: [RequestKind]
    public var status: CaseStatus
    public var openedAt: Date
    public var resolvedAt: Date?
    /// When each message arrived and left (messages in and out per week).
    public var inbound: [Date]
    public var outbound: [Date]
    public var rounds: [Round]
    public var offers: [Offers]
    public var notices: [Notice]
    /// A return was asked for or arrived: the case was not resolved without a return.
    public var returned: Bool
    /// A short excerpt of the buyer's first message with personal data removed (`BuyerQuote`).
    public var quote: String?
    /// The same excerpt of that message's cached machine translation (`[translate] command`), if any.
    public var quoteTranslation: String?
    /// The quote the agent pinned to the case, with its language and the agent's translation
    /// (`CaseFacts.pinned(of:)`); a report prefers it to `quote`.
    public var pinnedQuote: PinnedQuote?
    /// The buyer's language as the case knows it (`de`, `ja`), the label of the quote.
    public var language: String?
    /// When the order shipped, if known: money back for an order cancelled before it is not given away.
    public var shippedAt: Date?
    /// Images the buyer sent that the store keeps (`kefu export photos`); nil when none.
    public var photos: Int?
    /// The response events naming their agent, in case order; nil when none does (a one-agent store
    /// before authors were recorded), so such facts lines stay as they were.
    public var authored: [Authored]?
    /// Only when an export asks for personal data (`--include-pii`); never stored.
    public var buyer: Buyer?

    enum CodingKeys: String, CodingKey {
        case id, channel, marketplace, orderId, sku, asin, title, category, kinds, status, openedAt, resolvedAt
        case inbound, outbound, rounds, offers, notices, returned, quote, quoteTranslation, pinnedQuote, language, shippedAt, photos, authored
    }

    static let noticeKinds: Set<RequestKind> = [.aToZClaim, .chargeback, .negativeFeedback]

    /// `quote: false` skips the buyer quote (the costly part) for cases a report will not quote.
    public init(_ c: Case, includeBuyer: Bool = false, quote wantQuote: Bool = true) {
        id = c.id; channel = c.channel; marketplace = c.marketplace; orderId = c.order?.id
        let item = c.order?.items.first { $0.sku != nil } ?? c.order?.items.first
        sku = item?.sku; asin = item?.asin; title = item?.title
        category = c.category; kinds = c.kinds; status = c.status; openedAt = c.openedAt
        resolvedAt = c.status == .resolved ? Clocks.resolvedTime(c) : nil
        inbound = c.messages.filter { $0.direction == .inbound }.map(\.at)
        outbound = c.messages.filter { $0.direction == .outbound }.map(\.at)
        rounds = ResponseMetrics.replyRounds(c).map { Round(at: $0.at, answeredAt: $0.answeredAt) }
        offers = c.liveEvents.filter { $0.type == .offerChosen }.map { Offers(at: $0.at, offers: $0.offers ?? [], amounts: $0.amounts ?? []) }
        var seen = Set<RequestKind>()
        notices = c.messages.compactMap { m in
            guard m.direction == .inbound, let k = m.kind, Self.noticeKinds.contains(k), seen.insert(k).inserted else { return nil }
            return Notice(kind: k, at: m.at)
        }
        // A case can carry a kind without its notice message (set by hand): count it from the opening.
        for k in c.kinds where Self.noticeKinds.contains(k) && !seen.contains(k) { notices.append(Notice(kind: k, at: c.openedAt)) }
        returned = c.kinds.contains(.returnRequest) || c.events.contains { $0.type == .returnReceived }
        quote = wantQuote ? Self.quote(of: c) : nil
        quoteTranslation = wantQuote ? Self.quoteTranslation(of: c) : nil
        pinnedQuote = Self.pinned(of: c)
        language = ReportQuote.languageCode(c.buyer.language)
        shippedAt = c.order?.shippedAt
        let images = c.attachmentList.filter { $0.inbound && $0.file.isKept && $0.file.isImage }.count
        photos = images > 0 ? images : nil
        authored = Self.authored(of: c)
        buyer = includeBuyer ? c.buyer : nil
    }

    static let responseEvents: Set<EventType> = [.replied, .noResponseNeeded, .handled]

    /// The case's response events that name an agent; nil when none does.
    public static func authored(of c: Case) -> [Authored]? {
        let list = c.events.compactMap { e in
            e.by.flatMap { by in responseEvents.contains(e.type) ? Authored(at: e.at, by: by, reply: e.type == .replied) : nil }
        }
        return list.isEmpty ? nil : list
    }

    /// The scrubbed excerpt of the buyer's first message; a purged case keeps the one it had (`purgedQuote`).
    package static func quote(of c: Case) -> String? {
        if c.purgedAt != nil { return c.purgedQuote }
        return c.messages.first { Clocks.startsReplyClock($0) }.flatMap { BuyerQuote.excerpt($0.body, buyerName: c.buyer.name) }
    }

    /// The machine translation of the quoted message, scrubbed the same way (a purge keeps this excerpt
    /// as `purgedQuoteTranslation`, like the quote, and removes the translation itself).
    package static func quoteTranslation(of c: Case) -> String? {
        if c.purgedAt != nil { return c.purgedQuoteTranslation }
        guard let t = c.messages.first(where: { Clocks.startsReplyClock($0) })?.translation else { return nil }
        return BuyerQuote.excerpt(t.text, buyerName: c.buyer.name)
    }

    /// The quote the agent pinned (already scrubbed when pinned; a purge keeps it).
    public static func pinned(of c: Case) -> PinnedQuote? { c.pinnedQuote }

    /// The case's responses, as `ResponseMetrics` computes them for a whole case.
    public func responses(at now: Date, policy: SLAPolicy) -> [MessageResponse] {
        ResponseMetrics.responses(caseID: id, channel: channel, marketplace: marketplace,
                                  rounds: rounds.map { ($0.at, $0.answeredAt) }, at: now, policy: policy)
    }

    /// Minutes from the first buyer message to the first response, when there was one.
    public var firstResponseMinutes: Double? {
        guard let r = rounds.first, let a = r.answeredAt else { return nil }
        return (a.timeIntervalSince(r.at) / 60).rounded()
    }
}

/// One line of `history/facts/YYYY-MM.jsonl`, written with the case's line in `history/YYYY-MM.jsonl`.
struct FactsRecord: Codable {
    var seq: Int
    var facts: CaseFacts
}

extension CaseFacts {
    /// The hand-written reader (`FastJSON`), several times faster than `JSONDecoder` on the report's hot
    /// path; mirrors the Codable keys (a test checks both agree).
    static func decodeRecord(_ data: Data) throws -> FactsRecord { try decodeRecord(data, quotesFrom: nil) }

    /// `quotesFrom`: the fast path leaves out the quotes of cases opened before it (the general reader
    /// keeps them: a line it reads is rare, and a quote too many changes nothing).
    static func decodeRecord(_ data: Data, quotesFrom: Date?) throws -> FactsRecord {
        if let r = FactsScanner.record(data, quotesFrom: quotesFrom) { return r }
        typealias Obj = CaseReader.Obj
        let tree: FastJSON.Value
        do { tree = try FastJSON.parse(data) } catch let e as FastJSON.ParseError {
            throw CaseReader.Failure(description: "invalid JSON at byte \(e.offset + 1): \(e.reason)")
        }
        let r = try Obj(tree, path: "")
        guard let o = try r.optObj("facts") else { throw CaseReader.Failure(description: "missing field facts") }
        func dates(_ k: String) throws -> [Date] {
            try o.array(k).map { v, p in
                guard case .string(let s) = v, let d = ISO8601.parse(s) else { throw CaseReader.Failure(description: "invalid value at \(p)") }
                return d
            }
        }
        var f = CaseFacts(id: try o.string("id"), channel: try o.enumValue("channel", Channel.self), category: try o.enumValue("category", Category.self),
                          status: try o.enumValue("status", CaseStatus.self), openedAt: try o.date("openedAt"))
        f.marketplace = try o.optString("marketplace"); f.orderId = try o.optString("orderId")
        f.sku = try o.optString("sku"); f.asin = try o.optString("asin"); f.title = try o.optString("title")
        f.kinds = try o.array("kinds").map { v, p in
            guard case .string(let s) = v, let k = RequestKind(rawValue: s) else { throw CaseReader.Failure(description: "invalid value at \(p)") }
            return k
        }
        f.resolvedAt = try o.optDate("resolvedAt")
        f.inbound = try dates("inbound"); f.outbound = try dates("outbound")
        f.rounds = try o.array("rounds").map { v, p in
            let x = try Obj(v, path: p)
            return Round(at: try x.date("at"), answeredAt: try x.optDate("answeredAt"))
        }
        f.offers = try o.array("offers").map { v, p in
            let x = try Obj(v, path: p)
            return Offers(at: try x.date("at"), offers: try x.optStrings("offers") ?? [],
                          amounts: try x.array("amounts").map { try CaseReader.money(Obj($0, path: $1)) })
        }
        f.notices = try o.array("notices").map { v, p in
            let x = try Obj(v, path: p)
            return Notice(kind: try x.enumValue("kind", RequestKind.self), at: try x.date("at"))
        }
        if case .bool(let b)? = o.raw("returned") { f.returned = b }
        f.quote = try o.optString("quote")
        f.quoteTranslation = try o.optString("quoteTranslation")
        f.pinnedQuote = try o.optObj("pinnedQuote").map(CaseReader.pinnedQuote)
        f.language = try o.optString("language")
        f.shippedAt = try o.optDate("shippedAt")
        f.photos = try o.raw("photos") == nil ? nil : o.int("photos", in: 0...AttachmentFile.maxPart)
        if o.raw("authored") != nil {
            f.authored = try o.array("authored").map { v, p in
                let x = try Obj(v, path: p)
                guard case .bool(let reply)? = x.raw("reply") else { throw CaseReader.Failure(description: "missing field \(p).reply") }
                return Authored(at: try x.date("at"), by: try x.string("by"), reply: reply)
            }
        }
        return FactsRecord(seq: try r.int("seq"), facts: f)
    }

    /// For the reader above and hand-built test facts.
    init(id: String, channel: Channel, category: Category, status: CaseStatus, openedAt: Date) {
        self.id = id; self.channel = channel; self.category = category; self.status = status; self.openedAt = openedAt
        kinds = []; inbound = []; outbound = []; rounds = []; offers = []; notices = []; returned = false
    }
}
