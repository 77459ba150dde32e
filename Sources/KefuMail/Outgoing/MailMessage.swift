import Foundation
import KefuBase

/// A mailbox: an optional display name and an address such as `abc@marketplace.amazon.de`.
public struct MailAddress: Sendable, Hashable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }
}

/// One outgoing e-mail. `rendered()` is exactly what the outbox stores and a mailer later sends.
/// It never carries a control or bidi character: the body keeps its line breaks and TABs, header
/// texts (subject, names) have line breaks and TAB as spaces, and everything else `TerminalText`
/// neutralises is removed (`cleanBody`, `cleanHeaderText`) — at `init`, and again when rendered.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var date: Date
    /// Without angle brackets, e.g. `kefu.K-1042.20261121T100000Z.3f9a…@kefu.local`.
    public var messageID: String
    /// Without angle brackets.
    public var inReplyTo: String?
    public var references: [String]
    /// UTF-8 text with "\n" line ends.
    public var body: String
    /// Added after the MIME headers, e.g. `("X-Kefu-Case", "K-1042")`.
    public var extraHeaders: [(String, String)]
    /// Files sent with the text: the message becomes multipart/mixed.
    public var attachments: [OutgoingAttachment] = []

    public init(from: MailAddress, to: MailAddress, subject: String, date: Date, messageID: String,
                inReplyTo: String? = nil, references: [String] = [], body: String,
                extraHeaders: [(String, String)] = []) {
        self.from = Self.cleanAddress(from)
        self.to = Self.cleanAddress(to)
        self.subject = Self.cleanHeaderText(subject)
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.body = Self.cleanBody(body)
        self.extraHeaders = extraHeaders.map { ($0.0, Self.cleanHeaderText($0.1)) }
    }

    /// The body as it may leave: `"\r\n"`, `"\r"`, U+2028 and U+2029 read as `"\n"`, TAB kept, every
    /// other control or bidi character (`TerminalText.isNeutralised`: ESC, BEL, DEL, C1, U+202E…)
    /// removed. Text pasted into the composer or coming back from an editor goes out this way.
    public static func cleanBody(_ s: String) -> String { clean(s, lineBreak: "\n", tab: "\t") }

    /// A header's text (subject, display name): line breaks and TAB become one space each, every
    /// other control or bidi character is removed.
    public static func cleanHeaderText(_ s: String) -> String { clean(s, lineBreak: " ", tab: " ") }

    /// Line breaks (CR LF counted once) become `lineBreak`, TAB `tab`; other neutralised scalars go.
    private static func clean(_ s: String, lineBreak: Unicode.Scalar, tab: Unicode.Scalar) -> String {
        guard s.unicodeScalars.contains(where: { TerminalText.isNeutralised($0.value) && $0 != lineBreak && $0 != tab }) else { return s }
        var out = String.UnicodeScalarView()
        var afterCR = false
        for sc in s.unicodeScalars {
            defer { afterCR = sc == "\r" }
            switch sc {
            case "\n" where afterCR: continue
            case "\n", "\r", "\u{2028}", "\u{2029}": out.append(lineBreak)
            case "\t": out.append(tab)
            default: if !TerminalText.isNeutralised(sc.value) { out.append(sc) }
            }
        }
        return String(out)
    }

    static func cleanAddress(_ a: MailAddress) -> MailAddress {
        MailAddress(name: a.name.map(cleanHeaderText), address: a.address)
    }

    // By hand: tuples cannot conform to Equatable, so the synthesized conformance is unavailable.
    public static func == (a: MailMessage, b: MailMessage) -> Bool {
        a.from == b.from && a.to == b.to && a.subject == b.subject && a.date == b.date
            && a.messageID == b.messageID && a.inReplyTo == b.inReplyTo && a.references == b.references
            && a.body == b.body && a.extraHeaders.elementsEqual(b.extraHeaders, by: { $0 == $1 }) && a.attachments == b.attachments
    }
}

// MARK: - Rendering

extension MailMessage {
    /// Headers that `rendered()` writes itself; an extra header with one of these names is dropped
    /// rather than producing a message with two Subjects or two Content-Types.
    static let ownHeaders: Set<String> = ["date", "from", "to", "subject", "message-id", "in-reply-to", "references",
                                          "mime-version", "content-type", "content-transfer-encoding"]

    /// The complete RFC 5322 message, CRLF line ends, body in quoted-printable UTF-8. A body that does
    /// not end with a line break gets one, so the file (and the SMTP DATA) always ends in CRLF.
    public func rendered() -> String {
        // Cleaned again: the fields are mutable after `init`.
        let from = Self.cleanAddress(from), to = Self.cleanAddress(to), subject = Self.cleanHeaderText(subject)
        let body = Self.cleanBody(body), extraHeaders = extraHeaders.map { ($0.0, Self.cleanHeaderText($0.1)) }
        var lines = [
            Self.field("Date") { _ in Self.rfc5322Date(date) },
            Self.field("From") { MIMEEncoding.address(from, column: $0) },
            Self.field("To") { MIMEEncoding.address(to, column: $0) },
            Self.field("Subject") { MIMEEncoding.encodedWords(subject, column: $0) },
            "Message-ID: <\(Self.cleanID(messageID))>",
        ]
        if let parent = inReplyTo.map(Self.cleanID), !parent.isEmpty { lines.append("In-Reply-To: <\(parent)>") }
        let refs = references.map(Self.cleanID).filter { !$0.isEmpty }
        if !refs.isEmpty {
            let tokens = refs.enumerated().map { ($0.offset == 0 ? "<" : " <") + $0.element + ">" }
            lines.append(Self.field("References") { MIMEEncoding.fold(tokens, column: $0) })
        }
        let textHeaders = ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"]
        let text = body.isEmpty || body.utf8.last == 10 ? body : body + "\n"   // bytes: "\r\n" is one Character
        let qp = MIMEEncoding.quotedPrintable(text)
        guard !attachments.isEmpty else {
            lines += ["MIME-Version: 1.0"] + textHeaders
            lines += extraHeaders.compactMap(Self.extraField)
            return lines.joined(separator: "\r\n") + "\r\n\r\n" + qp
        }
        // "=_" never occurs in quoted-printable or base64 output, so no part can contain the boundary.
        let boundary = "=_kefu_" + String(SHA256.hex(Data(messageID.utf8)).prefix(24))
        lines += ["MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"\(boundary)\""]
        lines += extraHeaders.compactMap(Self.extraField)
        var out = lines.joined(separator: "\r\n") + "\r\n\r\nThis is a multi-part message in MIME format.\r\n"
        out += "\r\n--\(boundary)\r\n" + textHeaders.joined(separator: "\r\n") + "\r\n\r\n" + qp
        for a in attachments {
            let type = MIMEEncoding.keepScalars(a.type) { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/.+-".unicodeScalars.contains($0)) }
            let name = Self.cleanHeaderText(a.name)
            out += "\r\n--\(boundary)\r\n"
            out += "Content-Type: \(type.contains("/") ? type : "application/octet-stream");\r\n " + MIMEEncoding.parameter("name", name) + "\r\n"
            out += "Content-Disposition: attachment;\r\n " + MIMEEncoding.parameter("filename", name) + "\r\n"
            out += "Content-Transfer-Encoding: base64\r\n\r\n" + MIMEEncoding.base64Lines(a.data)
        }
        return out + "\r\n--\(boundary)--\r\n"
    }

    /// `Name: value`, the value told how many columns the name already takes on the first line.
    static func field(_ name: String, _ value: (Int) -> String) -> String {
        name + ": " + value(name.utf8.count + 2)
    }

    /// An extra header, or nil when its name is not a valid field name (RFC 5322 ftext) or is one of ours.
    static func extraField(_ header: (String, String)) -> String? {
        let name = header.0
        guard !name.isEmpty, name.utf8.allSatisfy({ (33...126).contains($0) && $0 != UInt8(ascii: ":") }),
              !ownHeaders.contains(name.lowercased()) else { return nil }
        return field(name) { MIMEEncoding.encodedWords(header.1, column: $0) }
    }

    /// A Message-ID as it goes between angle brackets: printable ASCII, no brackets, no whitespace —
    /// imported IDs must not be able to break the header line.
    static func cleanID(_ id: String) -> String {
        MIMEEncoding.keepScalars(id) { (33...126).contains($0.value) && $0 != "<" && $0 != ">" }
    }

    /// `Sat, 21 Nov 2026 10:00:00 +0000`.
    public static func rfc5322Date(_ date: Date) -> String { UTCTime(date).rfc5322 }
}

// MARK: - Message-ID and subject

extension MailMessage {
    /// `kefu.<case>.<UTC time>Z.<64 random bits>@<domain>`. Random, so two replies in the same second
    /// differ; the caller stores the ID with the reply, which is what keeps it stable afterwards.
    /// `random` comes from the injected `RandomSource`.
    public static func newMessageID(caseID: String, at date: Date, domain: String, random bits: UInt64) -> String {
        let random = String(bits, radix: 16)
        let caseAtom = MIMEEncoding.keepScalars(caseID) { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" }
        let host = MIMEEncoding.keepScalars(domain) { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "." }
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return "kefu.\(caseAtom.isEmpty ? "case" : caseAtom).\(UTCTime(date).compact)Z."
            + String(repeating: "0", count: 16 - random.count) + random + "@" + (host.isEmpty ? "kefu.local" : host)
    }

    /// "Re: " + the original subject without its reply prefixes, plus " (Order: ID)" unless the subject
    /// already names the order; without a subject, "Your order ID" or "Your message".
    public static func replySubject(_ original: String?, orderID: String?) -> String {
        let order = orderID?.trimmingCharacters(in: .whitespaces) ?? ""
        let topic = stripReplyPrefixes(original ?? "")
        guard !topic.isEmpty else { return order.isEmpty ? "Your message" : "Your order \(order)" }
        let suffix = order.isEmpty || topic.contains(order) ? "" : " (Order: \(order))"
        return "Re: " + topic + suffix
    }

    static func stripReplyPrefixes(_ subject: String) -> String {
        ReplyPrefix.strip(subject).trimmingCharacters(in: .whitespaces)
    }
}

/// Calendar fields of a date in UTC, computed without Foundation calendars or date formatters, so the
/// output is the same whatever the process locale and time zone.
struct UTCTime {
    let year, month, day, hour, minute, second, millisecond: Int
    /// 0 = Sunday.
    let weekday: Int

    init(_ date: Date) {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let msOfDay = (ms % 86_400_000 + 86_400_000) % 86_400_000
        let days = (ms - msOfDay) / 86_400_000
        let (y, m, d) = ISO8601.civil(fromDays: days)
        (year, month, day) = (Int(y), Int(m), Int(d))
        hour = Int(msOfDay / 3_600_000)
        minute = Int(msOfDay / 60_000 % 60)
        second = Int(msOfDay / 1000 % 60)
        millisecond = Int(msOfDay % 1000)
        weekday = Int((days % 7 + 11) % 7)   // 1970-01-01 was a Thursday (4)
    }

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sat, 21 Nov 2026 10:00:00 +0000` (RFC 5322 3.3).
    var rfc5322: String {
        "\(Self.weekdays[weekday]), \(Self.pad(day)) \(Self.months[month - 1]) \(year) "
            + "\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second)) +0000"
    }

    /// `20261121T100000`: sorts like the time it names.
    var compact: String {
        "\(Self.pad(year, 4))\(Self.pad(month))\(Self.pad(day))T\(Self.pad(hour))\(Self.pad(minute))\(Self.pad(second))"
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let s = String(value)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}

fileprivate extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self) }
}

// MARK: - MIME encodings

public enum MIMEEncoding {
    /// RFC 5322's recommended header line length, and RFC 2045's limit for encoded body lines.
    static let headerLine = 78
    static let bodyLine = 76
    /// RFC 2047's limit for one encoded word.
    static let maxWord = 75

    // MARK: Quoted-printable (RFC 2045 6.7)

    /// Quoted-printable UTF-8 with CRLF hard breaks. Input lines end in "\n" (a "\r" before it is
    /// taken as part of the break); every output line is ≤ 76 characters.
    public static func quotedPrintable(_ text: String) -> String {
        byteLines(text).map { line in
            var bytes = Array(line)
            if bytes.last == 13 { bytes.removeLast() }
            return encodeLine(bytes)
        }.joined(separator: "\r\n")
    }

    /// Lines split at LF bytes. Not `String.split(separator: "\n")`: Swift sees "\r\n" as one Character,
    /// which that split would never cut.
    static func byteLines(_ text: String) -> [ArraySlice<UInt8>] {
        Array(text.utf8).split(separator: 10, omittingEmptySubsequences: false)
    }

    /// One hard line, with "=" soft breaks placed between escapes, never inside one.
    static func encodeLine(_ bytes: [UInt8]) -> String {
        // "From " at a line start gets mangled to ">From " by mbox delivery; escaping the F avoids it.
        let escapeFirst = bytes.starts(with: Array("From ".utf8))
        var out = "", length = 0
        for (i, b) in bytes.enumerated() {
            let last = i == bytes.count - 1
            let literal = ((33...126).contains(b) && b != UInt8(ascii: "=")) || ((b == 32 || b == 9) && !last)
            let token = literal && !(i == 0 && escapeFirst) ? String(UnicodeScalar(b)) : "=" + hex(b)
            // Keep room for the soft break's "=" unless this token ends the line.
            if length + token.utf8.count > (last ? bodyLine : bodyLine - 1) {
                out += "=\r\n"
                length = 0
            }
            out += token
            length += token.utf8.count
        }
        return out
    }

    /// The bytes behind quoted-printable text; hard line breaks come back as "\n" (kefu's line end).
    /// Lenient as RFC 2045 asks: trailing whitespace is transport padding, lowercase hex is accepted,
    /// and an "=" that starts no valid escape is kept as it is.
    public static func decodeQuotedPrintable(_ text: String) -> Data {
        var out = Data()
        let lines = byteLines(text)
        for (i, raw) in lines.enumerated() {
            var line = Array(raw)
            while let c = line.last, c == 13 || c == 32 || c == 9 { line.removeLast() }
            let soft = line.last == UInt8(ascii: "=")
            if soft { line.removeLast() }
            appendUnescaped(line, to: &out)
            if !soft && i < lines.count - 1 { out.append(10) }
        }
        return out
    }

    static func appendUnescaped(_ line: [UInt8], to out: inout Data) {
        var i = 0
        while i < line.count {
            if line[i] == UInt8(ascii: "="), i + 2 < line.count, let hi = hexValue(line[i + 1]), let lo = hexValue(line[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(line[i])
                i += 1
            }
        }
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    // MARK: Header text (RFC 2047, RFC 5322 folding)

    /// Header text as it goes after `Name: `. Printable ASCII without "=?" stays readable, folded at
    /// spaces; anything else (non-ASCII, control characters — so a CR LF cannot inject a header — or a
    /// word too long to fold) becomes UTF-8 encoded words. `column` is how much of the first line the
    /// header name already uses; no line exceeds 78 characters.
    public static func encodedWords(_ text: String, column: Int = 0) -> String {
        if isPlainHeaderText(text) {
            let tokens = spaceSeparatedTokens(text)
            if (tokens.first?.utf8.count ?? 0) + column <= headerLine, tokens.allSatisfy({ $0.utf8.count <= headerLine }) {
                return fold(tokens, column: column)
            }
        }
        return fold(encodedWordTokens(text, column: column), column: column)
    }

    /// `"Markus Weber" <abc@marketplace.amazon.de>`: an ASCII name is quoted (with \" and \\ escaped),
    /// a non-ASCII one becomes encoded words (which must not be quoted). The address loses whitespace,
    /// control characters and `<>,;"()`, so imported data cannot add recipients or headers.
    public static func address(_ a: MailAddress, column: Int = 0) -> String {
        let spec = keepScalars(a.address) { $0.value > 32 && !TerminalText.isNeutralised($0.value) && !"<>,;\"()".unicodeScalars.contains($0) }
        let name = (a.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return spec }
        let quoted = "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let asciiFits = name.utf8.allSatisfy { (32...126).contains($0) } && column + quoted.utf8.count <= headerLine
        let phrase = asciiFits ? [quoted] : encodedWordTokens(name, column: column)
        return fold(phrase + [" <\(spec)>"], column: column)
    }

    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { (32...126).contains($0) } && !text.contains("=?")
    }

    /// Splits before each run of spaces, so a fold always lands on whitespace and unfolding (deleting
    /// the CRLF) restores the text exactly; trailing spaces stay with the last word.
    static func spaceSeparatedTokens(_ text: String) -> [String] {
        var tokens: [String] = [], current = ""
        for ch in text {
            if ch == " ", let previous = current.last, previous != " " {
                tokens.append(current)
                current = ""
            }
            current.append(ch)
        }
        if !tokens.isEmpty, current.allSatisfy({ $0 == " " }) { tokens[tokens.count - 1] += current } else { tokens.append(current) }
        return tokens.filter { !$0.isEmpty }
    }

    /// Joins tokens (all but the first carrying their leading space), folding before a token that would
    /// push the line past 78 characters.
    static func fold(_ tokens: [String], column: Int) -> String {
        var out = "", length = column
        for token in tokens {
            if !out.isEmpty, length + token.utf8.count > headerLine {
                out += "\r\n"
                length = 0
            }
            out += token
            length += token.utf8.count
        }
        return out
    }

    /// Encoded words for `text`, each filling at most one line (≤ 75 characters, and the first fits after
    /// `column`), split only between characters so each word is valid UTF-8 on its own. Q is used when it
    /// is no longer than B (mostly-Latin text stays half readable), otherwise base64.
    static func encodedWordTokens(_ text: String, column: Int) -> [String] {
        let all = Array(text.utf8)
        let useQ = qLength(all) <= 4 * ((all.count + 2) / 3)
        var words: [String] = [], chunk: [UInt8] = []
        for atom in atoms(text) {
            let budget = min(maxWord, headerLine - (words.isEmpty ? column : 1))
            if !chunk.isEmpty, wordLength(chunk + atom, q: useQ) > budget {
                words.append(word(chunk, q: useQ))
                chunk = []
            }
            chunk += atom
        }
        words.append(word(chunk, q: useQ))
        return words.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }
    }

    /// The units a word may not split: characters, or the scalars of one too long for any word
    /// (a long run of combining marks).
    static func atoms(_ text: String) -> [[UInt8]] {
        text.flatMap { ch -> [[UInt8]] in
            ch.utf8.count <= 12 ? [Array(ch.utf8)] : ch.unicodeScalars.map { Array(String($0).utf8) }
        }
    }

    /// Bytes RFC 2047 5(3) lets a Q word carry as themselves anywhere, display names included.
    static func isQSafe(_ b: UInt8) -> Bool {
        (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || "!*+-/".utf8.contains(b)
    }

    static func qLength(_ bytes: [UInt8]) -> Int {
        bytes.reduce(0) { $0 + (isQSafe($1) || $1 == 32 ? 1 : 3) }
    }

    static func wordLength(_ bytes: [UInt8], q: Bool) -> Int {
        "=?UTF-8?Q??=".utf8.count + (q ? qLength(bytes) : 4 * ((bytes.count + 2) / 3))
    }

    static func word(_ bytes: [UInt8], q: Bool) -> String {
        guard q else { return "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?=" }
        let text = bytes.map { isQSafe($0) ? String(UnicodeScalar($0)) : $0 == 32 ? "_" : "=" + hex($0) }.joined()
        return "=?UTF-8?Q?" + text + "?="
    }

    static func keepScalars(_ s: String, _ keep: (Unicode.Scalar) -> Bool) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s.unicodeScalars.filter(keep))
        return String(out)
    }
}
