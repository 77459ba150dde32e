import Foundation

/// A buyer quote the agent chose for the weekly summary (`Q` in the detail pane, `kefu pin`), with the
/// language it is in and the agent's own translation. Scrubbed of personal data when pinned
/// (`PinnedQuote.scrub`), so the report and the purge may keep it as it is.
public struct PinnedQuote: Codable, Hashable, Sendable {
    public var text: String
    /// A language code (`de`, `ja`, `zh-Hant`); the buyer's language unless the agent said otherwise.
    public var language: String?
    /// What the quote says, typed by the agent (for the product team); nil when none was given.
    public var translation: String?
    /// When it was pinned.
    public var at: Date

    public init(text: String, language: String? = nil, translation: String? = nil, at: Date) {
        self.text = text; self.language = language; self.translation = translation; self.at = at
    }

    /// The longest text or translation kept, in characters (a quote, not a letter).
    public static let maxLength = 280

    /// A pinned quote for `c` from what the agent typed: both texts scrubbed as the report's quotes are
    /// (`scrub`), the language the given one or else the buyer's. Nil when nothing of the text is left.
    public static func make(text: String, translation: String?, language: String?, for c: Case, at now: Date) -> PinnedQuote? {
        guard let t = scrub(text, buyerName: c.buyer.name) else { return nil }
        return PinnedQuote(text: t, language: Self.language(language, for: c), translation: translation.flatMap { scrub($0, buyerName: c.buyer.name) }, at: now)
    }

    /// The language a pinned quote is labelled with: the one given, else the buyer's.
    public static func language(_ given: String?, for c: Case) -> String? {
        given.flatMap(normalizedLanguage) ?? c.buyer.language.flatMap(normalizedLanguage)
    }

    /// What the agent is offered to pin: the scrubbed excerpt of the latest buyer message that has one
    /// (a purged case: the quote kept for the report).
    public static func suggestion(for c: Case) -> String? {
        for m in c.messages.reversed() where m.direction == .inbound {
            if PersonalData.isMarker(m.body) { continue }
            if let q = BuyerQuote.excerpt(m.body, buyerName: c.buyer.name) { return q }
        }
        return c.purgedQuote
    }

    /// Text the agent chose, made fit for the report: a greeting that carries a name and a sign-off with
    /// what follows it are cut, e-mail addresses, links, numbers of 7 or more digits, postal addresses
    /// and the buyer's name replaced (`[e-mail]`, `[link]`, `[number]`, `[address]`, `[name]`), control
    /// and bidi characters turned into spaces, lines joined, at most `maxLength` characters. Unlike the
    /// automatic excerpt, a short first line is kept: the agent chose it. Nil when nothing is left.
    public static func scrub(_ text: String, buyerName: String?) -> String? {
        var lines: [String] = []
        for raw in text.prefix(BuyerQuote.readLimit).split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var t = raw.trimmingCharacters(in: .whitespaces)
            if lines.isEmpty && !t.isEmpty { t = QuoteScrub.stripGreeting(t) }
            if t.isEmpty { continue }
            if let before = QuoteScrub.beforeSignOff(t) {
                if !before.isEmpty { lines.append(before) }
                break
            }
            lines.append(t)
        }
        return BuyerQuote.clean(lines, buyerName: buyerName, maxLength: maxLength)
    }

    /// `de`, `pt-BR`, `zh-Hant`: letters and digits in parts of 1–8 joined by `-`, starting with 2–3
    /// letters. Lower-cased first part; nil when it is no such code.
    public static func normalizedLanguage(_ code: String) -> String? {
        let c = code.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
        guard isLanguageCode(c) else { return nil }
        var parts = c.split(separator: "-").map(String.init)
        parts[0] = parts[0].lowercased()
        return parts.joined(separator: "-")
    }

    /// The stored form's rule (`StoreLimits`): 2–3 ASCII letters, then `-` parts of 1–8 ASCII letters or
    /// digits, at most 35 characters.
    public static func isLanguageCode(_ code: String) -> Bool {
        guard code.utf8.count <= 35 else { return false }
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}

extension Case {
    /// Pins `q` (replacing any pinned quote) with a `quote-pinned` event.
    public mutating func pin(_ q: PinnedQuote) {
        events.append(CaseEvent(.quotePinned, at: q.at))
        pinnedQuote = q
    }

    /// Removes the pinned quote with a `quote-unpinned` event; false when there was none.
    @discardableResult
    public mutating func unpinQuote(at now: Date) -> Bool {
        guard pinnedQuote != nil else { return false }
        events.append(CaseEvent(.quoteUnpinned, at: now))
        pinnedQuote = nil
        return true
    }
}
