import Foundation
import XCTest
@testable import KefuModel
@testable import KefuMail

/// Inbound mail parsing: headers and encoded words, charsets, transfer encodings, multipart trees,
/// HTML-only notices, hostile input and size. All fixtures are written here by hand.
final class MIMEParserTests: XCTestCase {
    // MARK: Helpers

    /// `text` with "\n" turned into CRLF (the wire form) unless `crlf` is false.
    func parse(_ text: String, crlf: Bool = true) -> ParsedMail {
        MIMEParser.parse(Data((crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text).utf8))
    }

    func hex(_ s: String) -> [UInt8] {
        let digits = Array(s.filter { !$0.isWhitespace }.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map {
            UInt8(String(decoding: digits[$0...($0 + 1)], as: UTF8.self), radix: 16)!
        }
    }

    /// A single-part text/plain message whose body is `body` in charset `label`.
    func mail(charset label: String, body: [UInt8], encoding: String = "8bit") -> ParsedMail {
        let head = "From: a@b.de\r\nSubject: t\r\nContent-Type: text/plain; charset=\(label)\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n"
        return MIMEParser.parse(Data(head.utf8) + Data(body))
    }

    // MARK: Headers

    func testFoldedSubjectWithBAndQWordsMixedWithPlainText() {
        let m = parse("""
        From: a@b.de
        Subject: Re: =?UTF-8?Q?R=C3=BCckerstattung_f=C3=BCr?=
         =?utf-8?b?IEJlc3RlbGx1bmc=?= 302-1234567
        X-Glued: Hallo =?UTF-8?Q?Welt?= !
        X-Split-Char: =?UTF-8?B?UsM=?=  \t =?UTF-8?B?vGNrZ2FiZQ==?=
        X-Lang: =?UTF-8*de?Q?Gr=C3=BC=C3=9Fe?= aus =?iso-8859-1?q?K=F6ln?=
        X-Two-Charsets: =?iso-8859-1?Q?Stra=DFe?= =?UTF-8?Q?_=E2=82=AC?=

        body
        """)
        XCTAssertEqual(m.subject, "Re: Rückerstattung für Bestellung 302-1234567")
        XCTAssertEqual(m.header("x-glued"), "Hallo Welt !")
        XCTAssertEqual(m.header("X-SPLIT-CHAR"), "Rückgabe", "bytes of adjacent words are joined before decoding")
        XCTAssertEqual(m.header("X-Lang"), "Grüße aus Köln")
        XCTAssertEqual(m.header("X-Two-Charsets"), "Straße €")
        XCTAssertEqual(m.headers.map(\.name), ["From", "Subject", "X-Glued", "X-Split-Char", "X-Lang", "X-Two-Charsets"])
        XCTAssertEqual(m.text, "body")
        XCTAssertEqual(m.warnings, [])
    }

    func testJapaneseISO2022JPAndGBKSubjects() {
        let m = parse("""
        Subject: =?ISO-2022-JP?B?GyRCSlZJSiRLJEQkJCRGGyhC?= (No.5)
        X-Chinese: =?GB2312?B?zcu/7snqx+s=?=
        From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <abc123@marketplace.amazon.co.jp>

        x
        """)
        XCTAssertEqual(m.subject, "返品について (No.5)")
        XCTAssertEqual(m.header("X-Chinese"), "退款申请")
        XCTAssertEqual(m.from, MailAddress(name: "山田 太郎", address: "abc123@marketplace.amazon.co.jp"))
    }

    func testAddressesIDsAndDates() {
        let m = parse("""
        From: "Weber, Markus - Amazon Marketplace" <abc@marketplace.amazon.de>
        To: "Shop, Service" <service@shop.de>, plain@shop.de (Plain Name), Team: a@shop.de, <b@shop.de>;
        Message-ID: <amzn-1@marketplace.amazon.de>
        In-Reply-To: <kefu.K-1.1@kefu.local> <other@x>
        References: <r1@x>
         <r2@x> <kefu.K-1.1@kefu.local>
        Date: Tue, 3 Feb 2026 10:00:00 +0900 (JST)

        x
        """)
        XCTAssertEqual(m.from, MailAddress(name: "Weber, Markus - Amazon Marketplace", address: "abc@marketplace.amazon.de"))
        XCTAssertEqual(m.to, [MailAddress(name: "Shop, Service", address: "service@shop.de"),
                              MailAddress(name: "Plain Name", address: "plain@shop.de"),
                              MailAddress(address: "a@shop.de"), MailAddress(address: "b@shop.de")])
        XCTAssertEqual(m.messageID, "amzn-1@marketplace.amazon.de")
        XCTAssertEqual(m.inReplyTo, "kefu.K-1.1@kefu.local")
        XCTAssertEqual(m.references, ["r1@x", "r2@x", "kefu.K-1.1@kefu.local"])
        XCTAssertEqual(m.date, ISO8601DateFormatter().date(from: "2026-02-03T01:00:00Z"))

        let utc = { (s: String) in ISO8601DateFormatter().date(from: s) }
        XCTAssertEqual(MailDate.parse("3 Feb 26 10:00 GMT"), utc("2026-02-03T10:00:00Z"))
        XCTAssertEqual(MailDate.parse("Tue, 03 Feb 2026 10:00:00 EST"), utc("2026-02-03T15:00:00Z"))
        XCTAssertEqual(MailDate.parse("Tue, 03 Feb 2026 10:00:00 -0130"), utc("2026-02-03T11:30:00Z"))
        XCTAssertEqual(MailDate.parse("Tue Feb  3 10:00:00 2026"), utc("2026-02-03T10:00:00Z"))
        XCTAssertEqual(MailDate.parse("Mon, 1 Jan 99 00:00:00 PDT"), utc("1999-01-01T07:00:00Z"))
        XCTAssertNil(MailDate.parse("Tue, 31 Feb 2026 10:00:00 +0000"))
        XCTAssertNil(MailDate.parse("yesterday"))
        XCTAssertNil(MailDate.parse("Tue, 3 Feb 2026 99:00:00 +0000"))
        XCTAssertNil(MailDate.parse(""))
        // Missing or bracket-less ids.
        XCTAssertEqual(parse("Message-ID: bare-id@x\n\nx").messageID, "bare-id@x")
        XCTAssertNil(parse("Subject: s\n\nx").messageID)
    }

    // MARK: Charsets

    func testEachCharsetDecodesAHandWrittenSample() {
        let samples: [(String, String, String)] = [
            ("Shift_JIS", "93FA 967B 8CEA", "日本語"),
            ("x-sjis", "93FA 967B 8CEA", "日本語"),
            ("ISO-2022-JP", "1B2442 467C 4B5C 386C 1B2842", "日本語"),
            ("euc-jp", "C6FC CBDC B8EC", "日本語"),
            ("GBK", "D6D0 CEC4 CDCB BFEE", "中文退款"),
            ("gb2312", "D6D0 CEC4", "中文"),
            ("GB18030", "D6D0 CEC4", "中文"),
            ("Big5", "A4A4 A4E5", "中文"),
            ("EUC-KR", "C7D1 B1B9 BEEE", "한국어"),
            ("ks_c_5601-1987", "C7D1 B1B9 BEEE", "한국어"),
            ("ISO-8859-15", "5072 6569 73 20 A4 20 A6", "Preis € Š"),
            ("latin9", "A4", "€"),
            ("Windows-1252", "93 48 69 94 20 80", "“Hi” €"),
            ("cp1252", "80", "€"),
            ("ISO-8859-1", "47 72 FC DF 65", "Grüße"),
            ("latin1", "FC", "ü"),
            ("UTF-8", "47 72 C3 BC C3 9F 65", "Grüße"),
            ("\"utf8\"", "E2 82 AC", "€"),
            ("US-ASCII", "48 69", "Hi"),
        ]
        for (label, bytes, expected) in samples {
            let m = mail(charset: label, body: hex(bytes))
            XCTAssertEqual(m.text, expected, label)
            XCTAssertEqual(m.warnings, [], label)
        }
    }

    func testWrongAndUnknownCharsetLabelsFallBackWithAWarning() {
        let utf8 = mail(charset: "x-foo", body: Array("Grüße".utf8))
        XCTAssertEqual(utf8.text, "Grüße")
        XCTAssertEqual(utf8.warnings, ["unknown charset x-foo, read as UTF-8"])

        let cp1252 = mail(charset: "x-foo", body: hex("63 61 66 E9 20 80"))
        XCTAssertEqual(cp1252.text, "café €")
        XCTAssertEqual(cp1252.warnings, ["unknown charset x-foo, read as Windows-1252"])

        let mislabelled = mail(charset: "iso-8859-1", body: Array("Grüße".utf8))
        XCTAssertEqual(mislabelled.text, "Grüße")
        XCTAssertEqual(mislabelled.warnings, ["charset iso-8859-1 declared but text is UTF-8"])

        let undeclared = MIMEParser.parse(Data("Subject: x\r\n\r\ncaf".utf8) + Data([0xE9]))
        XCTAssertEqual(undeclared.text, "café")
        XCTAssertEqual(undeclared.warnings.count, 1)
    }

    func testInvalidBytesBecomeReplacementCharactersAndAWarning() {
        let m = mail(charset: "utf-8", body: hex("6F 6B 20 FF FE 20 C3 20 65 6E 64"))
        XCTAssertEqual(m.text, "ok \u{FFFD}\u{FFFD} \u{FFFD} end")
        XCTAssertEqual(m.warnings, ["invalid UTF-8 replaced"])

        // Shift_JIS with a lead byte followed by an invalid trail byte.
        let sjis = mail(charset: "shift_jis", body: hex("93FA 8120 967B"))
        XCTAssertTrue(sjis.text.hasPrefix("日"), sjis.text)
        XCTAssertTrue(sjis.text.hasSuffix("本"), sjis.text)
        XCTAssertTrue(sjis.text.contains("\u{FFFD}"), sjis.text)
        XCTAssertEqual(sjis.warnings, ["invalid bytes in shift_jis text replaced"])

        // Binary noise labelled Shift_JIS: given up on, read as Windows-1252.
        let noise = mail(charset: "shift_jis", body: (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919 ^ 0xA5) | 0x80 })
        XCTAssertFalse(noise.text.isEmpty)
        XCTAssertFalse(noise.warnings.isEmpty)
    }

    // MARK: Transfer encodings

    func testQuotedPrintableSoftBreaksInsideWordsAndBrokenEscapes() {
        let m = parse("""
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: Quoted-Printable

        Die R=C3=
        =BCcksendung ist ange=
        kommen. Preis: 5 =E2=82=AC, =e2=82=ac klein.  \t
        Kaputt: =ZZ und = Ende und =4
        """)
        XCTAssertEqual(m.text, "Die Rücksendung ist angekommen. Preis: 5 €, € klein.\nKaputt: =ZZ und = Ende und =4")
        XCTAssertEqual(m.warnings, [])
    }

    func testBase64BodyIgnoresWhitespaceAndGarbageAndToleratesMissingPadding() {
        let m = parse("""
        Content-Type: text/plain; charset="UTF-8"
        Content-Transfer-Encoding: base64

        RGFua2UgZsO8ciBJaHJlIEJlc3RlbGx1bmcuIERp
          ZSBSw7xja3NlbmR1bmcgaXN0IGFu*Z2Vrb21tZW4u

        """)
        XCTAssertEqual(m.text, "Danke für Ihre Bestellung. Die Rücksendung ist angekommen.")
        XCTAssertEqual(TransferDecoding.base64(Array("R3LDvMOfZQ".utf8)[...]), Array("Grüße".utf8))
        XCTAssertEqual(TransferDecoding.base64(Array("QQ==QkI=".utf8)[...]), Array("ABB".utf8), "concatenated padded blocks")
        XCTAssertEqual(TransferDecoding.base64Count(Array("R3LDvMOf\r\nZQ".utf8)[...]), 7)
    }

    // MARK: Multipart

    static let nested = """
    From: Markus Weber <abc@marketplace.amazon.de>
    To: service@shop.de
    Subject: Lampe kaputt
    MIME-Version: 1.0
    Content-Type: multipart/mixed;
     boundary="==outer=(1)"

    This is a multi-part message in MIME format.

    --==outer=(1)
    Content-Type: multipart/alternative; boundary=alt-2

    --alt-2
    Content-Type: text/plain; charset=utf-8
    Content-Transfer-Encoding: quoted-printable

    Hallo,
    die Lampe kam besch=C3=A4digt an.
    --alt-2
    Content-Type: multipart/related; boundary="rel 3"

    --rel 3
    Content-Type: text/html; charset=utf-8

    <p>Hallo,<br>die Lampe kam <b>besch&auml;digt</b> an.</p><img src="cid:x">
    --rel 3
    Content-Type: image/png
    Content-ID: <x>
    Content-Transfer-Encoding: base64

    AAECAwQFBgcICQ==
    --rel 3--
    --alt-2--

    --==outer=(1)
    Content-Type: application/pdf
    Content-Disposition: attachment;
     filename*0*=utf-8''R%C3%BCcksende;
     filename*1="schein.pdf"
    Content-Transfer-Encoding: base64

    JVBERi0xLjQg
    dGVzdA==
    --==outer=(1)
    Content-Type: image/png; name="=?UTF-8?B?6aCY5Y+O5pu4LnBuZw==?="
    Content-Transfer-Encoding: base64

    AAECAwQFBgcICQ
    --==outer=(1)
    Content-Type: text/plain; charset=utf-8
    Content-Disposition: attachment; filename="notes.txt"

    line one
    line two
    --==outer=(1)--
    epilogue, ignored
    """

    func testNestedMultipartWithTextHTMLAndAttachments() {
        let m = parse(Self.nested)
        XCTAssertEqual(m.subject, "Lampe kaputt")
        XCTAssertEqual(m.from, MailAddress(name: "Markus Weber", address: "abc@marketplace.amazon.de"))
        XCTAssertEqual(m.text, "Hallo,\ndie Lampe kam beschädigt an.")
        XCTAssertEqual(m.attachments, [
            // The image the HTML shows by Content-ID: a buyer's photo too, listed (and kept) as inline.
            MailAttachment(filename: nil, mimeType: "image/png", size: 10, inline: true),
            MailAttachment(filename: "Rücksendeschein.pdf", mimeType: "application/pdf", size: 13),
            MailAttachment(filename: "領収書.png", mimeType: "image/png", size: 10),
            MailAttachment(filename: "notes.txt", mimeType: "text/plain", size: 18),
        ])
        XCTAssertEqual(m.warnings, [])
    }

    func testHTMLIsUsedWhenThereIsNoPlainPart() {
        let m = parse(Self.nested.replacingOccurrences(of: "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted",
                                                       with: "Content-Type: text/x-other; charset=utf-8\nContent-Transfer-Encoding: quoted"))
        XCTAssertEqual(m.text, "Hallo,\ndie Lampe kam beschädigt an.")
    }

    func testHTMLOnlyAmazonStyleNoticeBecomesReadableText() {
        let m = parse("""
        From: "Amazon Seller Central" <seller-notification@amazon.de>
        Subject: =?UTF-8?Q?R=C3=BCcksendung_angefordert?=
        Content-Type: multipart/alternative; boundary="----=_Part_123_456.789"

        ------=_Part_123_456.789
        Content-Type: text/html; charset=UTF-8
        Content-Transfer-Encoding: quoted-printable

        <!DOCTYPE html><html><head><meta charset=3D"utf-8"><title>Amazon Titel</tit=
        le><style type=3D"text/css">body { color: #333; } td { padding: 0 }</style>=
        </head>
        <body><!-- header --><table width=3D"100%"><tr><td><h1>R&uuml;cksendung angefo=
        rdert</h1></td></tr>
        <tr><td>Bestellnummer:&nbsp;302-1234567-1234567</td></tr></table>
        <p>Der K&auml;ufer hat eine R&uuml;cksendung&nbsp;angefordert.
           Grund:   &quot;Artikel defekt&quot;</p>
        <ul><li>Schreibtischlampe LED &times; 1</li><li>Betrag: 34,99&nbsp;&euro;</li></ul>
        <div>Caf&eacute; &amp; Co &#39;s &#x2019; &#8364; &lt;ok&gt;</div><br><br><br><br>
        <div><a href=3D"https://sellercentral.amazon.de/messaging/reply?id=3D1&amp;t=3D2">Nachricht =
        beantworten</a> oder <a href=3D"https://www.amazon.de">amazon.de</a></div>
        <script>var x =3D "<p>hidden</p>";</script>
        </body></html>
        ------=_Part_123_456.789--
        """)
        XCTAssertEqual(m.subject, "Rücksendung angefordert")
        XCTAssertEqual(m.text, """
        Rücksendung angefordert

        Bestellnummer: 302-1234567-1234567

        Der Käufer hat eine Rücksendung angefordert. Grund: "Artikel defekt"

        - Schreibtischlampe LED × 1
        - Betrag: 34,99 €
        Café & Co 's ’ € <ok>

        Nachricht beantworten (https://sellercentral.amazon.de/messaging/reply?id=1&t=2) oder amazon.de
        """)
        XCTAssertEqual(m.warnings, [])
    }

    func testMissingClosingBoundaryKeepsWhatIsThere() {
        let cut = Self.nested.components(separatedBy: "--==outer=(1)\nContent-Type: image/png")[0]
            + "--==outer=(1)\nContent-Type: image/png; name=\"x.png\"\nContent-Transfer-Encoding: base64\n\nAAECAw"
        let m = parse(cut)
        XCTAssertEqual(m.text, "Hallo,\ndie Lampe kam beschädigt an.")
        XCTAssertEqual(m.attachments.map(\.filename), [nil, "Rücksendeschein.pdf", "x.png"])
        XCTAssertEqual(m.attachments.last?.size, 4)
        XCTAssertEqual(m.warnings, ["truncated multipart"])
    }

    // MARK: Hostile input

    func testHeaderlessGarbageAndTruncatedInputNeverCrash() {
        let headerless = parse("Hallo, ich habe eine Frage zur Bestellung.\nZweite Zeile", crlf: false)
        XCTAssertEqual(headerless.text, "Hallo, ich habe eine Frage zur Bestellung.\nZweite Zeile")
        XCTAssertEqual(headerless.headers, [])
        XCTAssertEqual(headerless.warnings, ["no header section, read as text"])

        // Headers, then body text without the blank line.
        let noBlank = parse("Subject: Frage\nFrom: a@b.de\nIch habe eine Frage.\n")
        XCTAssertEqual(noBlank.subject, "Frage")
        XCTAssertEqual(noBlank.text, "Ich habe eine Frage.\n")

        let onlyHeaders = parse("Subject: nur Kopf\nFrom: a@b.de")
        XCTAssertEqual(onlyHeaders.subject, "nur Kopf")
        XCTAssertEqual(onlyHeaders.text, "")

        XCTAssertEqual(MIMEParser.parse(Data()).text, "")
        let boundaryless = parse("Content-Type: multipart/mixed\n\nplain after all")
        XCTAssertEqual(boundaryless.text, "plain after all")
        XCTAssertEqual(boundaryless.warnings, ["multipart without boundary, read as text"])

        // Deterministic binary garbage, raw and behind MIME headers.
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let garbage = (0..<200_000).map { _ -> UInt8 in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: seed >> 33)
        }
        _ = MIMEParser.parse(Data(garbage))
        let g = MIMEParser.parse(Data("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n".utf8) + Data(garbage))
        XCTAssertTrue(g.warnings.contains("truncated multipart"))

        // Every prefix of a real message (stride 3) parses.
        let full = Array(Self.nested.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        for n in stride(from: 0, through: full.count, by: 3) {
            let m = MIMEParser.parse(Data(full[0..<n]))
            if n > 300 { XCTAssertEqual(m.subject, "Lampe kaputt") }
        }

        // Hostile nesting: 1,000 levels of multipart.
        var deep = "Content-Type: multipart/mixed; boundary=b0\n\n"
        for i in 1...1000 { deep += "--b\(i - 1)\nContent-Type: multipart/mixed; boundary=b\(i)\n\n" }
        XCTAssertTrue(parse(deep).warnings.contains("multipart nested deeper than 32 levels, inner parts kept as raw text"))
    }

    func testCRLFAndLFGiveTheSameResult() {
        let lf = parse(Self.nested, crlf: false)
        let crlf = parse(Self.nested, crlf: true)
        XCTAssertEqual(lf.text, crlf.text)
        XCTAssertEqual(lf.subject, crlf.subject)
        XCTAssertEqual(lf.attachments, crlf.attachments)
        XCTAssertEqual(lf.headers, crlf.headers)
        XCTAssertFalse(crlf.text.contains("\r"))
        let plain = parse("Subject: s\n\nzwei\nZeilen\r\nund CR\rEnde", crlf: false)
        XCTAssertEqual(plain.text, "zwei\nZeilen\nund CR\nEnde")
    }

    // MARK: Size

    func testTwentyMegabyteMessagesParseQuickly() {
        let line = "Zeile: Grüße aus Köln, die Lampe ist kaputt. 0123456789 abcdefghijklmnopqrstuvwxyz\r\n"
        let count = 20_000_000 / line.utf8.count
        var body = Data(capacity: 20_100_000)
        body.append(Data("From: a@b.de\r\nSubject: gross\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n".utf8))
        let lineData = Data(line.utf8)
        for _ in 0..<count { body.append(lineData) }
        var start = Date()
        let m = MIMEParser.parse(body)
        let plainTime = Date().timeIntervalSince(start)
        XCTAssertEqual(m.subject, "gross")
        XCTAssertEqual(m.text.utf8.count, count * (line.utf8.count - 1))
        XCTAssertTrue(m.text.hasPrefix("Zeile: Grüße aus Köln"))
        XCTAssertTrue(m.text.hasSuffix("xyz\n"))

        // A short text part and a 20 MB base64 attachment.
        var big = Data("Subject: anhang\r\nContent-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\n".utf8)
        big.append(Data("Content-Type: text/plain; charset=utf-8\r\n\r\nSiehe Anhang.\r\n--zz\r\n".utf8))
        big.append(Data("Content-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8))
        let b64Line = Data((String(repeating: "QUJD", count: 19) + "\r\n").utf8) // 57 decoded bytes per line
        let lines = 20_000_000 / b64Line.count
        for _ in 0..<lines { big.append(b64Line) }
        big.append(Data("--zz--\r\n".utf8))
        start = Date()
        let a = MIMEParser.parse(big)
        let attachmentTime = Date().timeIntervalSince(start)
        XCTAssertEqual(a.text, "Siehe Anhang.")
        XCTAssertEqual(a.attachments, [MailAttachment(filename: "big.bin", mimeType: "application/octet-stream", size: lines * 57)])
        XCTAssertLessThan(plainTime, 2)
        XCTAssertLessThan(attachmentTime, 2)
    }
}
