import Testing
@testable import KefuModel
@testable import KefuPlaybook
import KefuConfig

/// The reply checker (DOMAIN.md, "Reply rules"): what Amazon and eBay forbid in a seller's message.
/// Every table row states the complete list of findings its text must produce, as
/// "severity rule «span text»" (the span mapped back through Character offsets), so a missed finding,
/// an extra finding, a wrong severity or a shifted span all fail.
@Suite struct ReplyLintTests {
    /// A signature left as `{{agent.name}}` (no config) blocks the send with the setting and the file to
    /// set it in, not only "fill in the placeholder" (the inbox's status line shows this verdict).
    @Test func aMissingSignatureNamesTheSettingAndTheFile() {
        var settings = ReplySettings()
        settings.configFile = "/home/lin/.config/kefu/config.toml"
        settings.fromAddress = "a@b.example"
        let text = "Hallo, wir schicken Ersatz.\n{{agent.name}}\nLumen Home"
        let verdict = ReplyGate.check(sampleCase(), findings: Self.lint(text), warningsAccepted: true, settings: settings)
        #expect(verdict == .blocked("1 error(s) — {{agent.name}} is not set — set [agent] name = \"…\" in /home/lin/.config/kefu/config.toml"), "\(verdict)")
        let both = Self.lint("Hallo,\n{{agent.name}}\n{{store.name}}")
        #expect(ReplyGate.signatureHint(both, settings: settings)
                == "{{agent.name}} and {{store.name}} are not set — set [agent] name = \"…\" and [store] name = \"…\" in /home/lin/.config/kefu/config.toml")
        // Another placeholder keeps the lint's own message; a missing sender names the file too.
        #expect(ReplyGate.signatureHint(Self.lint("Hallo {{buyer.name}}"), settings: settings) == nil)
        settings.fromAddress = nil
        #expect(ReplyGate.check(sampleCase(), findings: [], warningsAccepted: true, settings: settings)
                == .blocked("no sender address — set [mail] from = \"…\" in /home/lin/.config/kefu/config.toml"))
    }

    // MARK: - Table rows

    struct Row: Sendable, CustomTestStringConvertible {
        var text: String
        var channel: Channel = .amazon
        var orderId: String? = nil
        var expected: [String]
        var testDescription: String { "\(channel.rawValue): \(text.prefix(60).debugDescription)" }
    }

    /// An expected error / warning with its span text (nil: about the whole text).
    static func error(_ rule: String, _ span: String?) -> String { "error \(rule) \(span.map { "«\($0)»" } ?? "(whole text)")" }
    static func warning(_ rule: String, _ span: String?) -> String { "warning \(rule) \(span.map { "«\($0)»" } ?? "(whole text)")" }

    static func lint(_ text: String, _ channel: Channel = .amazon, orderId: String? = nil) -> [LintFinding] {
        ReplyLint.check(text, channel: channel, marketplace: channel == .amazon ? "amazon.de" : nil, orderId: orderId)
    }

    /// Findings as readable lines; the span text is cut out of the text by grapheme offsets.
    static func lines(_ findings: [LintFinding], in text: String) -> [String] {
        let characters = Array(text)
        return findings.map { f in
            let span = f.span.map { String(characters[$0]) }
            return f.severity == .error ? error(f.rule, span) : warning(f.rule, span)
        }
    }

    static func verify(_ row: Row) {
        let findings = lint(row.text, row.channel, orderId: row.orderId)
        #expect(lines(findings, in: row.text) == row.expected)
        // Invariants of every answer: sorted, whole-text findings first, no span reported twice per rule.
        let starts = findings.map { $0.span?.lowerBound ?? -1 }
        #expect(starts == starts.sorted())
        let keys = findings.map { "\($0.rule) \(String(describing: $0.span))" }
        #expect(Set(keys).count == keys.count)
    }

    // MARK: - Everywhere

    static let placeholderRows: [Row] = [
        Row(text: "Hello Anna, we will refund {{refund.amount}} today.", expected: [error("unresolved-placeholder", "{{refund.amount}}")]),
        Row(text: "{{buyer.name}}様、ご連絡ありがとうございます。{{tracking.number}}で追跡できます。", channel: .shop,
            expected: [error("unresolved-placeholder", "{{buyer.name}}"), error("unresolved-placeholder", "{{tracking.number}}")]),
        Row(text: "Hallo {{ kunde.name }}, danke.", channel: .email, expected: [error("unresolved-placeholder", "{{ kunde.name }}")]),
        // Negatives: single braces and an unclosed pair are no template placeholders.
        Row(text: "Use the {size} chart; {{ not closed", channel: .shop, expected: []),
        Row(text: "JSON like {\"a\": {\"b\": 1}} is fine", channel: .email, expected: []),
    ]

    @Test(arguments: placeholderRows) func unresolvedPlaceholder(_ row: Row) { Self.verify(row) }

    static let emptyRows: [Row] = [
        Row(text: "", expected: [error("empty-body", nil)]),
        // An empty Amazon reply reports only that it is empty, not the missing order id as well.
        Row(text: " \n\t\u{3000} ", orderId: "302-1234567-1234567", expected: [error("empty-body", nil)]),
        Row(text: "\n\n", channel: .ebay, expected: [error("empty-body", nil)]),
        Row(text: ".", channel: .shop, expected: []),
        Row(text: "OK", channel: .email, expected: []),
    ]

    @Test(arguments: emptyRows) func emptyBody(_ row: Row) { Self.verify(row) }

    // MARK: - Amazon

    static let orderIdRows: [Row] = [
        Row(text: "Dear buyer, we are sorry about the delay.", orderId: "302-1234567-1234567",
            expected: [error("missing-order-id", nil)]),
        Row(text: "Sehr geehrte Kundin, Ihre Bestellung ist unterwegs.", orderId: " 028-7654321-7654321 ",
            expected: [error("missing-order-id", nil)]),
        Row(text: "Re: Bestellung 302-1234567-1234567 – Ersatz ist unterwegs.", orderId: "302-1234567-1234567", expected: []),
        Row(text: "We are sorry about the delay.", orderId: nil, expected: []),
        Row(text: "We are sorry about the delay.", channel: .ebay, orderId: "302-1234567-1234567", expected: []),
    ]

    @Test(arguments: orderIdRows) func missingOrderId(_ row: Row) { Self.verify(row) }

    static let linkRows: [Row] = [
        Row(text: "See https://example.com/help?x=1 for the manual.", expected: [error("link", "https://example.com/help?x=1")]),
        Row(text: "Die Anleitung finden Sie unter shop.example.de/anleitung.", expected: [error("link", "shop.example.de/anleitung")]),
        Row(text: "詳細はexample.jpをご覧ください。", expected: [error("link", "example.jp")]),
        Row(text: "Besuchen: www.lampen-shop.de, oder http://amazon.de.example.com/x!",
            expected: [error("link", "www.lampen-shop.de"), error("link", "http://amazon.de.example.com/x")]),
        Row(text: "Not Amazon: my-amazon.de and amazon.de.example.com", expected: [error("link", "my-amazon.de"), error("link", "amazon.de.example.com")]),
        // Negatives: Amazon's own domains, abbreviations, numbers, file names, a missing space after a full stop.
        Row(text: "Sie finden die Rechnung z.B. unter amazon.de oder Amazon.co.uk, e.g. https://www.amazon.co.uk/gp/css/order-history.", expected: []),
        Row(text: "Bitte prüfen Sie sellercentral.amazon.com bzw. AMAZON.DE.", expected: []),
        Row(text: "It costs 34.99 (No. 5, see manual.pdf and readme.txt). The parcel arrived.It was fine, i.e. ok.", expected: []),
    ]

    @Test(arguments: linkRows) func link(_ row: Row) { Self.verify(row) }

    static let emailRows: [Row] = [
        Row(text: "Write to service@example.com.", expected: [error("email-address", "service@example.com")]),
        Row(text: "Schreiben Sie an kundenservice@shop-beispiel.de, danke.", expected: [error("email-address", "kundenservice@shop-beispiel.de")]),
        Row(text: "メール：info@example.co.jpまでご連絡ください。", expected: [error("email-address", "info@example.co.jp")]),
        Row(text: "Preis: 2 Stück @ 5 € – siehe amazon.de", expected: []),
        Row(text: "Shop email addresses are not allowed here: see our policy", expected: []),
    ]

    @Test(arguments: emailRows) func emailAddress(_ row: Row) { Self.verify(row) }

    static let phoneRows: [Row] = [
        Row(text: "Call us on +49 30 1234567 today.", expected: [error("phone-number", "+49 30 1234567")]),
        Row(text: "US: (555) 123-4567 or 555-123-4567.", expected: [error("phone-number", "(555) 123-4567"), error("phone-number", "555-123-4567")]),
        Row(text: "Rufen Sie uns an: 030-123 45 67 oder 0800 123 456.", expected: [error("phone-number", "030-123 45 67"), error("phone-number", "0800 123 456")]),
        Row(text: "Telefon: 1234567", expected: [error("phone-number", "1234567")]),
        Row(text: "お電話は03-1234-5678までお願いします。", expected: [error("phone-number", "03-1234-5678")]),
        Row(text: "如有问题请拨打电话：13800138000", expected: [error("phone-number", "13800138000")]),
        Row(text: "Tel.:+49 (0)30 1234567", expected: [error("phone-number", "+49 (0)30 1234567")]),
        // Negatives: order id, tracking numbers, amounts, dates, times, years, even next to a phone word.
        Row(text: "Order 302-1234567-1234567, tracking 1Z999AA10123456784 and JD014600006281735244.", expected: []),
        Row(text: "Please call DHL with tracking number 00340434161094015902.", expected: []),
        Row(text: "Preis 34,99 € (1.234,56 € gesamt), geliefert am 24.11.2026 bzw. 04/11/2026 um 14:30.", expected: []),
        Row(text: "Call us after 2026-11-24 14:30; our warranty runs 2025-2026, since 2019.", expected: []),
        Row(text: "2026年11月24日に発送しました。電話番号は不要です。", expected: []),
    ]

    @Test(arguments: phoneRows) func phoneNumber(_ row: Row) { Self.verify(row) }

    static let marketingRows: [Row] = [
        Row(text: "Use coupon code SAVE10 on your next order.", expected: [warning("marketing", "coupon code")]),
        Row(text: "Mit dem Gutscheincode SPAR10 sparen Sie, folgen Sie uns!", expected: [warning("marketing", "Gutscheincode"), warning("marketing", "folgen Sie uns")]),
        Row(text: "次回使えるクーポンを差し上げます。", expected: [warning("marketing", "クーポン")]),
        Row(text: "欢迎关注我们的店铺。", expected: [warning("marketing", "关注我们")]),
        Row(text: "Voici un code promo : MERCI. Codice sconto: GRAZIE. Cupón: GRACIAS.",
            expected: [warning("marketing", "code promo"), warning("marketing", "Codice sconto"), warning("marketing", "Cupón")]),
        Row(text: "10% off! Buy now.", expected: [warning("marketing", "10% off"), warning("marketing", "Buy now")]),
        Row(text: "Jetzt kaufen und 20 % Rabatt sichern.", expected: [warning("marketing", "Jetzt kaufen"), warning("marketing", "20 % Rabatt")]),
        Row(text: "Profitez de 15 % de réduction. Acquista ora con il 10% di sconto. Compra ahora -30 %.",
            expected: [warning("marketing", "15 % de réduction"), warning("marketing", "Acquista ora"), warning("marketing", "10% di sconto"),
                       warning("marketing", "Compra ahora"), warning("marketing", "-30 %")]),
        Row(text: "今すぐ購入で20％オフ。全场8折，立即購買，領取優惠券。",
            expected: [warning("marketing", "今すぐ購入"), warning("marketing", "20％オフ"), warning("marketing", "8折"),
                       warning("marketing", "立即購買"), warning("marketing", "優惠券")]),
        // Negatives: words that only contain a marketing word, and an offer that is a resolution.
        Row(text: "Our after-sales service is not a wholesale business.", expected: []),
        Row(text: "Wir machen Ihnen folgendes Angebot: eine Teilerstattung. Il prodotto è in buono stato.", expected: []),
    ]

    @Test(arguments: marketingRows) func marketing(_ row: Row) { Self.verify(row) }

    static let feedbackRequestRows: [Row] = [
        // A neutral request is a warning on Amazon (one per order is allowed); asking for a good one is an error.
        Row(text: "Please leave a review and rate us 5 stars!", expected: [warning("feedback-request", "leave a review"), warning("feedback-request", "rate us"), error("positive-review-request", "5 stars")]),
        Row(text: "Wir freuen uns über eine positive Bewertung.", expected: [error("positive-review-request", "positive Bewertung")]),
        Row(text: "レビューをお願いします。", expected: [warning("feedback-request", "レビュー")]),
        Row(text: "请给我们好评。Laissez-nous un avis.", expected: [error("positive-review-request", "好评"), warning("feedback-request", "avis")]),
        Row(text: "請給我們五星好評！", expected: [error("positive-review-request", "五星"), error("positive-review-request", "好評")]),
        Row(text: "Feel free to leave feedback.", expected: [warning("feedback-request", "feedback")]),
        Row(text: "Please leave positive feedback for this purchase.", channel: .ebay, expected: [error("positive-review-request", "positive feedback")]),
        Row(text: "高評価をお願いします。", channel: .ebay, expected: [error("positive-review-request", "高評価")]),
        // Negatives: "review" as a verb, thanks for a complaint, a French delivery notice, and a neutral request on eBay.
        Row(text: "We will review your photos. Thank you for your feedback!", expected: []),
        Row(text: "Avez-vous reçu un avis de passage de La Poste ?", expected: []),
        Row(text: "Please leave feedback for this purchase.", channel: .ebay, expected: []),
    ]

    @Test(arguments: feedbackRequestRows) func feedbackRequest(_ row: Row) { Self.verify(row) }

    static let inducementRows: [Row] = [
        Row(text: "Thanks! We will send you a gift if you leave a 5-star review. Bye.",
            expected: [error("feedback-inducement", "We will send you a gift if you leave a 5-star review.")]),
        Row(text: "Hallo 👋🏼,\nnach Änderung Ihrer Bewertung erstatten wir Ihnen 10 €\nViele Grüße",
            expected: [error("feedback-inducement", "nach Änderung Ihrer Bewertung erstatten wir Ihnen 10 €")]),
        Row(text: "レビューを削除していただければ、全額返金いたします。よろしくお願いします。",
            expected: [error("feedback-inducement", "レビューを削除していただければ、全額返金いたします。")]),
        Row(text: "给五星好评即可获得退款！谢谢。", expected: [error("feedback-inducement", "给五星好评即可获得退款！")]),
        Row(text: "If you update your feedback, we will be very happy.",
            expected: [error("feedback-inducement", "If you update your feedback, we will be very happy.")]),
        Row(text: "Please leave positive feedback and we will refund the shipping.", channel: .ebay,
            expected: [error("feedback-inducement", "Please leave positive feedback and we will refund the shipping.")]),
        Row(text: "Si vous laissez un avis, nous vous offrons un cadeau.", channel: .ebay,
            expected: [error("feedback-inducement", "Si vous laissez un avis, nous vous offrons un cadeau.")]),
        // Negatives: feedback and refund in different sentences, "review" as a verb, "feel free", other channels.
        Row(text: "Thank you for your feedback. We have issued a full refund.", expected: []),
        Row(text: "We will review the photos and refund you within 24 hours.", expected: []),
        Row(text: "Feel free to leave feedback on eBay.", channel: .ebay, expected: []),
        Row(text: "Leave 5 stars and get a gift!", channel: .shop, expected: []),
    ]

    @Test(arguments: inducementRows) func feedbackInducement(_ row: Row) { Self.verify(row) }

    static let withdrawalRows: [Row] = [
        Row(text: "We will refund you in full. Please withdraw your A-to-z claim.", expected: [error("refund-for-withdrawal", "withdraw your A-to-z claim")]),
        Row(text: "Wir erstatten den Betrag, bitte ziehen Sie den Garantieantrag zurück.", expected: [error("refund-for-withdrawal", "ziehen Sie den Garantieantrag zurück")]),
        Row(text: "返金いたしますので、申し立てを取り下げてください。", expected: [error("refund-for-withdrawal", "申し立てを取り下げ")]),
        Row(text: "Nous vous rembourserons ; merci de retirer votre réclamation.", expected: [error("refund-for-withdrawal", "retirer votre réclamation")]),
        Row(text: "我们会退款，请撤销索赔。", expected: [error("refund-for-withdrawal", "撤销索赔")]),
        Row(text: "Refund issued.\nOnce the claim is withdrawn we are done.", expected: [error("refund-for-withdrawal", "claim is withdrawn")]),
        // Negatives: cancelling an order, a claim without a refund, "disclose", eBay.
        Row(text: "We will refund you. Please cancel the order if you no longer need it.", expected: []),
        Row(text: "The problem is solved; you may withdraw the claim if you wish.", expected: []),
        Row(text: "We will refund the phone case but cannot disclose the case details.", expected: []),
        Row(text: "We will refund you. Please close the case.", channel: .ebay, expected: []),
    ]

    @Test(arguments: withdrawalRows) func refundForWithdrawal(_ row: Row) { Self.verify(row) }

    // MARK: - Clean replies

    static let cleanRows: [Row] = [
        Row(text: """
            Sehr geehrte Frau Müller,

            vielen Dank für Ihre Nachricht zur Bestellung 302-1234567-1234567. Es tut uns leid, dass die Lampe \
            beschädigt angekommen ist. Wir bieten Ihnen folgende Möglichkeiten an:
            1. Eine Teilerstattung von 10,00 € – Sie behalten die Lampe.
            2. Eine kostenlose Ersatzlieferung innerhalb von 2 Werktagen.
            Bitte teilen Sie uns bis zum 24.11.2026 um 14:30 mit, welche Lösung Sie bevorzugen. Die Sendungsnummer \
            lautet 00340434161094015902. Ihre Bestellung finden Sie z.B. auf amazon.de.

            Mit freundlichen Grüßen
            Ihr Service-Team
            """, orderId: "302-1234567-1234567", expected: []),
        Row(text: """
            山田様

            この度はご注文（302-1234567-1234567）の商品が破損して届き、大変申し訳ございません。以下の対応をご提案いたします。
            1. 商品代金の一部（1,500円）を返金いたします。
            2. 代替品を無料で再送いたします（2026-11-24までに発送）。
            ご希望の対応をお知らせください。追跡番号：JD014600006281735244

            よろしくお願いいたします。
            """, orderId: "302-1234567-1234567", expected: []),
        Row(text: """
            Hi Tom, thanks for your patience. Your replacement ships today with tracking 1Z999AA10123456784 \
            and should arrive by 2026-11-24. The price of 34.99 will not be charged again. Best regards
            """, expected: []),
    ]

    @Test(arguments: cleanRows) func cleanReplyHasNoFindings(_ row: Row) { Self.verify(row) }

    // MARK: - A whole reply

    static let badAmazonReply = """
        Dear Anna,

        thank you for your message about order 302-1234567-1234567. We are sorry the lamp arrived damaged.
        We can offer you:
        1. A partial refund of {{refund.amount}}
        2. A free replacement
        If you leave a 5-star review, we will add a gift. Please also close the A-to-z claim once the refund is issued.
        For faster help call +49 30 1234567 or write to service@lampshop.de, or visit www.lampshop.de/support. \
        Use coupon code SAVE10 on your next order!
        Your tracking number 00340434161094015902 shows delivery on 2026-11-24 at 14:30.

        Best regards
        LampShop Team
        """

    @Test func realisticAmazonReplyReportsEveryProblemInTextOrder() {
        let findings = Self.lint(Self.badAmazonReply, orderId: "302-1234567-1234567")
        #expect(Self.lines(findings, in: Self.badAmazonReply) == [
            Self.error("unresolved-placeholder", "{{refund.amount}}"),
            Self.error("feedback-inducement", "If you leave a 5-star review, we will add a gift."),
            Self.error("refund-for-withdrawal", "close the A-to-z claim"),
            Self.error("phone-number", "+49 30 1234567"),
            Self.error("email-address", "service@lampshop.de"),
            Self.error("link", "www.lampshop.de/support"),
            Self.warning("marketing", "coupon code"),
        ])
        #expect(findings.map(\.message) == [
            "Fill in or remove the placeholder {{refund.amount}}",
            "Amazon: never offer anything for feedback or a review, nor make a benefit depend on it: rewrite this sentence",
            "Amazon: don't tie a refund to withdrawing the claim (\"close the A-to-z claim\"); mention it only after the problem is solved, without the refund",
            "Amazon: no phone numbers (+49 30 1234567)",
            "Amazon: no e-mail addresses (service@lampshop.de)",
            "Amazon: no links to other sites (www.lampshop.de/support)",
            "Amazon: no marketing or promotions (\"coupon code\"): remove it or confirm",
        ])
        // A different order id adds the whole-text finding at the front.
        let other = Self.lint(Self.badAmazonReply, orderId: "028-7654321-7654321")
        #expect(other.first == LintFinding(severity: .error, rule: "missing-order-id",
                                           message: "Amazon: mention the order id 028-7654321-7654321", span: nil))
        #expect(Array(other.dropFirst()) == findings)
    }

    @Test func theSameReplyOnOtherChannelsOnlyGetsTheirRules() {
        let ebay = Self.lint(Self.badAmazonReply, .ebay, orderId: "302-1234567-1234567")
        #expect(Self.lines(ebay, in: Self.badAmazonReply) == [
            Self.error("unresolved-placeholder", "{{refund.amount}}"),
            Self.error("feedback-inducement", "If you leave a 5-star review, we will add a gift."),
        ])
        #expect(ebay[1].message.hasPrefix("eBay: "))
        for channel in [Channel.shop, .email] {
            let findings = Self.lint(Self.badAmazonReply, channel, orderId: "302-1234567-1234567")
            #expect(Self.lines(findings, in: Self.badAmazonReply) == [Self.error("unresolved-placeholder", "{{refund.amount}}")])
        }
    }

    // MARK: - Spans and order

    @Test func spansCountGraphemesNotUTF16Units() {
        // 👍🏽 is one Character but four UTF-16 units; "é" written as e + combining accent is one Character too.
        let text = "👍🏽 Re\u{301}sume\u{301}! Siehe example.com"
        let findings = Self.lint(text)
        #expect(findings.count == 1)
        #expect(findings.first?.span == 16..<27)  // UTF-16 offsets would be 21..<32
        #expect(findings.first?.message == "Amazon: no links to other sites (example.com)")
    }

    @Test func findingsAtTheSameStartKeepRuleOrder() {
        // The inducement sentence starts with a marketing word: both start at 0, the error comes first.
        let text = "Coupon for you if you leave a review."
        #expect(Self.lines(Self.lint(text), in: text) == [
            Self.error("feedback-inducement", "Coupon for you if you leave a review."),
            Self.warning("marketing", "Coupon"),
        ])
    }

    @Test func severitiesAreFixedPerRule() {
        let findings = Self.lint(Self.badAmazonReply + "\nPlease leave a review.", orderId: "999-0000000-0000000")
        let severities = Dictionary(findings.map { ($0.rule, $0.severity) }, uniquingKeysWith: { a, _ in a })
        #expect(severities == [
            "missing-order-id": .error, "unresolved-placeholder": .error, "feedback-inducement": .error,
            "refund-for-withdrawal": .error, "phone-number": .error, "email-address": .error, "link": .error,
            "marketing": .warning, "feedback-request": .warning,
        ])
    }

    @Test func oneFindingPerRuleAndPlace() {
        // "5-star" is a positive request and a feedback word at once: listed once, as the error.
        let text = "Thanks for your order 302-1234567-1234567. A 5-star review would be great."
        let lines = Self.lines(Self.lint(text, orderId: "302-1234567-1234567"), in: text)
        #expect(lines == [Self.error("positive-review-request", "5-star")], "\(lines)")
        let twice = ReplyLint.unique([
            LintFinding(severity: .warning, rule: "marketing", message: "a", span: 3..<8),
            LintFinding(severity: .warning, rule: "marketing", message: "b", span: 5..<10),
            LintFinding(severity: .warning, rule: "feedback-request", message: "c", span: 5..<10),
        ])
        #expect(twice.map(\.rule) == ["marketing", "feedback-request"] && twice[0].span == 3..<10)
    }

    @Test func longRepliesStayFast() {
        // Every rule is a linear scan; a 100-fold reply must not take much more than 100 single ones.
        let long = String(repeating: Self.badAmazonReply + "\n", count: 100)
        let findings = Self.lint(long, orderId: "302-1234567-1234567")
        #expect(findings.count == 700)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = Self.lint(long, orderId: "302-1234567-1234567") }
        #expect(elapsed < .seconds(5))
    }
}
