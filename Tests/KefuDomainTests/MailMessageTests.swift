import Foundation
import Testing
@testable import KefuBase
@testable import KefuMail
import KefuImport

/// Outgoing mail: the rendered RFC 5322 message, quoted-printable and encoded words, reply subjects,
/// Message-IDs and the outbox.
@Suite struct MailMessageTests {
    static let saturday = ISO8601.parse("2026-11-21T10:00:00Z")!

    static func reply(subject: String = "Re: Schreibtischlampe beschädigt – Rückerstattung für Ihre Bestellung (Größe M)",
                      body: String = "Sehr geehrter Herr Yamada,\n\nes tut uns leid.\nヤマダ様、申し訳ございません。\n",
                      date: Date = saturday, messageID: String = "kefu.K-1042.20261121T100000Z.3f9a@kefu.local") -> MailMessage {
        MailMessage(from: MailAddress(name: "Müller Leuchten GmbH", address: "service@mueller-leuchten.de"),
                    to: MailAddress(name: "山田 太郎", address: "abc123@marketplace.amazon.co.jp"),
                    subject: subject, date: date, messageID: messageID,
                    inReplyTo: "amzn-msg-1@marketplace.amazon.co.jp",
                    references: ["amzn-msg-0@marketplace.amazon.co.jp", "amzn-msg-1@marketplace.amazon.co.jp"],
                    body: body, extraHeaders: [("X-Kefu-Case", "K-1042")])
    }

    // MARK: Rendered message

    @Test func replyHeadersAreRFC5322AndEncodedTextDecodesBack() throws {
        let mail = Self.reply()
        let text = mail.rendered()
        let (head, body) = try Self.split(text)
        #expect(head.first == "Date: Sat, 21 Nov 2026 10:00:00 +0000")
        #expect(Self.fieldNames(head) == ["Date", "From", "To", "Subject", "Message-ID", "In-Reply-To", "References",
                                         "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "X-Kefu-Case"])
        // Encoded words decode to the original; the shorter of Q and B is used (Q for the mostly-Latin
        // name below, base64 for Japanese).
        let subject = try #require(Self.field("Subject", head))
        #expect(subject.hasPrefix("=?UTF-8?") && Self.decodeWords(subject) == mail.subject)
        let from = try #require(Self.field("From", head))
        #expect(from.hasPrefix("=?UTF-8?Q?") && from.hasSuffix(" <service@mueller-leuchten.de>"))
        #expect(Self.decodeWords(String(from.dropLast(" <service@mueller-leuchten.de>".count))) == "Müller Leuchten GmbH")
        let to = try #require(Self.field("To", head))
        #expect(to.hasPrefix("=?UTF-8?B?") && to.hasSuffix(" <abc123@marketplace.amazon.co.jp>"))
        #expect(Self.decodeWords(String(to.dropLast(" <abc123@marketplace.amazon.co.jp>".count))) == "山田 太郎")
        #expect(Self.field("Message-ID", head) == "<kefu.K-1042.20261121T100000Z.3f9a@kefu.local>")
        #expect(Self.field("In-Reply-To", head) == "<amzn-msg-1@marketplace.amazon.co.jp>")
        #expect(Self.field("References", head) == "<amzn-msg-0@marketplace.amazon.co.jp> <amzn-msg-1@marketplace.amazon.co.jp>")
        #expect(Self.field("MIME-Version", head) == "1.0")
        #expect(Self.field("Content-Type", head) == "text/plain; charset=UTF-8")
        #expect(Self.field("Content-Transfer-Encoding", head) == "quoted-printable")
        #expect(Self.field("X-Kefu-Case", head) == "K-1042")
        #expect(head.allSatisfy { $0.utf8.count <= 78 }, "\(head.filter { $0.utf8.count > 78 })")
        #expect(Self.lines(body).allSatisfy { $0.utf8.count <= 76 })
        #expect(Self.hasOnlyCRLF(text) && text.hasSuffix("\r\n"))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "8-bit clean: everything non-ASCII is encoded")
        #expect(String(decoding: MIMEEncoding.decodeQuotedPrintable(body), as: UTF8.self) == mail.body)
    }

    @Test func longJapaneseSubjectSplitsIntoWordsOfWholeCharactersWithinLineLimits() throws {
        let subject = "Re: ご注文の商品が破損して届きました。返品と返金の手続きについてご案内いたします 👨‍👩‍👧 よろしくお願いいたします"
        let (head, _) = try Self.split(Self.reply(subject: subject).rendered())
        let raw = try #require(Self.rawField("Subject", head))
        let words = raw.split(whereSeparator: { $0 == " " || $0 == "\r\n" })
        #expect(words.count >= 3)
        for word in words {
            #expect(word.utf8.count <= 75)
            // Each word is valid UTF-8 on its own: no character was cut between two words.
            #expect(Self.decodeWord(word).flatMap { String(data: $0, encoding: .utf8) } != nil, "\(word)")
        }
        #expect(Self.decodeWords(raw) == subject)
        #expect(head.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func dateHeaderIsEnglishUTCAndMatchesAPOSIXFormatter() {
        #expect(MailMessage.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailMessage.rfc5322Date(Date(timeIntervalSince1970: -1)) == "Wed, 31 Dec 1969 23:59:59 +0000")
        #expect(MailMessage.rfc5322Date(ISO8601.parse("2028-02-29T23:59:59.999Z")!) == "Tue, 29 Feb 2028 23:59:59 +0000")
        let posix = DateFormatter()
        posix.locale = Locale(identifier: "en_US_POSIX")
        posix.timeZone = TimeZone(identifier: "UTC")
        posix.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...4_102_444_800, using: &rng)))
            #expect(MailMessage.rfc5322Date(date) == posix.string(from: date))
        }
    }

    @Test func plainASCIISubjectStaysReadableAndLongOnesFoldAtSpaces() throws {
        #expect(MIMEEncoding.encodedWords("Re: Where is my parcel? (Order: 302-1234567-1234567)") == "Re: Where is my parcel? (Order: 302-1234567-1234567)")
        let long = "Re: Your question about the replacement   lamp shade, the missing screws and the refund for order 302-1234567-1234567  "
        let folded = MIMEEncoding.encodedWords(long, column: 9)
        #expect(!folded.contains("=?") && folded.contains("\r\n "))
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines[0].utf8.count + 9 <= 78 && lines.dropFirst().allSatisfy { $0.utf8.count <= 78 && $0.hasPrefix(" ") })
        #expect(folded.replacingOccurrences(of: "\r\n", with: "") == long, "unfolding restores the text exactly")
    }

    @Test func headerInjectionAndLookalikeWordsAreEncoded() throws {
        let evil = "Refund\r\nBcc: everyone@example.com"
        let (head, _) = try Self.split(Self.reply(subject: evil).rendered())
        #expect(!head.contains { $0.hasPrefix("Bcc") })
        // The line break itself never leaves: header text carries no control character (issue 14).
        #expect(Self.field("Subject", head) == "Refund Bcc: everyone@example.com")
        // Literal "=?" would be read as an encoded word, a word too long to fold would break the line limit.
        for text in ["Price =?UTF-8?B?Zm9v?= not a word", String(repeating: "x", count: 90)] {
            let value = MIMEEncoding.encodedWords(text, column: 9)
            #expect(value.hasPrefix("=?UTF-8?") && Self.decodeWords(value) == text)
            #expect(value.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 - 9 })
        }
    }

    @Test func addressesQuoteEscapeAndSanitize() {
        #expect(MIMEEncoding.address(MailAddress(name: "Markus Weber", address: "abc@marketplace.amazon.de")) == "\"Markus Weber\" <abc@marketplace.amazon.de>")
        #expect(MIMEEncoding.address(MailAddress(name: #"Weber, "Max" \ Co"#, address: "a@b.de")) == #""Weber, \"Max\" \\ Co" <a@b.de>"#)
        #expect(MIMEEncoding.address(MailAddress(name: nil, address: "a@b.de")) == "a@b.de")
        #expect(MIMEEncoding.address(MailAddress(name: "  ", address: "a@b.de")) == "a@b.de")
        // An imported address cannot add a header or a second recipient.
        #expect(MIMEEncoding.address(MailAddress(name: nil, address: "a@b.de>\r\nBcc: x@y, z@w")) == "a@b.deBcc:x@yz@w")
        let jp = MIMEEncoding.address(MailAddress(name: "山田 太郎", address: "a@b.jp"))
        #expect(jp.hasPrefix("=?UTF-8?B?") && !jp.contains("\""))
    }

    @Test func extraHeadersAreValidatedAndCannotDuplicateOurs() throws {
        var mail = Self.reply()
        mail.extraHeaders = [("X-Kefu-Case", "K-1042"), ("Subject", "second"), ("Bad Name", "x"), ("X-Note", "Größe\r\nBcc: x@y")]
        let (head, _) = try Self.split(mail.rendered())
        #expect(Self.fieldNames(head).filter { $0 == "Subject" }.count == 1)
        #expect(!Self.fieldNames(head).contains("Bad Name") && !head.contains { $0.hasPrefix("Bcc") })
        #expect(Self.decodeWords(try #require(Self.field("X-Note", head))) == "Größe Bcc: x@y")
    }

    @Test func manyReferencesFoldOneIDPerLineWhenNeeded() throws {
        var mail = Self.reply()
        mail.references = (1...6).map { "<amzn-message-\($0)-abcdefghij@marketplace.amazon.de>" }
        let (head, _) = try Self.split(mail.rendered())
        #expect(head.allSatisfy { $0.utf8.count <= 78 })
        let refs = try #require(Self.field("References", head))
        #expect(refs == (1...6).map { "<amzn-message-\($0)-abcdefghij@marketplace.amazon.de>" }.joined(separator: " "))
    }

    @Test func equalityComparesExtraHeaders() {
        var other = Self.reply()
        #expect(other == Self.reply())
        other.extraHeaders = [("X-Kefu-Case", "K-1043")]
        #expect(other != Self.reply())
    }

    // MARK: Quoted-printable

    static let qpSamples = [
        "Grüße aus Köln! Die Straße ist gesperrt, Größe: XL, Preis 34,99 €",
        "ご注文ありがとうございます。商品は明日発送いたします。お届けまで今しばらくお待ちください。",
        "Danke 👍🏽 Familie 👨‍👩‍👧 Flagge 🇩🇪 🎉",
        String(repeating: "x", count: 200),
        "1+1=2, a==b, =3D stays literal, ends with =",
        "trailing spaces   \nand tab\t\nend",
        "first\n\nthird after an empty line",
        "line ending in a space \nnext",
        "\n", "", "From the shop, with thanks",
        String(repeating: "ü", count: 100),
        "\r\nCRLF input\r\n",
    ]

    @Test(arguments: qpSamples) func quotedPrintableRoundTripsWithinLimits(_ text: String) {
        let encoded = MIMEEncoding.quotedPrintable(text)
        #expect(Self.isValidQP(encoded), "\(encoded)")
        let expected = text.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(MIMEEncoding.decodeQuotedPrintable(encoded) == Data(expected.utf8))
    }

    @Test func softBreaksNeverSplitAnEscapeAtAnyAlignment() {
        for n in 60...80 {
            let text = String(repeating: "a", count: n) + "üé=ö " + String(repeating: "b", count: n) + "日本"
            let encoded = MIMEEncoding.quotedPrintable(text)
            #expect(Self.isValidQP(encoded), "n=\(n): \(encoded)")
            #expect(MIMEEncoding.decodeQuotedPrintable(encoded) == Data(text.utf8))
        }
    }

    @Test func quotedPrintableExactOutput() {
        #expect(MIMEEncoding.quotedPrintable("a=b") == "a=3Db")
        #expect(MIMEEncoding.quotedPrintable("Grüße") == "Gr=C3=BC=C3=9Fe")
        #expect(MIMEEncoding.quotedPrintable("end \nx\t") == "end=20\r\nx=09")
        #expect(MIMEEncoding.quotedPrintable("From here\nFrom") == "=46rom here\r\nFrom")
        #expect(MIMEEncoding.quotedPrintable(String(repeating: "x", count: 76)) == String(repeating: "x", count: 76))
        let x = String(repeating: "x", count: 75)
        #expect(MIMEEncoding.quotedPrintable(String(repeating: "x", count: 200)) == "\(x)=\r\n\(x)=\r\n" + String(repeating: "x", count: 50))
    }

    @Test func decodingIsLenientAboutPaddingAndCase() {
        let data = MIMEEncoding.decodeQuotedPrintable("Gr=c3=bc=C3=9Fe  \r\nsoft=  \r\nbreak\r\n100=% =4")
        #expect(String(decoding: data, as: UTF8.self) == "Grüße\nsoftbreak\n100=% =4")
    }

    // MARK: Subjects and Message-IDs

    @Test func replySubjects() {
        #expect(MailMessage.replySubject("Lampe kaputt", orderID: "302-1") == "Re: Lampe kaputt (Order: 302-1)")
        #expect(MailMessage.replySubject("RE: Re: AW: Lampe kaputt", orderID: nil) == "Re: Lampe kaputt")
        #expect(MailMessage.replySubject("AW: Ihre Bestellung 302-1", orderID: "302-1") == "Re: Ihre Bestellung 302-1")
        #expect(MailMessage.replySubject("Aw: SV: 回复: Réf. Frage", orderID: "") == "Re: Frage")
        #expect(MailMessage.replySubject("回复：商品について", orderID: nil) == "Re: 商品について")
        #expect(MailMessage.replySubject("Reklamation", orderID: nil) == "Re: Reklamation")
        #expect(MailMessage.replySubject(nil, orderID: "302-1") == "Your order 302-1")
        #expect(MailMessage.replySubject("", orderID: nil) == "Your message")
        #expect(MailMessage.replySubject("Re: ", orderID: "302-1") == "Your order 302-1")
        // Replying to our own reply changes nothing: no "Re: Re:", no second order suffix.
        let once = MailMessage.replySubject("Wo ist mein Paket?", orderID: "302-1")
        #expect(MailMessage.replySubject(once, orderID: "302-1") == once)
    }

    @Test func newMessageIDsAreWellFormedAndUnique() {
        var random = RandomSource(seed: 7)
        let id = MailMessage.newMessageID(caseID: "K-1042", at: Self.saturday, domain: "kefu.local", random: random.next())
        #expect(id.hasPrefix("kefu.K-1042.20261121T100000Z.") && id.hasSuffix("@kefu.local"))
        #expect(id.count == "kefu.K-1042.20261121T100000Z.".count + 16 + "@kefu.local".count)
        let odd = MailMessage.newMessageID(caseID: "K 1/<2>", at: Self.saturday, domain: " ", random: random.next())
        #expect(odd.hasPrefix("kefu.K12.20261121T100000Z.") && odd.hasSuffix("@kefu.local"))
        let ids = Set((0..<1000).map { _ in MailMessage.newMessageID(caseID: "K-1042", at: Self.saturday, domain: "shop.example", random: random.next()) })
        #expect(ids.count == 1000)
        // Injected: the same seed gives the same ids (reproducible runs), another seed others.
        var a = RandomSource(seed: 42), b = RandomSource(seed: 42), c = RandomSource(seed: 43)
        let first = MailMessage.newMessageID(caseID: "K-1", at: Self.saturday, domain: "x", random: a.next())
        #expect(first == MailMessage.newMessageID(caseID: "K-1", at: Self.saturday, domain: "x", random: b.next()))
        #expect(first != MailMessage.newMessageID(caseID: "K-1", at: Self.saturday, domain: "x", random: c.next()))
    }

    // MARK: Outbox

    @Test func enqueueWritesTheRenderedMessagePrivatelyAndOnlyOnce() throws {
        let store = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let outbox = Outbox(storeDirectory: store)
        #expect(outbox.directory == store + "/outbox")
        #expect(try outbox.queued().isEmpty)
        let mail = Self.reply()
        let path = try outbox.enqueue(mail)
        #expect(path == store + "/outbox/20261121T100000.000Z_kefu.K-1042.20261121T100000Z.3f9a@kefu.local.eml")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == mail.rendered())
        #expect(Self.mode(path) == 0o600 && Self.mode(outbox.directory) == 0o700)

        var again = mail
        again.body = "a different text"
        again.date = Self.saturday.addingTimeInterval(60)
        #expect(throws: KefuError.data("\(path): a reply with Message-ID <\(mail.messageID)> is already queued")) {
            try outbox.enqueue(again)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == mail.rendered())
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.directory) == [(path as NSString).lastPathComponent])
    }

    @Test func queuedListsOldestFirstAndRemoveTakesOneOut() throws {
        let store = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: store) }
        let outbox = Outbox(storeDirectory: store)
        let hours = [5.0, -3, 0.5, 26]
        for (i, h) in hours.enumerated() {
            try outbox.enqueue(Self.reply(date: Self.saturday.addingTimeInterval(h * 3600), messageID: "m\(i)/odd name@x"))
        }
        try Data("torn".utf8).write(to: URL(fileURLWithPath: outbox.directory + "/20200101T000000.000Z_x.eml.tmp"))
        let names = try outbox.queued().map { ($0 as NSString).lastPathComponent }
        #expect(names == ["20261121T070000.000Z_m1%2Fodd%20name@x.eml", "20261121T103000.000Z_m2%2Fodd%20name@x.eml",
                          "20261121T150000.000Z_m0%2Fodd%20name@x.eml", "20261122T120000.000Z_m3%2Fodd%20name@x.eml"])
        try outbox.remove(messageID: "m2/odd name@x")
        #expect(try outbox.queued().count == 3 && !(try outbox.queued().contains { $0.contains("m2%2F") }))
        try outbox.remove(messageID: "never queued")   // a rollback of nothing is not an error
        #expect(try outbox.queued().count == 3)
        // Once removed, the same Message-ID may be queued again (a rolled-back reply sent later).
        try outbox.enqueue(Self.reply(messageID: "m2/odd name@x"))
        #expect(try outbox.queued().count == 4)
    }

    @Test func enqueueFailureNamesThePath() throws {
        let store = Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: store) }
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: store + "/outbox"))   // a file where the folder should be
        do {
            try Outbox(storeDirectory: store).enqueue(Self.reply())
            Issue.record("enqueue into a file succeeded")
        } catch let error as KefuError {
            #expect(error.exitCode == 2 && error.description.contains(store + "/outbox"))
        }
    }

    // MARK: Helpers

    static func scratchDirectory() -> String {
        NSTemporaryDirectory() + "kefu-mail-\(UUID().uuidString.prefix(8))/store"
    }

    static func mode(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = attributes[.posixPermissions] as? Int else { return nil }
        return permissions & 0o777
    }

    /// Every LF is preceded by CR and every CR followed by LF.
    static func hasOnlyCRLF(_ text: String) -> Bool {
        let b = Array(text.utf8)
        return b.indices.allSatisfy { i in
            (b[i] != 10 || (i > 0 && b[i - 1] == 13)) && (b[i] != 13 || (i + 1 < b.count && b[i + 1] == 10))
        }
    }

    static func lines(_ text: String) -> [String] { text.components(separatedBy: "\r\n") }

    /// Header lines (folded continuation lines kept separate) and the body.
    static func split(_ message: String) throws -> (head: [String], body: String) {
        let parts = message.components(separatedBy: "\r\n\r\n")
        let head = try #require(parts.first)
        return (lines(head), parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    static func fieldNames(_ head: [String]) -> [String] {
        head.filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: ":", maxSplits: 1).first.map(String.init) }
    }

    /// A field's value with its folds (CRLF before continuation lines) still in.
    static func rawField(_ name: String, _ head: [String]) -> String? {
        guard let start = head.firstIndex(where: { $0.hasPrefix(name + ": ") }) else { return nil }
        let continuation = head[(start + 1)...].prefix { $0.hasPrefix(" ") }
        return ([String(head[start].dropFirst(name.count + 2))] + continuation).joined(separator: "\r\n")
    }

    /// A field's value unfolded (RFC 5322 2.2.3: delete the CRLFs).
    static func field(_ name: String, _ head: [String]) -> String? {
        rawField(name, head)?.replacingOccurrences(of: "\r\n", with: "")
    }

    /// Text made only of encoded words, decoded; the whitespace between adjacent words is dropped.
    static func decodeWords(_ value: String) -> String? {
        var bytes = Data()
        for word in value.replacingOccurrences(of: "\r\n", with: "").split(separator: " ") {
            guard let data = decodeWord(word) else { return nil }
            bytes += data
        }
        return String(data: bytes, encoding: .utf8)
    }

    /// One `=?UTF-8?B?…?=` or `=?UTF-8?Q?…?=` word's bytes, decoded independently of the code under test.
    static func decodeWord(_ word: Substring) -> Data? {
        let parts = word.split(separator: "?", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "=", parts[4] == "=", parts[1].uppercased() == "UTF-8" else { return nil }
        switch parts[2].uppercased() {
        case "B": return Data(base64Encoded: String(parts[3]))
        case "Q":
            var out = Data(), chars = Array(parts[3].utf8)[...]
            while let c = chars.popFirst() {
                if c == UInt8(ascii: "_") { out.append(32) } else if c == UInt8(ascii: "=") {
                    guard chars.count >= 2, let b = UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                    out.append(b)
                    chars = chars.dropFirst(2)
                } else { out.append(c) }
            }
            return out
        default: return nil
        }
    }

    /// RFC 2045 6.7 as a checker: CRLF only, lines ≤ 76, printable ASCII, no trailing whitespace, and every
    /// "=" either a soft break at the line's end or followed by two uppercase hex digits on the same line.
    static func isValidQP(_ encoded: String) -> Bool {
        guard hasOnlyCRLF(encoded) else { return false }
        return lines(encoded).allSatisfy { line in
            let b = Array(line.utf8)
            guard b.count <= 76, b.allSatisfy({ (32...126).contains($0) || $0 == 9 }), b.last != 32, b.last != 9 else { return false }
            return b.indices.allSatisfy { i in
                b[i] != UInt8(ascii: "=") || i == b.count - 1
                    || (i + 2 < b.count && "0123456789ABCDEF".utf8.contains(b[i + 1]) && "0123456789ABCDEF".utf8.contains(b[i + 2]))
            }
        }
    }
}

/// One reply-prefix scanner for threading incoming mail and writing our "Re:".
@Suite struct ReplyPrefixTests {
    @Test func everyLanguagesPrefixesGoInOnePass() {
        #expect(ReplyPrefix.strip("AW: Re[2]: Lampe") == "Lampe")
        #expect(ReplyPrefix.strip("RÉF.: Commande 42") == "Commande 42")
        #expect(ReplyPrefix.strip("Réf. Commande 42") == "Commande 42")
        #expect(ReplyPrefix.strip("回复：返信: 注文") == "注文")
        #expect(ReplyPrefix.strip("Reklamation") == "Reklamation")   // a word, not a prefix: no colon
        // Threading and our reply subject read the same prefixes.
        for s in ["Sv: Vs: Lampe", "RIF: Lampe", "Tr: Lampe", "Réf. Lampe"] {
            #expect(Intake.stripReplyPrefixes(s) == "Lampe")
            #expect(MailMessage.replySubject(s, orderID: nil) == "Re: Lampe")
        }
    }
}
