import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuMail
@testable import KefuDemo

/// The queue's excerpt (issue 17: 13 of 28 rows showed only "Hallo,", "Bonjour,", "您好，", "Dear Seller,").
@Suite struct BuyerWordsTests {
    /// One row per language and greeting style: the body, then the line the queue must show.
    static let greetings: [(language: String, body: String, words: String)] = [
        ("en", "Dear Seller,\n\nThe lamp arrived broken.", "The lamp arrived broken."),
        ("en", "Hi there\nWhere is my parcel?", "Where is my parcel?"),
        ("en", "Hello John, the lamp arrived broken.", "the lamp arrived broken."),
        ("en", "Good morning!\nI ordered the wrong size.", "I ordered the wrong size."),
        ("en", "To whom it may concern,\nthe box was empty.", "the box was empty."),
        ("de", "Hallo,\n\nmeine Lampe kam kaputt an.", "meine Lampe kam kaputt an."),
        ("de", "Sehr geehrte Damen und Herren,\ndie Lieferung fehlt.", "die Lieferung fehlt."),
        ("de", "Guten Abend\nder Deckel fehlt.", "der Deckel fehlt."),
        ("fr", "Bonjour,\nPouvez-vous changer l'adresse ?", "Pouvez-vous changer l'adresse ?"),
        ("fr", "Bonjour Madame, le colis n'est pas arrivé.", "le colis n'est pas arrivé."),
        ("es", "Hola,\nEl producto llegó tarde.", "El producto llegó tarde."),
        ("es", "Buenos días:\nfalta una pieza.", "falta una pieza."),
        ("it", "Buongiorno,\nvorrei annullare l'ordine.", "vorrei annullare l'ordine."),
        ("it", "Gentile venditore,\nil pacco è danneggiato.", "il pacco è danneggiato."),
        ("ja", "こんにちは\n商品が届きません。", "商品が届きません。"),
        ("ja", "お世話になっております。\n炊飯器のタイマーが動きません。", "炊飯器のタイマーが動きません。"),
        ("ja", "山田様、\n箱が潰れていました。", "箱が潰れていました。"),
        ("zh", "您好，\n收到的台灯不亮。", "收到的台灯不亮。"),
        ("zh", "你好，收到的椅子有一个轮子坏了。", "收到的椅子有一个轮子坏了。"),
        ("zh", "尊敬的卖家：\n我还没有收到包裹。", "我还没有收到包裹。"),
        ("pt", "Olá,\no produto chegou quebrado.", "o produto chegou quebrado."),
        ("nl", "Goedemiddag,\nhet pakket is niet aangekomen.", "het pakket is niet aangekomen."),
        ("pl", "Dzień dobry,\npaczka nie dotarła.", "paczka nie dotarła."),
        ("sv", "Hej,\npaketet har inte kommit.", "paketet har inte kommit."),
    ]

    @Test(arguments: greetings.indices)
    func theGreetingIsSkipped(_ i: Int) {
        let g = Self.greetings[i]
        #expect(BuyerWords.firstLine(g.body) == g.words, "\(g.language): \(g.body.debugDescription)")
    }

    @Test func quoteHeadersSignaturesAndSignOffsAreNotTheBuyersWords() {
        #expect(BuyerWords.firstLine("Hi,\n\nOn Fri, 20 Nov 2026, Lumen Home <s@x.example> wrote:\n> We shipped it.") == nil)
        #expect(BuyerWords.firstLine("Am 20.11.2026 um 09:12 schrieb Lampen-Shop:\n> Danke") == nil)
        #expect(BuyerWords.firstLine("Hallo,\n\nGesendet von meinem iPhone") == nil)
        #expect(BuyerWords.firstLine("Hi,\nSent from my iPhone") == nil)
        #expect(BuyerWords.firstLine("Thanks, Mary") == nil)
        #expect(BuyerWords.firstLine("Hi,\nStill broken. Thanks, Mary") == "Still broken.")
        #expect(BuyerWords.firstLine("Thanks, waiting for the parcel 👍") == "Thanks, waiting for the parcel 👍")
        #expect(BuyerWords.firstLine("------------- Begin message -------------\nHallo,\nWo bleibt mein Paket?") == "Wo bleibt mein Paket?")
        // A word that merely starts like a greeting is the buyer's.
        #expect(BuyerWords.firstLine("Hinweis: der Stecker fehlt") == "Hinweis: der Stecker fehlt")
        #expect(BuyerWords.firstLine("Hello\n\n") == nil)
        #expect(BuyerWords.firstLine("Mr. Smith,\nStill broken!") == "Still broken!")
    }

    /// The demo's queue, which the agent saw: every case that has buyer words shows them.
    @Test func noDemoRowShowsAGreeting() {
        let cases = DemoData.cases(now: ISO8601.parse("2026-11-21T10:00:00Z")!)
        var greetingFirst = 0
        for c in cases {
            guard let m = c.messages.last(where: { $0.direction == .inbound }) else { continue }
            let first = m.body.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if BuyerQuote.isGreeting(first) { greetingFirst += 1 }
            let words = BuyerWords.firstLine(m.body)
            #expect(words != nil, "\(c.id): no words in \(m.body.debugDescription)")
            if let words { #expect(!BuyerWords.isSalutation(words) && QuoteScrub.stripGreeting(words) == words, "\(c.id): \(words)") }
        }
        #expect(greetingFirst >= 10, "the demo is the day the issue describes: many messages open with a greeting")
    }
}
