import Foundation
import KefuBase
import KefuModel

/// The report's hot path: reads a facts line exactly as kefu writes it (sorted keys, no spaces)
/// straight from the bytes, without building a JSON tree — about a tenth of `FastJSON`'s time. Any
/// other shape (an escape in a string, a hand-edited line) returns nil and the caller uses the
/// general reader, which also names the field of an error.
struct FactsScanner {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    /// Quotes of cases opened before this are skipped, not decoded (see `historyFacts(quotesFrom:)`).
    var quotesFrom: Date?

    static func record(_ data: Data, quotesFrom: Date? = nil) -> FactsRecord? {
        data.withUnsafeBytes { raw in
            var s = FactsScanner(b: raw.bindMemory(to: UInt8.self), quotesFrom: quotesFrom)
            return s.record()
        }
    }

    mutating func record() -> FactsRecord? {
        guard literal("{\"facts\":"), let f = facts(), literal(",\"seq\":"), let seq = int(), literal("}"), i == b.count else { return nil }
        return FactsRecord(seq: seq, facts: f)
    }

    mutating func facts() -> CaseFacts? {
        var f = CaseFacts(id: "", channel: .email, category: .other, status: .needsReply, openedAt: .distantPast)
        var sawID = false, sawChannel = false, sawCategory = false, sawStatus = false, sawOpened = false
        let ok = object { s, key in
            switch key {
            case "id": guard let v = s.string() else { return false }; f.id = v; sawID = true
            case "channel": guard let v = s.string().flatMap(Channel.init(rawValue:)) else { return false }; f.channel = v; sawChannel = true
            case "category": guard let v = s.string().flatMap(Category.init(rawValue:)) else { return false }; f.category = v; sawCategory = true
            case "status": guard let v = s.string().flatMap(CaseStatus.init(rawValue:)) else { return false }; f.status = v; sawStatus = true
            case "openedAt": guard let v = s.date() else { return false }; f.openedAt = v; sawOpened = true
            case "marketplace": return s.optString(&f.marketplace)
            case "orderId": return s.optString(&f.orderId)
            case "sku": return s.optString(&f.sku)
            case "asin": return s.optString(&f.asin)
            case "title": return s.optString(&f.title)
            case "quote", "quoteTranslation":
                // Keys come sorted, so the opening time is known here: an older case's quote is never shown.
                if sawOpened, let from = s.quotesFrom, f.openedAt < from { return s.literal("null") || s.stringRange() != nil }
                return key == "quote" ? s.optString(&f.quote) : s.optString(&f.quoteTranslation)
            case "pinnedQuote":
                if s.literal("null") { return true }
                var text: String?, language: String?, translation: String?, at: Date?
                guard s.object({ s, k in
                    switch k {
                    case "text": text = s.string(); return text != nil
                    case "language": return s.optString(&language)
                    case "translation": return s.optString(&translation)
                    case "at": at = s.date(); return at != nil
                    default: return false
                    }
                }), let text, let at else { return false }
                let q = PinnedQuote(text: text, language: language, translation: translation, at: at)
                // Outside the store's limits: the general reader names the field.
                guard StoreLimits.pinnedQuoteProblems(q).isEmpty else { return false }
                f.pinnedQuote = q
            case "language": return s.optString(&f.language)
            case "photos":
                guard let v = s.int(), (0...AttachmentFile.maxPart).contains(v) else { return false }; f.photos = v
            case "shippedAt":
                if s.literal("null") { return true }
                guard let v = s.date() else { return false }; f.shippedAt = v
            case "resolvedAt":
                if s.literal("null") { return true }
                guard let v = s.date() else { return false }; f.resolvedAt = v
            case "returned":
                if s.literal("true") { f.returned = true } else if s.literal("false") { f.returned = false } else { return false }
            case "kinds": return s.array { s in
                guard let k = s.string().flatMap(RequestKind.init(rawValue:)) else { return false }; f.kinds.append(k); return true }
            case "inbound": return s.array { s in guard let d = s.date() else { return false }; f.inbound.append(d); return true }
            case "outbound": return s.array { s in guard let d = s.date() else { return false }; f.outbound.append(d); return true }
            case "rounds": return s.array { s in
                var at: Date?, answered: Date?
                guard s.object({ s, k in
                    switch k {
                    case "at": at = s.date(); return at != nil
                    case "answeredAt": answered = s.date(); return answered != nil
                    default: return false
                    }
                }), let at else { return false }
                f.rounds.append(CaseFacts.Round(at: at, answeredAt: answered)); return true
            }
            case "offers": return s.array { s in
                var at: Date?, ids: [String] = [], amounts: [Money] = []
                guard s.object({ s, k in
                    switch k {
                    case "at": at = s.date(); return at != nil
                    case "offers": return s.array { s in guard let v = s.string() else { return false }; ids.append(v); return true }
                    case "amounts": return s.array { s in
                        var amount: Decimal?, currency: String?
                        guard s.object({ s, k in
                            switch k {
                            case "amount": amount = s.string().flatMap(Money.parseAmount); return amount != nil
                            case "currency": currency = s.string(); return currency != nil
                            default: return false
                            }
                        }), let amount, let currency else { return false }
                        amounts.append(Money(amount, currency)); return true
                    }
                    default: return false
                    }
                }), let at else { return false }
                f.offers.append(CaseFacts.Offers(at: at, offers: ids, amounts: amounts)); return true
            }
            case "authored": return s.array { s in
                var at: Date?, by: String?, reply: Bool?
                guard s.object({ s, k in
                    switch k {
                    case "at": at = s.date(); return at != nil
                    case "by": by = s.string(); return by != nil
                    case "reply": reply = s.literal("true") ? true : s.literal("false") ? false : nil; return reply != nil
                    default: return false
                    }
                }), let at, let by, let reply else { return false }
                f.authored = f.authored ?? []
                f.authored!.append(CaseFacts.Authored(at: at, by: by, reply: reply)); return true
            }
            case "notices": return s.array { s in
                var at: Date?, kind: RequestKind?
                guard s.object({ s, k in
                    switch k {
                    case "at": at = s.date(); return at != nil
                    case "kind": kind = s.string().flatMap(RequestKind.init(rawValue:)); return kind != nil
                    default: return false
                    }
                }), let at, let kind else { return false }
                f.notices.append(CaseFacts.Notice(kind: kind, at: at)); return true
            }
            default: return false
            }
            return true
        }
        guard ok, sawID, sawChannel, sawCategory, sawStatus, sawOpened else { return nil }
        return f
    }

    // MARK: Pieces

    mutating func literal(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where b[i + k] != p[k] { return false }
        i += n
        return true
    }

    /// A string without escapes (the writer escapes only `"`, `\` and control characters; those lines take the slow path).
    mutating func stringRange() -> Range<Int>? {
        guard i < b.count, b[i] == 0x22 else { return nil }
        let start = i + 1
        var j = start
        while j < b.count {
            if b[j] == 0x22 { i = j + 1; return start..<j }
            if b[j] == 0x5C { return nil }
            j += 1
        }
        return nil
    }

    mutating func string() -> String? {
        stringRange().map { String(decoding: UnsafeBufferPointer(rebasing: b[$0]), as: UTF8.self) }
    }

    mutating func optString(_ into: inout String?) -> Bool {
        if literal("null") { into = nil; return true }
        guard let s = string() else { return false }
        into = s
        return true
    }

    mutating func date() -> Date? {
        stringRange().flatMap { ISO8601.parse(bytes: UnsafeBufferPointer(rebasing: b[$0])) }
    }

    mutating func int() -> Int? {
        var n = 0, any = false
        while i < b.count, b[i] >= 48, b[i] <= 57 { n = n * 10 + Int(b[i] - 48); i += 1; any = true }
        return any ? n : nil
    }

    /// `{"key":value,...}`; `body` reads the value of each key.
    mutating func object(_ body: (inout FactsScanner, String) -> Bool) -> Bool {
        guard literal("{") else { return false }
        if literal("}") { return true }
        repeat {
            guard let k = string(), literal(":"), body(&self, k) else { return false }
        } while literal(",")
        return literal("}")
    }

    mutating func array(_ body: (inout FactsScanner) -> Bool) -> Bool {
        guard literal("[") else { return false }
        if literal("]") { return true }
        repeat {
            guard body(&self) else { return false }
        } while literal(",")
        return literal("]")
    }
}
