import Foundation
import Testing
@testable import KefuModel

/// Weekly quotes never carry a postal address or a name from a greeting or sign-off, in every
/// language the classifier knows.
@Suite struct QuoteScrubTests {
    func q(_ body: String, name: String? = nil) -> String { BuyerQuote.excerpt(body, buyerName: name) ?? "<nil>" }

    @Test func greetingsWithANameAreDropped() {
        #expect(q("Hi John, the lamp arrived broken.") == "the lamp arrived broken.")
        #expect(q("Dear Mr. Smith,\nthe lamp arrived broken.") == "the lamp arrived broken.")
        #expect(q("Hallo Herr Müller, die Lampe ist kaputt.") == "die Lampe ist kaputt.")
        #expect(q("Sehr geehrte Frau Schmidt,\ndie Lampe ist kaputt.") == "die Lampe ist kaputt.")
        #expect(q("Bonjour Jean, la lampe est cassée.") == "la lampe est cassée.")
        #expect(q("Ciao Marco! La lampada è rotta.") == "La lampada è rotta.")
        #expect(q("Hola Ana, la lámpara llegó rota.") == "la lámpara llegó rota.")
        #expect(q("山田様、ランプが壊れていました。") == "ランプが壊れていました。")
        #expect(q("王先生，灯坏了。") == "灯坏了。")
        #expect(q("您好，灯坏了。") == "灯坏了。")
        // A word that only starts like a greeting stays.
        #expect(q("Hinweis: the lamp arrived broken.") == "Hinweis: the lamp arrived broken.")
    }

    @Test func signOffsAndSignaturesAreDropped() {
        #expect(q("The lamp arrived broken.\nThanks, Mary Smith") == "The lamp arrived broken.")
        #expect(q("The lamp arrived broken. Thanks, Mary") == "The lamp arrived broken.")
        #expect(q("The lamp arrived broken.\nBest regards\nJohn Miller\n12 Elm Road") == "The lamp arrived broken.")
        #expect(q("Die Lampe ist kaputt.\nMit freundlichen Grüßen\nHans Müller") == "Die Lampe ist kaputt.")
        #expect(q("Die Lampe ist kaputt.\nViele Grüße, Anna") == "Die Lampe ist kaputt.")
        #expect(q("La lampe est cassée.\nCordialement, Jean") == "La lampe est cassée.")
        #expect(q("La lampada è rotta.\nSaluti, Giulia Rossi") == "La lampada è rotta.")
        #expect(q("La lámpara llegó rota.\nSaludos, Carmen") == "La lámpara llegó rota.")
        #expect(q("ランプが壊れていました。\nよろしくお願いします 山田") == "ランプが壊れていました。")
        #expect(q("灯坏了。\n谢谢 王伟") == "灯坏了。")
        #expect(q("灯坏了。谢谢王伟") == "灯坏了。")
        #expect(q("The lamp arrived broken.\nPeter Brown") == "The lamp arrived broken.")
        // Thanks that begin a sentence are words, not a sign-off.
        #expect(q("Thanks for the quick reply, but the lamp is still broken.") == "Thanks for the quick reply, but the lamp is still broken.")
        #expect(q("谢谢你们的帮助，灯还是坏的。") == "谢谢你们的帮助，灯还是坏的。")
        #expect(q("Die Bestellung kam kaputt an.") == "Die Bestellung kam kaputt an.")
        #expect(q("物流停了七天以上") == "物流停了七天以上")
        #expect(q("ランプが壊れていました。\n以上\n山田太郎") == "ランプが壊れていました。")
    }

    @Test func aHugeMessageIsReadOnlyAsFarAsTheQuoteCanReach() {
        let huge = "灯坏了。" + String(repeating: "谢谢你们的帮助。", count: 250_000) + "\n谢谢 王伟"
        let quote = q(huge)
        #expect(quote.hasPrefix("灯坏了。谢谢你们的帮助。") && quote.hasSuffix("…") && quote.count <= BuyerQuote.maxLength)
        #expect(q(String(repeating: "Hauptstraße 5, 10115 Berlin. ", count: 100_000)).hasPrefix("[address]. [address]. [address]."))
    }

    @Test func postalAddressesAreReplaced() {
        #expect(q("Please send it to 123 Main Street, Springfield, IL 62704 instead.") == "Please send it to [address] instead.")
        #expect(q("New address: 221B Baker Street, London NW1 6XE.") == "New address: [address].")
        #expect(q("Ship to 42 Elm Road Apt 4B please") == "Ship to [address] please")
        #expect(q("My flat is Suite 200 now") == "My flat is [address] now")
        #expect(q("Bitte an Hauptstraße 5, 10115 Berlin schicken.") == "Bitte an [address] schicken.")
        #expect(q("Neue Adresse Musterstr. 12a, 80331 München.") == "Neue Adresse [address].")
        #expect(q("Envoyez-la au 12 rue de la Paix, 75002 Paris.") == "Envoyez-la au [address].")
        #expect(q("Spedite a Via Roma 10, 00184 Roma.") == "Spedite a [address].")
        #expect(q("Mi dirección es Calle Mayor 5, 28013 Madrid.") == "Mi dirección es [address].")
        #expect(q("住所は〒100-0001 東京都千代田区千代田1-1です。") == "住所は[address]です。")
        #expect(q("送り先：東京都港区六本木1丁目2番3号") == "送り先：[address]")
        #expect(q("请寄到北京市朝阳区建国路88号，邮编100020。") == "请寄到[address]，[address]。")
        #expect(q("地址：广东省深圳市南山区科技园路1号") == "地址：[address]")
        #expect(q("Send to 123 Main St. Springfield, IL 62704 please") == "Send to [address] please")
        // Two addresses in one line are two, and the words between them stay.
        #expect(q("Old: 12 Elm Road Apt 4. New: 42 Oak Street, Boston, MA 02108. Thanks for checking") == "Old: [address]. New: [address]. Thanks for checking")
        // Numbers that are not addresses stay, and so do words that name a flat without its number.
        #expect(q("it went to my old flat (I moved 2 weeks ago)") == "it went to my old flat (I moved 2 weeks ago)")
        #expect(q("I bought 2 lamps and 12345 units of patience") == "I bought 2 lamps and 12345 units of patience")
        #expect(q("I contacted you via email 3 times") == "I contacted you via email 3 times")
        #expect(q("我买了2个灯，都坏了。") == "我买了2个灯，都坏了。")
    }
}
