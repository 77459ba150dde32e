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
/// offer (or numbered choices), the offer's own closing, signature — in the buyer's language.
///
/// Placeholders: `{{buyer.name}}`, `{{buyer.firstName}}`, `{{order.id}}`, `{{item.name}}` (the short
/// product name; `{{item.title}}` is the same), `{{refund.amount}}`, `{{tracking.number}}`, `{{store.name}}`,
/// `{{agent.name}}`, `{{deadline}}`. A part in `[[…]]` is left out when the case has no value for a
/// placeholder in it ("your order[[ {{order.id}}]]"), and `[[A||B]]` reads B then ("your [[{{item.name}}||item]]");
/// any other placeholder left unfilled stays, so the lint blocks sending.
public struct ReplyComposer: Sendable {
    public var playbook: Playbook
    public var settings: ReplySettings
    public init(playbook: Playbook, settings: ReplySettings) { self.playbook = playbook; self.settings = settings }

    static let countryLanguage = ["DE": "de", "AT": "de", "CH": "de", "FR": "fr", "BE": "fr", "IT": "it", "ES": "es",
                                  "MX": "es", "JP": "ja", "CN": "zh-Hans", "SG": "zh-Hans", "TW": "zh-Hant", "HK": "zh-Hant", "MO": "zh-Hant"]

    /// The buyer's language when the playbook has it, else the marketplace country's, else English.
    /// Chinese is written in traditional characters for buyers in Taiwan, Hong Kong and Macau (or who
    /// write zh-TW / zh-Hant), in simplified ones otherwise.
    public func language(for c: Case) -> String {
        if let l = c.buyer.language.flatMap({ Self.playbookLanguage($0, country: c.buyer.country ?? MarketplaceLabel.country(of: c.marketplace)) }),
           playbook.languages.contains(l) { return l }
        if let country = MarketplaceLabel.country(of: c.marketplace), let l = Self.countryLanguage[country],
           playbook.languages.contains(l) { return l }
        return "en"
    }

    /// The language the buyer writes in as far as kefu knows it — their stated one, else the
    /// marketplace country's; nil when unknown (kefu does not guess a language from the text).
    public static func knownLanguage(of c: Case) -> String? {
        if let l = c.buyer.language?.lowercased().prefix(2), l.count == 2, l.allSatisfy({ $0.isASCII && $0.isLetter }) { return String(l) }
        guard let country = MarketplaceLabel.country(of: c.marketplace) else { return nil }
        return countryLanguage[country].map(Self.baseLanguage) ?? (["US", "GB", "UK", "AU", "CA", "IE", "NZ"].contains(country) ? "en" : nil)
    }

    /// A tag's language as a translator names it: `zh-Hant` → `zh`, `de-AT` → `de`.
    public static func baseLanguage(_ tag: String) -> String {
        String(tag.split(separator: "-").first ?? Substring(tag)).lowercased()
    }

    /// A language tag as the playbook names it: `de-AT` → `de`, `zh-TW` → `zh-Hant`, `zh` → by the country.
    public static func playbookLanguage(_ tag: String, country: String?) -> String? {
        let parts = tag.replacingOccurrences(of: "_", with: "-").split(separator: "-").map { $0.lowercased() }
        guard let base = parts.first else { return nil }
        guard base == "zh" else { return base }
        if parts.contains("hant") || parts.contains { ["tw", "hk", "mo"].contains($0) } { return "zh-Hant" }
        if parts.contains("hans") || parts.contains { ["cn", "sg"].contains($0) } { return "zh-Hans" }
        return ["TW", "HK", "MO"].contains(country?.uppercased() ?? "") ? "zh-Hant" : "zh-Hans"
    }

    /// The suggested amount for a refund offer: its percent of the order's items, or all of it.
    public func suggestedAmount(_ offer: Playbook.Offer, for c: Case) -> Money? {
        guard offer.refunds, let total = c.order?.itemsTotal else { return nil }
        guard offer.action == .partialRefund, let pct = offer.amount?.percent else { return total }
        var raw = total.amount * Decimal(pct) / 100, rounded = Decimal()
        NSDecimalRound(&rounded, &raw, Money.minorUnits(total.currency), .plain)
        return Money(rounded, total.currency)
    }

    /// The reply text. Placeholders it cannot fill stay as `{{…}}` so the lint blocks sending.
    public func compose(_ c: Case, offers chosen: [ChosenOffer], language requested: String? = nil, now: Date) -> String {
        let lang = requested.flatMap { playbook.frame[$0] != nil ? $0 : nil } ?? language(for: c)
        let frame = playbook.frame[lang] ?? playbook.frame["en"]!
        let join = ["ja", "zh-Hans", "zh-Hant"].contains(lang) ? "" : " "
        var parts: [String] = [greeting(c.buyer.name, frame)]
        let fromNotice = c.messages.last { $0.direction == .inbound }?.kind.map { [.aToZClaim, .chargeback, .negativeFeedback].contains($0) } ?? false
        var opening = c.order?.id == nil ? frame.openingNoOrder : (fromNotice ? frame.openingNotice ?? frame.opening : frame.opening)
        let offers = chosen.compactMap { ch in playbook.offer(ch.id).map { (ch, $0) } }
        if offers.allSatisfy({ $0.1.restates ?? true }), let restate = playbook.play(c.category)?.restate?[lang] { opening += join + restate }
        parts.append(opening)
        let texts = offers.map { fill($1.text[lang] ?? $1.text["en"] ?? "", refund: $0.amount, lang: lang) }
        if texts.count == 1 {
            parts.append(texts[0])
        } else if texts.count > 1 {
            parts.append(frame.choicesIntro + "\n" + texts.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n"))
        }
        if let closing = closing(offers.map(\.1), frame) { parts.append(closing) }
        parts.append(frame.signature)
        return fill(parts.joined(separator: "\n\n"), refund: nil, lang: lang, c: c, now: now)
    }

    /// The offer's own closing (asking, or informing); "choose" for numbered choices; none when the
    /// offer's text closes by itself.
    func closing(_ offers: [Playbook.Offer], _ frame: Playbook.Frame) -> String? {
        if offers.count > 1 { return frame.closings["choose"] }
        guard let kind = offers.first?.closing, kind != "none" else { return offers.isEmpty ? frame.closings["informs"] : nil }
        return frame.closings[kind]
    }

    /// `greetingTitled` when the buyer's name starts with a title this language knows ("Herr Weber"),
    /// `greeting` for another name, `greetingNoName` without one.
    func greeting(_ name: String?, _ f: Playbook.Frame) -> String {
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return f.greetingNoName }
        let words = name.split(separator: " ").map(String.init)
        if words.count >= 2, let titled = f.greetingTitled,
           let title = f.titles?.first(where: { $0.key.lowercased() == words[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")) })?.value {
            return titled.replacingOccurrences(of: "{{buyer.title}}", with: title)
                .replacingOccurrences(of: "{{buyer.surname}}", with: words[words.count - 1])
        }
        return f.greeting
    }

    /// The first of several names when it is a real word ("Markus Weber" → "Markus"), else the whole name
    /// ("M. Weber", "佐藤 美咲").
    static func firstName(_ name: String) -> String {
        let words = name.split(separator: " ")
        // A Latin/Cyrillic/Greek given name: letters (and - or ') only, longer than an initial.
        func namePart(_ u: Unicode.Scalar) -> Bool { (CharacterSet.letters.contains(u) && u.value < 0x2E80) || u == "-" || u == "'" }
        guard words.count >= 2, let first = words.first, first.count > 2, !first.hasSuffix("."),
              first.unicodeScalars.allSatisfy(namePart) else { return name }
        return String(first)
    }

    func fill(_ text: String, refund: Money?, lang: String, c: Case? = nil, now: Date? = nil) -> String {
        var out = text
        if let r = refund { out = out.replacingOccurrences(of: "{{refund.amount}}", with: Self.money(r, lang: lang)) }
        guard let c else { return out }
        var values: [String: String] = [:]
        values["buyer.name"] = c.buyer.name
        values["buyer.firstName"] = c.buyer.name.map(Self.firstName)
        values["order.id"] = c.order?.id
        values["item.name"] = ProductName.short(for: c, settings: settings)
        values["item.title"] = values["item.name"]
        values["tracking.number"] = c.order?.tracking?.number
        values["store.name"] = settings.storeName
        values["agent.name"] = settings.agentName
        if let now { values["deadline"] = Self.date(Self.deadline(after: now), lang: lang) }
        values = values.filter { !$0.value.isEmpty }
        out = Self.optionalParts(out, values: values)
        for (k, v) in values { out = out.replacingOccurrences(of: "{{\(k)}}", with: v) }
        return out
    }

    /// Keeps the inside of each `[[…]]` (or its part before `||`) when every case value it names is known,
    /// else drops it (or keeps the part after `||`).
    static func optionalParts(_ text: String, values: [String: String]) -> String {
        guard text.contains("[[") else { return text }
        let caseKeys: Set = ["buyer.name", "buyer.firstName", "order.id", "item.name", "item.title", "tracking.number"]
        var out = "", rest = Substring(text)
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            out += rest[..<open.lowerBound]
            let inner = rest[open.upperBound..<close.lowerBound]
            let split = inner.range(of: "||")
            let known = split.map { inner[..<$0.lowerBound] } ?? inner
            let missing = caseKeys.contains { known.contains("{{\($0)}}") && values[$0] == nil }
            if !missing { out += known } else if let split { out += inner[split.upperBound...] }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// The date `{{deadline}}` names and a reply promising it sets its clock to: three days on.
    public static func deadline(after now: Date) -> Date { now.addingTimeInterval(3 * 86400) }

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
        case "ja", "zh-Hans", "zh-Hant": return "\(y)年\(m)月\(day)日"
        case "de": return "\(day). \(name) \(y)"
        case "es": return "\(day) de \(name) de \(y)"
        default: return "\(day) \(name) \(y)"
        }
    }

    static let symbols = ["EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"]
    static let chineseUnits = ["zh-Hans": ["JPY": "日元", "CNY": "元"], "zh-Hant": ["JPY": "日圓", "CNY": "人民幣", "TWD": "元"]]

    /// `€5.00` in English, `5,00 €` in German, French, Italian and Spanish, `¥12,800` in Japanese (no
    /// decimals for a currency without minor units), `12,800 日元` in Chinese.
    public static func money(_ m: Money, lang: String) -> String {
        let parts = m.amountText.split(separator: ".", maxSplits: 1).map(String.init)
        let intPart = parts[0], frac = parts.count > 1 ? parts[1] : nil
        let (group, decimal) = ["de", "it", "es"].contains(lang) ? (".", ",") : lang == "fr" ? ("\u{202F}", ",") : (",", ".")
        let number = Self.grouped(intPart, group) + (frac.map { decimal + $0 } ?? "")
        let symbol = symbols[m.currency]
        switch lang {
        case "de", "fr", "it", "es":
            return number + " " + (symbol ?? m.currency)
        case "zh-Hans", "zh-Hant":
            if let unit = chineseUnits[lang]?[m.currency] { return number + " " + unit }
            return symbol.map { $0 + number } ?? "\(number) \(m.currency)"
        default:
            return symbol.map { $0 + number } ?? "\(number) \(m.currency)"
        }
    }

    static func grouped(_ digits: String, _ sep: String) -> String {
        let negative = digits.hasPrefix("-")
        let d = Array(negative ? String(digits.dropFirst()) : digits)
        guard d.count > 3 else { return digits }
        var out = ""
        for (i, ch) in d.enumerated() {
            if i > 0 && (d.count - i) % 3 == 0 { out += sep }
            out.append(ch)
        }
        return (negative ? "-" : "") + out
    }
}
