import Foundation
import KefuModel

// Checks an agent's reply against the marketplace's messaging rules before it is sent (DOMAIN.md,
// "Reply rules"): Amazon forbids links to other sites, e-mail addresses, phone numbers and marketing, and
// both Amazon and eBay forbid trading anything for feedback or (Amazon) a refund for a withdrawn claim.
// Pure text analysis: no I/O, no configuration. Word lists are data tables below, one block per language.

/// One problem in a reply.
public struct LintFinding: Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    /// Stable rule id: "unresolved-placeholder", "empty-body", "missing-order-id", "link", "email-address",
    /// "phone-number", "marketing", "feedback-request", "positive-review-request", "feedback-inducement",
    /// "refund-for-withdrawal".
    public var rule: String
    /// One line for the agent, naming what to change, e.g. "Amazon: no links to other sites (example.com)".
    public var message: String
    /// The offending span as Character (grapheme) offsets into the checked text, for highlighting; nil when
    /// the finding is about the whole text (empty body, missing order id).
    public var span: Range<Int>?

    public init(severity: Severity, rule: String, message: String, span: Range<Int>?) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.span = span
    }
}

public enum ReplyLint {
    /// Errors block sending; warnings ask the agent to confirm.
    ///
    /// Findings are sorted by span start, whole-text findings first. `marketplace` (e.g. "amazon.de") is
    /// accepted for per-marketplace rules; today the Amazon rules are the same on every Amazon marketplace.
    public static func check(_ text: String, channel: Channel, marketplace: String?, orderId: String?) -> [LintFinding] {
        // An empty reply has nothing else worth reporting (a missing order id would only be noise).
        if text.allSatisfy(\.isWhitespace) {
            return [Rule.emptyBody.finding("The reply is empty: write a message before sending", span: nil)]
        }
        let doc = Text(text)
        var findings = placeholders(doc)
        switch channel {
        case .amazon:
            findings += amazonRules(doc, orderId: orderId)
        case .ebay:
            // eBay allows asking for feedback, but not for positive feedback only, nor trading anything for it.
            findings += feedbackRules(doc, label: "eBay", reportRequests: false)
        case .shop, .email:
            break
        }
        return unique(findings).sorted(by: Rule.precedes)
    }

    /// One finding per rule and place: findings of one rule whose spans overlap are one finding (the first,
    /// widened to cover both), so a phrase matched twice is listed once.
    static func unique(_ findings: [LintFinding]) -> [LintFinding] {
        var out: [LintFinding] = []
        for f in findings.sorted(by: Rule.precedes) {
            let same = out.lastIndex { g in
                g.rule == f.rule && (g.span == f.span || (g.span.flatMap { a in f.span.map(a.overlaps) } ?? false))
            }
            guard let i = same else { out.append(f); continue }
            if let a = out[i].span, let b = f.span { out[i].span = min(a.lowerBound, b.lowerBound)..<max(a.upperBound, b.upperBound) }
        }
        return out
    }

    // MARK: - Rules

    static func placeholders(_ doc: Text) -> [LintFinding] {
        doc.matches(Patterns.placeholder).map {
            Rule.unresolvedPlaceholder.finding("Fill in or remove the placeholder \(doc[$0])", span: doc.span($0))
        }
    }

    static func amazonRules(_ doc: Text, orderId: String?) -> [LintFinding] {
        var findings: [LintFinding] = []
        if let id = orderId?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty, !doc.string.contains(id) {
            findings.append(Rule.missingOrderId.finding("Amazon: mention the order id \(id)", span: nil))
        }
        for r in links(doc) {
            findings.append(Rule.link.finding("Amazon: no links to other sites (\(doc[r]))", span: doc.span(r)))
        }
        for r in doc.matches(Patterns.email) {
            findings.append(Rule.emailAddress.finding("Amazon: no e-mail addresses (\(doc[r]))", span: doc.span(r)))
        }
        for r in phoneNumbers(doc) {
            findings.append(Rule.phoneNumber.finding("Amazon: no phone numbers (\(doc[r]))", span: doc.span(r)))
        }
        for r in doc.matches(Patterns.marketing) + doc.matches(Patterns.marketingPhrases) {
            findings.append(Rule.marketing.finding(
                "Amazon: no marketing or promotions (\"\(doc[r])\"): remove it or confirm", span: doc.span(r)))
        }
        findings += feedbackRules(doc, label: "Amazon", reportRequests: true)
        // Amazon treats "refund, then close the claim" as inducement wherever the two appear in the message.
        if !doc.matches(Patterns.refund).isEmpty {
            for r in doc.matches(Patterns.withdrawal) {
                findings.append(Rule.refundForWithdrawal.finding(
                    "Amazon: don't tie a refund to withdrawing the claim (\"\(doc[r])\"); mention it only after the problem is solved, without the refund",
                    span: doc.span(r)))
            }
        }
        return findings
    }

    /// `feedback-inducement` per sentence (a feedback word with a benefit or a condition); outside those,
    /// `positive-review-request` for asking for positive or 5-star reviews (an error on both marketplaces)
    /// and, when asked, `feedback-request` for every other feedback word.
    static func feedbackRules(_ doc: Text, label: String, reportRequests: Bool) -> [LintFinding] {
        let feedback = doc.matches(Patterns.feedback, excluding: Patterns.notFeedback)
        let positive = doc.matches(Patterns.positiveFeedback)
        guard !feedback.isEmpty || !positive.isEmpty else { return [] }
        let sentences = doc.sentences()
        let hasFeedback = sentences.containing((feedback + positive).sorted { $0.location < $1.location })
        let hasBenefit = sentences.containing(doc.matches(Patterns.benefit, excluding: Patterns.notBenefit))
        let hasCondition = sentences.containing(doc.matches(Patterns.condition))
        var findings: [LintFinding] = []
        var inducements: [NSRange] = []
        for (i, s) in sentences.enumerated() where hasFeedback[i] && (hasBenefit[i] || hasCondition[i]) {
            inducements.append(s)
            findings.append(Rule.feedbackInducement.finding(
                "\(label): never offer anything for feedback or a review, nor make a benefit depend on it: rewrite this sentence",
                span: doc.span(s)))
        }
        for r in positive where !inducements.overlaps(r) {
            findings.append(Rule.positiveReviewRequest.finding(
                "\(label): never ask for positive or 5-star reviews (\"\(doc[r])\"): ask neutrally, or not at all",
                span: doc.span(r)))
        }
        if reportRequests {
            for r in feedback where !inducements.overlaps(r) && !positive.overlaps(r) {
                findings.append(Rule.feedbackRequest.finding(
                    "\(label): asks for feedback or a review (\"\(doc[r])\"): only neutrally, after the problem is solved; confirm",
                    span: doc.span(r)))
            }
        }
        return findings
    }

    /// URLs and bare domains whose host is not Amazon's.
    static func links(_ doc: Text) -> [NSRange] {
        doc.matches(Patterns.link).compactMap { r in
            let trimmed = doc.trimming(r, Patterns.trailingPunctuation)
            return isAmazonHost(host(of: doc[trimmed])) ? nil : trimmed
        }
    }

    static func host(of link: String) -> String {
        var rest = Substring(link.lowercased())
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let at = rest.firstIndex(of: "@") { rest = rest[rest.index(after: at)...] }  // user@host
        return String(rest.prefix { !"/?#:".contains($0) })
    }

    static func isAmazonHost(_ host: String) -> Bool {
        // The host or any parent domain is an Amazon domain: www.amazon.co.uk, sellercentral.amazon.com.
        let labels = host.split(separator: ".")
        return labels.indices.contains { Words.amazonDomains.contains(labels[$0...].joined(separator: ".")) }
    }

    /// Digit runs that look like phone numbers, minus order ids, dates, times and amounts.
    static func phoneNumbers(_ doc: Text) -> [NSRange] {
        let notPhone = doc.matches(Patterns.notPhone)
        let cueEnds = doc.matches(Patterns.phoneCue).map(\.upperBound)
        var nextCue = 0, lastCueEnd: Int?
        var found: [NSRange] = []
        for r in doc.matches(Patterns.digitRun) {
            // Both lists are in text order: advance to the last phone word ending before this run.
            while nextCue < cueEnds.count, cueEnds[nextCue] <= r.location {
                lastCueEnd = cueEnds[nextCue]
                nextCue += 1
            }
            if notPhone.overlaps(r) { continue }
            let run = doc[r]
            let digits = run.filter(\.isWholeNumber).count
            let cued = lastCueEnd.map { r.location - $0 <= Patterns.phoneCueDistance } ?? false
            if looksLikePhone(run, digits: digits) || (cued && (6...15).contains(digits)) {
                found.append(r)
            }
        }
        return found
    }

    /// A number that is a phone without context: international (+…), or grouped with a trunk prefix or area
    /// code (030 1234567, (555) 123-4567), or the North American 3-3-4 grouping. An unbroken run is not one:
    /// that is a tracking number, an EAN or an eBay item number.
    static func looksLikePhone(_ run: String, digits: Int) -> Bool {
        guard (7...15).contains(digits) else { return false }
        if run.hasPrefix("+") { return true }
        let grouped = run.contains { !$0.isWholeNumber }
        if grouped && (run.hasPrefix("0") || run.hasPrefix("(")) { return true }
        return Patterns.northAmerican.firstMatch(in: run, range: NSRange(location: 0, length: run.utf16.count)) != nil
    }
}

// MARK: - Internals

extension ReplyLint {
    // MARK: - Rules and their order

    enum Rule: String, CaseIterable {
        // Declaration order is the tie-break when two findings start at the same place.
        case emptyBody = "empty-body"
        case missingOrderId = "missing-order-id"
        case unresolvedPlaceholder = "unresolved-placeholder"
        case feedbackInducement = "feedback-inducement"
        case positiveReviewRequest = "positive-review-request"
        case refundForWithdrawal = "refund-for-withdrawal"
        case link
        case emailAddress = "email-address"
        case phoneNumber = "phone-number"
        case feedbackRequest = "feedback-request"
        case marketing

        var severity: LintFinding.Severity {
            switch self {
            case .marketing, .feedbackRequest: return .warning
            default: return .error
            }
        }

        func finding(_ message: String, span: Range<Int>?) -> LintFinding {
            LintFinding(severity: severity, rule: rawValue, message: message, span: span)
        }

        static func precedes(_ a: LintFinding, _ b: LintFinding) -> Bool {
            let ka = (a.span?.lowerBound ?? -1, order(a.rule), a.span?.upperBound ?? -1)
            let kb = (b.span?.lowerBound ?? -1, order(b.rule), b.span?.upperBound ?? -1)
            return ka < kb
        }

        private static func order(_ id: String) -> Int {
            allCases.firstIndex { $0.rawValue == id } ?? allCases.count
        }
    }

    // MARK: - Word tables

    /// Words per language. Syntax: a space matches any run of spaces or hyphens ("5 star" → "5-star");
    /// a trailing `*` lets the word go on ("Gutschein*" → "Gutscheincode"). Latin-script words match whole
    /// words only, case-insensitively; Chinese and Japanese words match anywhere (no spaces between words).
    enum Words {
        static let amazonDomains: Set<String> = [
            "amazon.com", "amazon.de", "amazon.co.uk", "amazon.fr", "amazon.it", "amazon.es", "amazon.nl",
            "amazon.se", "amazon.pl", "amazon.com.be", "amazon.ie", "amazon.co.jp", "amazon.cn", "amazon.ca",
            "amazon.com.mx", "amazon.com.br", "amazon.com.au", "amazon.in", "amazon.sg", "amazon.ae", "amazon.sa",
            "amazon.com.tr", "amazon.eg", "amazon.eu", "amzn.to", "amzn.eu", "amzn.com",
        ]

        /// Endings that make "word.word" a domain. Kept to real, common TLDs so that "e.g.", "z.B.", "34.99"
        /// and "manual.pdf" are not links.
        static let topLevelDomains = [
            "com", "net", "org", "info", "biz", "io", "co", "me", "app", "dev", "shop", "store", "online", "site",
            "xyz", "top", "link", "club", "tv", "cc", "ly", "gl", "eu", "de", "at", "ch", "uk", "fr", "it", "es",
            "nl", "be", "lu", "pl", "se", "dk", "fi", "ie", "pt", "cz", "us", "ca", "mx", "br", "au", "nz", "jp",
            "cn", "hk", "tw", "kr", "sg", "in", "ae", "sa", "tr", "eg", "ru",
        ]

        static let marketing = [
            // en
            "discount code*", "coupon*", "coupon code*", "promo code*", "promotional code*", "voucher*", "sale",
            "special offer*", "limited time offer*", "newsletter*", "follow us", "visit our store", "visit our shop",
            "visit our website", "visit our online store", "our other products", "subscribe*",
            // de: plain "Angebot" is left out on purpose, agents use it for a resolution ("folgendes Angebot").
            "Gutschein*", "Rabattcode*", "Rabatt-Code*", "Aktionscode*", "Sonderangebot*", "unsere Angebote",
            "Newsletter*", "folgen Sie uns", "besuchen Sie unseren Shop", "besuchen Sie unsere Website",
            "unsere anderen Produkte", "abonnieren Sie",
            // fr
            "code promo*", "bon de réduction", "bons de réduction", "code de réduction", "offre spéciale",
            "offres spéciales", "soldes", "suivez-nous", "visitez notre boutique", "nos autres produits", "abonnez-vous",
            // it ("buono" alone means "good": only the voucher compounds)
            "codice sconto", "codici sconto", "buono sconto", "buono regalo", "buoni sconto", "offerta speciale",
            "saldi", "seguici", "visita il nostro negozio", "i nostri altri prodotti", "iscriviti",
            // es
            "cupón", "cupones", "código de descuento", "código promocional", "oferta especial", "rebajas",
            "síguenos", "visita nuestra tienda", "nuestros otros productos", "suscríbete",
            // ja
            "クーポン", "割引コード", "セール", "メルマガ", "キャンペーン", "当店の他の商品",
            // zh (simplified, traditional)
            "优惠券", "折扣码", "优惠码", "促销", "关注我们", "特价", "我们的其他产品", "立即购买", "马上购买", "限时",
            "優惠券", "折扣碼", "優惠碼", "促銷", "關注我們", "特價", "我們的其他產品", "立即購買", "馬上購買", "限時",
            // every language: calls to buy
            "buy now", "shop now", "order now", "jetzt kaufen", "jetzt bestellen", "achetez maintenant", "commandez maintenant",
            "compra ahora", "compre ahora", "acquista ora", "今すぐ購入", "今すぐ注文", "お買い得",
        ]

        /// Feedback, reviews, ratings, stars.
        static let feedback = [
            // en (not bare "review": "we will review your photos" is everyday after-sales English)
            "feedback", "positive feedback", "update your feedback", "change your feedback", "remove your feedback",
            "reviews", "leave a review", "write a review", "post a review", "your review", "positive review*",
            "good review*", "product review*", "customer review*", "appreciate a review", "leave us a review",
            "rating*", "rate us", "rate the product",
            "5 star*", "five star*", "★★★★★",
            // de
            "Bewertung*", "bewerten", "Rezension*", "5 Sterne*", "fünf Sterne*",
            // fr
            "avis", "évaluation*", "5 étoiles", "cinq étoiles",
            // it
            "recensione", "recensioni", "valutazione", "valutazioni", "5 stelle", "cinque stelle",
            // es
            "reseña*", "valoración", "valoraciones", "calificación", "5 estrellas", "cinco estrellas",
            // ja
            "レビュー", "評価", "フィードバック", "星5", "星５", "5つ星", "★5",
            // zh
            "好评", "评价", "五星", "5星", "留评",
        ]

        /// Asking for a good rating rather than an honest one: an error on Amazon and eBay.
        static let positiveFeedback = [
            "positive feedback", "positive review*", "positive rating*", "good review*", "good rating*", "great review*",
            "5 star*", "five star*", "★★★★★", "full marks",
            "positive Bewertung*", "positives Feedback", "gute Bewertung*", "5 Sterne*", "fünf Sterne*",
            "avis positif*", "bon avis", "évaluation positive", "évaluations positives", "5 étoiles", "cinq étoiles",
            "recensione positiva", "recensioni positive", "buona recensione", "valutazione positiva", "5 stelle", "cinque stelle",
            "reseña positiva", "reseñas positivas", "buena reseña", "valoración positiva", "5 estrellas", "cinco estrellas",
            "高評価", "良い評価", "星5", "星５", "5つ星", "★5", "満点",
            "好评", "好評", "五星", "5星", "给好评", "給好評",
        ]

        /// Feedback words that are not about the buyer's rating: thanks for a complaint, French delivery notices.
        static let notFeedback = [
            "thank you for your feedback", "thanks for your feedback", "thank you for the feedback",
            "thanks for the feedback", "danke für ihr feedback", "vielen dank für ihr feedback",
            "avis de passage", "avis de réception", "à mon avis", "à votre avis", "grazie per il feedback",
        ]

        static let refund = [
            "refund*", "reimburse*", "money back",
            "Erstattung*", "Rückerstattung*", "Teilerstattung*", "Teilrückerstattung*", "erstatte*", "Geld zurück",
            "rembourse*", "rimbors*", "reembols*",
            "返金", "退款", "退钱", "返现",
        ]

        /// Anything of value a buyer could be offered.
        static let benefit = refund + [
            "gift*", "discount*", "coupon*", "voucher*", "free", "compensat*", "cashback",
            "Geschenk*", "Gutschein*", "Rabatt*", "gratis", "kostenlos*", "Entschädigung*",
            "cadeau*", "réduction*", "gratuit*", "bon d'achat",
            "regalo", "regali", "omaggio", "sconto", "sconti",
            "descuento*", "cupón", "compensación",
            "プレゼント", "ギフト", "割引", "無料", "クーポン",
            "礼物", "赠品", "折扣", "免费", "优惠券", "补偿",
        ]

        /// "free" that is no gift.
        static let notBenefit = ["feel free", "toll free", "hands free"]

        /// Words that make something conditional on the buyer's feedback, or an exchange for it.
        static let condition =
            ["in exchange for", "in exchange", "in return for"]
            + combine(["if you", "once you", "after you", "as soon as you", "when you"],
                      ["leave", "give", "write", "post", "remove", "delete", "change", "update", "revise", "edit"])
            + ["im Austausch", "im Gegenzug", "als Gegenleistung"]
            + combine(["wenn Sie", "sobald Sie", "falls Sie", "nachdem Sie"],
                      ["Ihre Bewertung", "eine Bewertung", "Ihr Feedback", "eine positive Bewertung"])
            + ["en échange", "en contrepartie"]
            + combine(["si vous", "une fois que vous", "dès que vous"],
                      ["modifiez", "retirez", "supprimez", "laissez", "changez", "mettez à jour"])
            + ["in cambio"]
            + combine(["se", "una volta che", "non appena"], ["rimuove", "modifica", "lascia", "cambia", "elimina", "aggiorna"])
            + ["a cambio"]
            + combine(["si", "una vez que", "en cuanto"], ["elimina", "cambia", "modifica", "deja", "actualiza", "retira"])
            + ["代わりに", "引き換え", "引換", "いただければ", "いただけたら", "いただけましたら", "頂ければ"]
            + ["换取", "作为交换", "作为回报", "如果您", "只要您", "即可"]

        /// Words that give a nearby number away as a phone number.
        static let phoneCue = [
            "phone*", "call*", "tel", "telephone", "mobile", "cell", "hotline", "whatsapp", "wechat",
            "Telefon*", "Handy", "Anruf*", "anrufen", "rufen",
            "téléphone*", "tél", "appel*", "portable",
            "telefono", "cellulare", "chiamare", "chiamaci",
            "teléfono", "llamar", "llámenos", "llámanos", "móvil",
            "電話", "携帯", "电话", "手机", "致电", "微信",
        ]

        static func combine(_ heads: [String], _ tails: [String]) -> [String] {
            heads.flatMap { h in tails.map { "\(h) \($0)" } }
        }
    }

    // MARK: - Compiled patterns

    enum Patterns {
        static let placeholder = regex(#"\{\{[^{}\n]*\}\}"#)

        /// Explicit URLs (scheme or www.) and bare domains with a known TLD. The TLD must be lower case, so a
        /// missing space after a full stop ("arrived.It was") is no domain. Labels are Latin script only, so a
        /// domain glued to Chinese text starts where the Latin letters do.
        static let link: NSRegularExpression = {
            let urlChar = #"[^\s<>"'«»\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303F\uFF00-\uFFEF()\[\]{}]"#
            let tlds = Words.topLevelDomains.sorted { $0.count > $1.count }.joined(separator: "|")
            let url = #"(?i:https?://|www\.)"# + urlChar + "+"
            let bare = #"(?<![\p{Latin}\p{N}@._\-/])(?i:[\p{Latin}0-9](?:[\p{Latin}0-9\-]*[\p{Latin}0-9])?\.)+"#
                + "(?:\(tlds))" + #"(?![\p{Latin}\p{N}\-@_])"# + "(?:[/?#]\(urlChar)*)?"
            return regex("\(url)|\(bare)", caseInsensitive: false)
        }()

        /// What a link or e-mail address does not end with: the sentence's punctuation.
        static let trailingPunctuation = CharacterSet(charactersIn: ".,;:!?)]}>'\"»」）。、，！？")

        static let email = regex(
            #"(?<![\p{Latin}0-9._%+\-])[\p{Latin}0-9._%+\-]+@[\p{Latin}0-9\-]+(?:\.[\p{Latin}0-9\-]+)*\.\p{Latin}{2,}"#)

        /// Digit groups joined by single separators: "+49 30 1234567", "(555) 123-4567", "030-123 45 67".
        /// Separators are required between groups, so the pattern cannot backtrack badly. Latin letters on
        /// either side make it part of a code (1Z999AA10123456784), CJK text does not (电话13800138000).
        static let digitRun: NSRegularExpression = {
            let group = #"(?:\(\d+\)\d*|\d+)"#
            let separator = #"(?:[ \u00A0]?[.\-/][ \u00A0]?|[ \u00A0])"#
            return regex(#"(?<![\p{Latin}\p{N}+])(?:\+ ?)?"# + group + "(?:" + separator + group + ")*" + #"(?![\p{Latin}\p{N}])"#)
        }()

        /// Numbers that are never phones even when they look grouped: Amazon order ids, dates, times, amounts,
        /// year ranges.
        static let notPhone = regex([
            #"(?<!\d)\d{3}-\d{7}-\d{7}(?!\d)"#,                                   // order id
            #"(?<!\d)\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?(?!\d)"#,  // ISO / Asian date
            #"(?<!\d)\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})(?!\d)"#,           // 24.11.2026, 11/24/26
            #"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"#,                            // 14:30
            #"(?<![\d.,+])\d+(?:[.,]\d{3})*[.,]\d{1,2}(?![.,]?\d)"#,              // 34,99 / 1.234,56
            #"(?<!\d)(?:19|20)\d{2} ?[\-–/] ?(?:19|20)\d{2}(?!\d)"#,              // 2025-2026
        ].joined(separator: "|"))

        static let northAmerican = regex(#"^\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4}$"#)
        /// How far (UTF-16 units, about characters) a phone word may stand before the number.
        static let phoneCueDistance = 20
        static let phoneCue = words(Words.phoneCue)

        static let marketing = words(Words.marketing)
        static let positiveFeedback = words(Words.positiveFeedback)
        /// Price cuts: "10% off", "-20 %", "20 % Rabatt", "15 % de réduction", "10% di sconto", "20％オフ", "8折".
        static let marketingPhrases = regex([
            #"(?<![\p{Latin}\p{N}])-?\d{1,3}\s?[%％]\s?(?:off|discount|rabatt|nachlass|de (?:réduction|remise)|de descuento|di sconto|sconto|オフ|引き|割引|折扣|優惠|优惠)(?![\p{Latin}])"#,
            #"(?<![\p{Latin}\p{N}])-\d{1,3}\s?[%％](?![\p{N}])"#,
            #"打?[1-9１-９](?:\.\d)?折(?!扣)"#,
        ].joined(separator: "|"))
        static let feedback = words(Words.feedback)
        static let notFeedback = words(Words.notFeedback)
        static let refund = words(Words.refund)
        static let benefit = words(Words.benefit)
        static let notBenefit = words(Words.notBenefit)
        static let condition = words(Words.condition)

        /// Closing, withdrawing or cancelling a claim, case or dispute. Grammar differs too much between the
        /// languages for a word table: one pattern per language (verb + optional article + object, or the
        /// object followed by the verb for German separable verbs, passives, Japanese and Chinese).
        static let withdrawal = regex([
            // en: "withdraw your A-to-z claim", "close the case", "the claim is withdrawn", "withdrawal of the claim"
            #"(?<!\p{L})(?:withdraw|close|cancel|retract|drop)\p{L}*\s+(?:(?:the|your|this|that|any|my|our)\s+)?(?:(?:a-?to-?z|amazon|guarantee)\s+)*(?:a-?to-?z|claims?|cases?|disputes?|complaints?|chargebacks?)(?!\p{L})"#,
            #"(?<!\p{L})(?:a-?to-?z|claim|case|dispute|complaint)\s+(?:is|be|been|was|gets|got|has\s+been)\s+(?:\p{L}+\s+)?(?:withdrawn|closed|cancell?ed|retracted|dropped)(?!\p{L})"#,
            #"(?<!\p{L})withdrawal\s+of\s+(?:the\s+|your\s+)?(?:a-?to-?z\s+)?(?:claim|case|dispute)(?!\p{L})"#,
            // de: "den Garantieantrag zurückziehen", "ziehen Sie den Antrag zurück"
            #"(?<!\p{L})\p{L}*(?:antrag|reklamation|beschwerde|streitfall)\s+(?:\p{L}+\s+){0,2}?(?:zurückziehen|zurückzuziehen|zurücknehmen|schließen|stornieren|zurückgezogen|geschlossen|storniert)(?!\p{L})"#,
            #"(?<!\p{L})zieh\p{L}*\s+(?:\p{L}+\s+){0,4}?\p{L}*(?:antrag|reklamation|beschwerde)\s+(?:\p{L}+\s+){0,2}?zurück(?!\p{L})"#,
            // fr: "retirer votre réclamation", "la réclamation est retirée"
            #"(?<!\p{L})(?:retir|annul|ferm|clôtur|clotur)\p{L}*\s+(?:(?:la|le|votre|cette|ce|sa|son)\s+)?(?:réclamation|litige|plainte|demande de garantie)(?!\p{L})"#,
            #"(?<!\p{L})(?:réclamation|litige)\s+(?:\p{L}+\s+){0,2}?(?:retirée?|annulée?|fermée?|clôturée?)(?!\p{L})"#,
            // it: "ritirare il reclamo"
            #"(?<!\p{L})(?:ritir|chiud|annull)\p{L}*\s+(?:(?:il|la|lo|suo|sua|questo|questa)\s+){0,2}(?:reclamo|contestazione|controversia|segnalazione|richiesta di garanzia)(?!\p{L})"#,
            // es: "retirar la reclamación"
            #"(?<!\p{L})(?:retir|cerr|cierr|cancel|anul)\p{L}*\s+(?:(?:la|el|su|esta|este)\s+)?(?:reclamación|reclamo|disputa|queja)(?!\p{L})"#,
            // ja: "申し立てを取り下げ"
            #"(?:申し立て|申立て|クレーム|保証申請|a-?to-?z(?:保証)?)[^。！？\n]{0,12}?(?:取り下げ|取下げ|取り消|キャンセル|クローズ|撤回)"#,
            // zh: "撤销索赔", "把纠纷关闭"
            #"(?:撤销|撤回|取消|关闭)[^。！？\n]{0,8}?(?:索赔|纠纷|申诉|投诉|a-?to-?z)"#,
            #"(?:索赔|纠纷|申诉|a-?to-?z)[^。！？\n]{0,8}?(?:撤销|撤回|取消|关闭)"#,
        ].joined(separator: "|"))

        /// One alternation for a word table, longest words first so "coupon code" wins over "coupon".
        static func words(_ table: [String]) -> NSRegularExpression {
            let sorted = Set(table).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
            // One shared word-start check for the Latin-script words instead of one per word: ICU then
            // rejects most positions at once, which keeps the big tables fast.
            let spaced = sorted.filter { isSpacedScript($0.first) }.map(wordPattern)
            let unspaced = sorted.filter { !isSpacedScript($0.first) }.map(wordPattern)
            var alternatives: [String] = []
            if !spaced.isEmpty { alternatives.append(#"(?<![\p{Latin}\p{N}])(?:"# + spaced.joined(separator: "|") + ")") }
            alternatives += unspaced
            return regex(alternatives.joined(separator: "|"))
        }

        /// One word without its start check: spaces match spaces or hyphens, `*` lets the word go on, and a
        /// Latin-script word must end at a word end.
        static func wordPattern(_ entry: String) -> String {
            let open = entry.hasSuffix("*")
            let word = open ? String(entry.dropLast()) : entry
            let body = word.split(separator: " ")
                .map { NSRegularExpression.escapedPattern(for: String($0)) }
                .joined(separator: #"[\s\-]+"#)
            let tail = open ? #"[\p{Latin}\p{N}]*"# : (isSpacedScript(word.last) ? #"(?![\p{Latin}\p{N}])"# : "")
            return "(?:\(body)\(tail))"
        }

        /// A letter or digit of a script that separates words with spaces (so word boundaries apply).
        static func isSpacedScript(_ c: Character?) -> Bool {
            guard let c, c.isLetter || c.isNumber, let v = c.unicodeScalars.first?.value else { return false }
            let unspaced: [ClosedRange<UInt32>] = [0x3040...0x30FF, 0x3400...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFFEF]
            return !unspaced.contains { $0.contains(v) }
        }

        static func regex(_ pattern: String, caseInsensitive: Bool = true) -> NSRegularExpression {
            // The patterns are constants of this file: a bad one is a programming error the tests catch.
            try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        }
    }

    // MARK: - The text under check

    /// The reply as the regular expressions see it (UTF-16 ranges) with the way back to grapheme offsets.
    struct Text {
        let string: String
        private let ns: NSString
        /// For every UTF-16 unit (and one past the end): the offset of the Character it belongs to, and
        /// whether it is that Character's first unit. Built once, so converting a span is O(1).
        private let character: [Int]
        private let startsCharacter: [Bool]

        init(_ string: String) {
            self.string = string
            ns = string as NSString
            var character: [Int] = [], starts: [Bool] = []
            character.reserveCapacity(ns.length + 1)
            starts.reserveCapacity(ns.length + 1)
            var count = 0
            for c in string {
                for unit in 0..<c.utf16.count {
                    character.append(count)
                    starts.append(unit == 0)
                }
                count += 1
            }
            character.append(count)
            starts.append(true)
            self.character = character
            startsCharacter = starts
        }

        subscript(_ r: NSRange) -> String { ns.substring(with: r) }

        /// Grapheme offsets of a UTF-16 range; an end inside a Character extends to its end.
        func span(_ r: NSRange) -> Range<Int> {
            let end = r.location + r.length
            return character[r.location]..<(character[end] + (startsCharacter[end] ? 0 : 1))
        }

        func matches(_ re: NSRegularExpression) -> [NSRange] {
            re.matches(in: string, range: NSRange(location: 0, length: ns.length)).map(\.range)
        }

        /// Matches that don't overlap any match of `exceptions` ("feel free" is no "free").
        func matches(_ re: NSRegularExpression, excluding exceptions: NSRegularExpression) -> [NSRange] {
            let skip = matches(exceptions)
            return matches(re).filter { !skip.overlaps($0) }
        }

        func trimming(_ r: NSRange, _ set: CharacterSet) -> NSRange {
            var start = r.location, end = r.location + r.length
            while start < end, isIn(set, ns.character(at: start)) { start += 1 }
            while end > start, isIn(set, ns.character(at: end - 1)) { end -= 1 }
            return NSRange(location: start, length: end - start)
        }

        private func isIn(_ set: CharacterSet, _ unit: unichar) -> Bool {
            Unicode.Scalar(unit).map(set.contains) ?? false
        }

        /// Sentences, split after . ! ? 。！？ and at line breaks, trimmed of surrounding white space. A full
        /// stop ends a sentence only before white space or the end, so "34.99", "amazon.de" and the inside of
        /// "z.B." stay in their sentence.
        func sentences() -> [NSRange] {
            var result: [NSRange] = []
            var start = 0
            func close(_ end: Int) {
                let r = trimming(NSRange(location: start, length: end - start), .whitespacesAndNewlines)
                if r.length > 0 { result.append(r) }
                start = end
            }
            for i in 0..<ns.length {
                switch ns.character(at: i) {
                case 0x21, 0x3F, 0x0A, 0x3002, 0xFF01, 0xFF1F:  // ! ? newline 。！？
                    close(i + 1)
                case 0x2E where i + 1 == ns.length || isIn(.whitespacesAndNewlines, ns.character(at: i + 1)):
                    close(i + 1)
                default:
                    break
                }
            }
            close(ns.length)
            return result
        }
    }
}

fileprivate extension Array where Element == NSRange {
    /// Whether any range of this sorted, non-overlapping list overlaps `r` (binary search).
    func overlaps(_ r: NSRange) -> Bool {
        var lo = 0, hi = count
        while lo < hi {  // first range ending after r starts
            let mid = (lo + hi) / 2
            if self[mid].location + self[mid].length <= r.location { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo].location < r.location + r.length
    }

    /// For each range of this sorted list of sentences: whether one of the sorted `hits` starts inside it.
    /// One pass over both lists.
    func containing(_ hits: [NSRange]) -> [Bool] {
        var result = [Bool](repeating: false, count: count)
        var h = 0
        for (i, s) in enumerated() {
            while h < hits.count, hits[h].location < s.location { h += 1 }
            result[i] = h < hits.count && hits[h].location < s.location + s.length
        }
        return result
    }
}
