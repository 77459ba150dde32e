import Foundation
import KefuCategories
import KefuMail

/// The pieces of mail intake built so far: MIME parsing and category suggestion, on synthetic mail.
/// (Issue 6's target of 2,000 messages/s is for the whole import; parsing is one part of it.)
enum IntakeBench {
    static func run() {
        let body = String(repeating: "Hallo, die Lampe kam kaputt an. Der Schalter funktioniert nicht, bitte Ersatz. ", count: 60)
        let plain = Data(("From: =?UTF-8?Q?M=C3=BCller?= <abc@marketplace.amazon.de>\r\nTo: shop@example.com\r\n"
            + "Subject: =?UTF-8?B?TGFtcGUga2FwdXR0?=\r\nMessage-ID: <m1@amazon.de>\r\nDate: Sat, 21 Nov 2026 10:00:00 +0100\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + body).utf8)
        let html = Data(("From: seller-notification@amazon.de\r\nSubject: Notice\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\n<html><head><style>p{x:y}</style></head><body>"
            + String(repeating: "<div><p>Bestellnummer 302-1234567-1234567 &amp; R=C3=BCckgabe</p><table><tr><td>A</td></tr></table></div>", count: 50)
            + "</body></html>\r\n--b1--\r\n").utf8)
        for (name, mail) in [("plain text, \(plain.count / 1024) KB", plain), ("HTML notice, \(html.count / 1024) KB", html)] {
            let n = 3000
            let ms = Measure.ms { for _ in 0..<n { _ = MIMEParser.parse(mail) } }
            print(String(format: "%-52@ %10.0f msg/s  (no target of its own: part of the import's 2,000 msg/s)",
                         "MIME parse, \(name)" as NSString, Double(n) / ms * 1000))
        }
        let first = Measure.ms { _ = CategorySuggester.suggest(text: "warm-up") }
        print(String(format: "%-52@ %10.1f ms", "category cue index, first use" as NSString, first))
        var text = ""
        while text.utf8.count < 1024 { text += "The lamp arrived yesterday, the box was fine but the switch does not work. Replacement please? " }
        let n = 5000
        let ms = Measure.ms { for _ in 0..<n { _ = CategorySuggester.suggest(text: text) } }
        print(String(format: "%-52@ %10.0f /s", "category suggestions (1 KB text)" as NSString, Double(n) / ms * 1000))
    }
}
