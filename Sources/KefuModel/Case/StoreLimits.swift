import Foundation

/// What a stored case may hold, in one place. The store reader (`CaseReader`) accepts exactly
/// these; `CaseStore.save` refuses a case outside them; every importer checks them on the way in —
/// refusing a JSONL line with `FILE:LINE: field: reason`, or clamping a mail's value with a warning
/// on the message. So nothing can be imported that the store then cannot open.
public enum StoreLimits {
    /// An order line's quantity (Amazon writes 0 for a cancelled line).
    public static let quantity: ClosedRange<Int> = 0...1_000_000
    /// Times are stored with four-digit years, and no after-sales event predates the Unix epoch.
    public static let earliest = Date(timeIntervalSince1970: 0)                 // 1970-01-01T00:00:00Z
    public static let latest = Date(timeIntervalSince1970: 253_402_300_799)     // 9999-12-31T23:59:59Z
    /// A suggestion's confidence.
    public static let confidence: ClosedRange<Double> = 0...1

    /// A pinned quote's text and translation, in characters (the pin keeps at most `PinnedQuote.maxLength`;
    /// the store reads back a little more, for a hand-edited line).
    public static let pinnedQuoteLength: ClosedRange<Int> = 1...1000

    /// Each field of a pinned quote outside the limits, as `(field below pinnedQuote, problem)`.
    public static func pinnedQuoteProblems(_ q: PinnedQuote) -> [(field: String, message: String)] {
        var out: [(String, String)] = []
        if let p = dateProblem(q.at) { out.append(("at", p)) }
        if !pinnedQuoteLength.contains(q.text.count) { out.append(("text", "\(q.text.count) characters (\(pinnedQuoteLength.lowerBound)…\(pinnedQuoteLength.upperBound) allowed)")) }
        if let t = q.translation, !pinnedQuoteLength.contains(t.count) {
            out.append(("translation", "\(t.count) characters (\(pinnedQuoteLength.lowerBound)…\(pinnedQuoteLength.upperBound) allowed)"))
        }
        if let l = q.language, !PinnedQuote.isLanguageCode(l) { out.append(("language", "not a language code: \"\(l)\"")) }
        return out
    }

    /// A cached machine translation's text, in characters (the translator's output is cut at 256 KiB).
    public static let translationLength: ClosedRange<Int> = 1...300_000

    /// Each field of a message's translation outside the limits, as `(field below translation, problem)`.
    public static func translationProblems(_ t: MessageTranslation) -> [(field: String, message: String)] {
        var out: [(String, String)] = []
        if let p = dateProblem(t.at) { out.append(("at", p)) }
        if !translationLength.contains(t.text.count) { out.append(("text", "\(t.text.count) characters (\(translationLength.lowerBound)…\(translationLength.upperBound) allowed)")) }
        for (k, v) in [("from", t.from), ("language", t.language)] where !PinnedQuote.isLanguageCode(v) {
            out.append((k, "not a language code: \"\(v)\""))
        }
        return out
    }

    public static func isStorable(_ d: Date) -> Bool {
        let t = d.timeIntervalSince1970
        return t.isFinite && t >= earliest.timeIntervalSince1970 && t <= latest.timeIntervalSince1970
    }

    /// True when the amount is written as text the reader parses back (at most 13 digits before the
    /// point and 6 after) and the currency is an ISO 4217 code.
    public static func isStorable(_ m: Money) -> Bool {
        guard Money.isCurrencyCode(m.currency) else { return false }
        // Most amounts have at most 6 decimals and fewer than 13 integer digits: no text needed. The
        // rest (a computed share with many decimals, trailing zeros) are judged as they will be written.
        let a = m.amount
        if (-6...0).contains(a.exponent), a.magnitude < largestAmount { return true }
        return Money.parseAmount(a.description) != nil
    }
    /// Made once: a Decimal literal is built anew on every use (a cost paid per price per save).
    private static let largestAmount = Decimal(10_000_000_000_000)

    public static func quantityProblem(_ q: Int) -> String? {
        quantity.contains(q) ? nil : "\(q) is out of range (\(quantity.lowerBound)…\(quantity.upperBound))"
    }

    public static func dateProblem(_ d: Date) -> String? {
        isStorable(d) ? nil : "a time outside 1970-01-01…9999-12-31"
    }

    public static func moneyProblem(_ m: Money) -> String? {
        if !Money.isCurrencyCode(m.currency) { return "not an ISO 4217 currency code: \"\(m.currency)\"" }
        return isStorable(m) ? nil : "\(m.amount) is not an amount kefu stores (at most 13 digits before the point and 6 after)"
    }

    /// Every field of `c` outside the limits, named as the reader names it (`order.items[0].quantity: …`).
    public static func violations(_ c: Case) -> [String] {
        var out: [String] = []
        func date(_ d: Date?, _ path: String) { if let d, let p = dateProblem(d) { out.append("\(path): \(p)") } }
        func money(_ m: Money?, _ path: String) { if let m, let p = moneyProblem(m) { out.append("\(path): \(p)") } }
        date(c.openedAt, "openedAt"); date(c.updatedAt, "updatedAt"); date(c.snoozedUntil, "snoozedUntil")
        if let o = c.order {
            date(o.purchasedAt, "order.purchasedAt"); date(o.shippedAt, "order.shippedAt"); date(o.deliveredAt, "order.deliveredAt")
            for (i, item) in o.items.enumerated() {
                if let p = quantityProblem(item.quantity) { out.append("order.items[\(i)].quantity: \(p)") }
                money(item.price, "order.items[\(i)].price")
            }
        }
        for (i, m) in c.messages.enumerated() {
            date(m.at, "messages[\(i)].at"); date(m.dueAt, "messages[\(i)].dueAt")
            for p in m.translation.map(translationProblems) ?? [] { out.append("messages[\(i)].translation.\(p.field): \(p.message)") }
        }
        for (i, e) in c.events.enumerated() {
            date(e.at, "events[\(i)].at"); date(e.until, "events[\(i)].until")
            for (k, m) in (e.amounts ?? []).enumerated() { money(m, "events[\(i)].amounts[\(k)]") }
        }
        if let g = c.suggestedCategory, !(g.confidence.isFinite && confidence.contains(g.confidence)) {
            out.append("suggestedCategory.confidence: \(g.confidence) is out of range (0…1)")
        }
        if let q = c.pinnedQuote {
            for p in pinnedQuoteProblems(q) { out.append("pinnedQuote.\(p.field): \(p.message)") }
        }
        return out
    }

    /// Brings an inbound message within the limits, keeping the message and saying what changed:
    /// for mail, whose values are buyer-written and never a reason to drop the message.
    /// (The JSONL import refuses such lines instead, through `problems`.)
    public static func clamp(_ m: inout InboundMessage, now: Date) {
        if !isStorable(m.receivedAt) {
            m.warnings.append("received time out of range (\(describe(m.receivedAt))); used the time of import")
            m.receivedAt = min(max(now, earliest), latest)
        }
        if let d = m.dueAt, !isStorable(d) {
            m.warnings.append("stated deadline out of range (\(describe(d))); ignored")
            m.dueAt = nil
        }
        for i in m.items.indices {
            let q = m.items[i].quantity
            if !quantity.contains(q) {
                m.warnings.append("item quantity \(q) out of range; kept as \(q < 0 ? 0 : quantity.upperBound)")
                m.items[i].quantity = q < 0 ? 0 : quantity.upperBound
            }
            if let p = m.items[i].price, let why = moneyProblem(p) {
                m.warnings.append("item price \(why); dropped")
                m.items[i].price = nil
            }
        }
        if let g = m.suggested, !(g.confidence.isFinite && confidence.contains(g.confidence)) { m.suggested = nil }
    }

    /// The JSONL import's field errors for an inbound message outside the limits.
    package static func problems(_ m: InboundMessage) -> [(field: String, message: String)] {
        var out: [(String, String)] = []
        if let p = dateProblem(m.receivedAt) { out.append(("receivedAt", p)) }
        if let d = m.dueAt, let p = dateProblem(d) { out.append(("dueAt", p)) }
        for (i, item) in m.items.enumerated() {
            if let p = quantityProblem(item.quantity) { out.append(("items[\(i)].quantity", p)) }
            if let price = item.price, let p = moneyProblem(price) { out.append(("items[\(i)].price", p)) }
        }
        return out
    }

    static func describe(_ d: Date) -> String {
        let t = d.timeIntervalSince1970
        return t.isFinite ? "\(Int64(clamping: t)) s since 1970" : "not a number"
    }
}

private extension Int64 {
    init(clamping d: Double) {
        self = d >= 9.2e18 ? .max : d <= -9.2e18 ? .min : Int64(d)
    }
}
