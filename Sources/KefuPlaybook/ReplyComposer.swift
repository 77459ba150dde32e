import Foundation
import KefuModel
import KefuConfig

/// One offer as the agent chose it, with its amount when it gives money back.
public struct ChosenOffer: Sendable, Equatable {
    public var id: String
    public var amount: Money?
    public init(id: String, amount: Money? = nil) { self.id = id; self.amount = amount }
}

/// Fills the playbook's texts into a reply: greeting, the order and the problem restated, the
/// offer (or numbered choices), closing, signature — in the buyer's language.
public struct ReplyComposer: Sendable {
    public var playbook: Playbook
    public var settings: ReplySettings
    public init(playbook: Playbook, settings: ReplySettings) { self.playbook = playbook; self.settings = settings }

    static let countryLanguage = ["DE": "de", "AT": "de", "CH": "de", "FR": "fr", "BE": "fr", "IT": "it", "ES": "es",
                                  "MX": "es", "JP": "ja"]

    /// The buyer's language when the playbook has it, else the marketplace country's, else English.
    public func language(for c: Case) -> String {
        if let l = c.buyer.language?.lowercased().prefix(2), playbook.languages.contains(String(l)) { return String(l) }
        if let country = MarketplaceLabel.country(of: c.marketplace), let l = Self.countryLanguage[country],
           playbook.languages.contains(l) { return l }
        return "en"
    }

    /// The language the buyer writes in as far as kefu knows it — their stated one, else the
    /// marketplace country's; nil when unknown (kefu does not guess a language from the text).
    public static func knownLanguage(of c: Case) -> String? {
        if let l = c.buyer.language?.lowercased().prefix(2), l.count == 2, l.allSatisfy({ $0.isASCII && $0.isLetter }) { return String(l) }
        guard let country = MarketplaceLabel.country(of: c.marketplace) else { return nil }
        return countryLanguage[country] ?? (["US", "GB", "UK", "AU", "CA", "IE", "NZ"].contains(country) ? "en" : nil)
    }

    /// The suggested amount for a refund offer: its percent of the order's items, or all of it.
    public func suggestedAmount(_ offer: Playbook.Offer, for c: Case) -> Money? {
        guard offer.refunds, let total = c.order?.itemsTotal else { return nil }
        guard offer.action == .partialRefund, let pct = offer.amount?.percent else { return total }
        var raw = total.amount * Decimal(pct) / 100, rounded = Decimal()
        NSDecimalRound(&rounded, &raw, total.currency == "JPY" ? 0 : 2, .plain)
        return Money(rounded, total.currency)
    }

    /// The reply text. Placeholders it cannot fill stay as `{{…}}` so the lint blocks sending.
    public func compose(_ c: Case, offers chosen: [ChosenOffer], language requested: String? = nil, now: Date) -> String {
        let lang = requested.flatMap { playbook.frame[$0] != nil ? $0 : nil } ?? language(for: c)
        let frame = playbook.frame[lang] ?? playbook.frame["en"]!
        let join = lang == "ja" ? "" : " "
        var parts: [String] = []
        parts.append(c.buyer.name?.isEmpty == false ? frame.greeting : frame.greetingNoName)
        var opening = frame.orderLine
        if let restate = playbook.play(c.category)?.restate?[lang] { opening += join + restate }
        parts.append(opening)
        let texts = chosen.compactMap { ch in
            playbook.offer(ch.id).map { fill($0.text[lang] ?? $0.text["en"] ?? "", refund: ch.amount, lang: lang) }
        }
        if texts.count == 1 {
            parts.append(texts[0])
        } else if texts.count > 1 {
            parts.append(frame.choicesIntro + "\n" + texts.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n"))
        }
        if !chosen.allSatisfy({ playbook.offer($0.id)?.action == .acknowledge }) { parts.append(frame.closing) }
        parts.append(frame.signature)
        return fill(parts.joined(separator: "\n\n"), refund: nil, lang: lang, c: c, now: now)
    }

    func fill(_ text: String, refund: Money?, lang: String, c: Case? = nil, now: Date? = nil) -> String {
        var out = text
        if let r = refund { out = out.replacingOccurrences(of: "{{refund.amount}}", with: Self.money(r, lang: lang)) }
        guard let c else { return out }
        var values: [String: String] = [:]
        values["buyer.name"] = c.buyer.name
        values["order.id"] = c.order?.id
        values["item.title"] = c.order?.items.lazy.compactMap(\.title).first
        values["tracking.number"] = c.order?.tracking?.number
        values["store.name"] = settings.storeName
        values["agent.name"] = settings.agentName
        if let now { values["deadline"] = Self.date(now.addingTimeInterval(3 * 86400), lang: lang) }
        for (k, v) in values where !v.isEmpty { out = out.replacingOccurrences(of: "{{\(k)}}", with: v) }
        return out
    }

    static let months: [String: [String]] = [
        "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    ]

    /// A date as buyers write it: `24 November 2026`, `24. November 2026`, `24 de noviembre de 2026`, `2026年11月24日`.
    public static func date(_ d: Date, lang: String) -> String {
        let (y, m, day) = HolidayRules.civil(BusinessCalendar.dayNumber(Int(d.timeIntervalSince1970)))
        let name = (months[lang] ?? months["en"]!)[m - 1]
        switch lang {
        case "ja": return "\(y)年\(m)月\(day)日"
        case "de": return "\(day). \(name) \(y)"
        case "es": return "\(day) de \(name) de \(y)"
        default: return "\(day) \(name) \(y)"
        }
    }

    static let symbols = ["EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"]

    /// `€5.00` in English, `5,00 €` in German, French, Italian and Spanish, `¥1,200` / `5.00 EUR` in Japanese.
    public static func money(_ m: Money, lang: String) -> String {
        let text = m.currency == "JPY" ? String(m.amountText.prefix { $0 != "." }) : m.amountText
        let symbol = symbols[m.currency]
        switch lang {
        case "de", "fr", "it", "es":
            return text.replacingOccurrences(of: ".", with: ",") + " " + (symbol ?? m.currency)
        default:
            return symbol.map { $0 + text } ?? "\(text) \(m.currency)"
        }
    }
}
