import Foundation
import KefuBase

/// Inbound RFC 5322 / MIME mail → `ParsedMail`. Works on one byte buffer with index ranges: parts are
/// never copied, and only the parts shown as text are converted to String (once each).
public enum MIMEParser {
    /// `keepingAttachments`: nil lists attachments only (name, type, size); a byte count keeps their
    /// decoded bytes, in order, while their total stays within it, and hashes the rest.
    public static func parse(_ data: Data, keepingAttachments cap: Int? = nil) -> ParsedMail {
        var mail = walk(data) { $0.keepBudget = cap }
        if mail.messageID?.isEmpty ?? true { mail.source = data }
        return mail
    }

    /// Every attachment listed, only the one at index `part` decoded and kept (a file left in the Maildir).
    public static func parse(_ data: Data, keepingOnly part: Int) -> ParsedMail {
        walk(data) { $0.keepBudget = Int.max; $0.keepOnly = part }
    }

    private static func walk(_ data: Data, _ setUp: (inout MIMEWalker) -> Void) -> ParsedMail {
        let bytes = [UInt8](data)
        return bytes.withUnsafeBufferPointer { buf in
            var walker = MIMEWalker(buf: buf)
            setUp(&walker)
            return walker.parse()
        }
    }
}

/// One entity (the message or a body part): its headers and where its body lies in the buffer.
struct MIMEEntity {
    var headers: [RawHeader] = []
    /// Lowercased `type/subtype`.
    var type = "text/plain"
    var params: [String: String] = [:]
    var disposition = ""
    var dispositionParams: [String: String] = [:]
    var transferEncoding = ""
    var body: Range<Int> = 0..<0

    func raw(_ name: String) -> [UInt8]? {
        headers.first { MailASCII.equalFold($0.name, name) }?.value
    }
}

struct MIMEWalker {
    let buf: UnsafeBufferPointer<UInt8>
    var warnings = MailWarnings()
    var plain: [MIMEEntity] = []
    var html: [MIMEEntity] = []
    var attachments: [MailAttachment] = []
    var partCount = 0
    /// Attachment bytes still to be kept; nil: list attachments without decoding them.
    var keepBudget: Int?
    /// Set: only the attachment at this index is decoded, the others listed.
    var keepOnly: Int?
    /// Hostile nesting must not exhaust the stack or the time budget.
    static let maxDepth = 32
    static let maxParts = 5_000
    /// References ids kept (the last ones: the nearest ancestors). Threading looks each one up.
    static let maxReferences = 100
    /// Characters of the subject kept.
    static let maxSubject = 2_000

    init(buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    mutating func parse() -> ParsedMail {
        let top = entity(0..<buf.count, defaultType: "text/plain", isMessage: true)
        var mail = ParsedMail()
        let charset = top.params["charset"]
        for h in top.headers {
            let text = HeaderBlock.text(h.value, fallbackCharset: charset, warnings: &warnings)
            let value = MailASCII.trimmed(Self.withoutControls(EncodedWords.decode(text, warnings: &warnings)))
            mail.headers.append(MailHeader(name: h.name, value: value))
            switch h.name.lowercased() {
            case "message-id" where mail.messageID == nil: mail.messageID = MessageIDs.parse(text).first
            case "in-reply-to" where mail.inReplyTo == nil: mail.inReplyTo = MessageIDs.parse(text).first
            case "references" where mail.references.isEmpty:
                mail.references = MessageIDs.parse(text)
                if mail.references.count > Self.maxReferences {
                    warnings.add("References lists \(mail.references.count) ids: only the last \(Self.maxReferences) kept")
                    mail.references = Array(mail.references.suffix(Self.maxReferences))
                }
            case "from" where mail.from == nil: mail.from = AddressList.parse(text).first.map(Self.cleaned)
            case "to": mail.to += AddressList.parse(text).map(Self.cleaned)
            case "date" where mail.date == nil: mail.date = MailDate.parse(text)
            default: break
            }
        }
        mail.subject = mail.header("Subject") ?? ""
        if mail.subject.unicodeScalars.count > Self.maxSubject {
            // Notice subjects are read phrase by phrase; a megabyte-long one is not a subject.
            warnings.add("subject longer than \(Self.maxSubject) characters, cut")
            mail.subject = String(String.UnicodeScalarView(mail.subject.unicodeScalars.prefix(Self.maxSubject)))
        }
        walk(top, depth: 0)
        mail.text = bestText()
        mail.attachments = attachments
        mail.warnings = warnings.list
        return mail
    }

    // MARK: Entities

    mutating func entity(_ range: Range<Int>, defaultType: String, isMessage: Bool = false) -> MIMEEntity {
        let block = HeaderBlock.parse(buf, from: range.lowerBound, to: range.upperBound)
        if isMessage, !block.separated, block.headers.isEmpty { warnings.add("no header section, read as text") }
        if block.dropped {
            warnings.add("header section too large: only the first \(HeaderBlock.maxHeaders) fields and \(HeaderBlock.maxBytes >> 20) MB kept")
        }
        var e = MIMEEntity(headers: block.headers, type: defaultType, body: block.bodyStart..<range.upperBound)
        if let raw = e.raw("Content-Type") {
            let p = MIMEParams(HeaderBlock.text(raw, fallbackCharset: nil, warnings: &warnings), warnings: &warnings)
            if p.value.utf8.contains(47), !p.value.utf8.contains(32) { e.type = p.value }
            e.params = p.params
        }
        if let raw = e.raw("Content-Disposition") {
            let p = MIMEParams(HeaderBlock.text(raw, fallbackCharset: nil, warnings: &warnings), warnings: &warnings)
            e.disposition = p.value
            e.dispositionParams = p.params
        }
        if let raw = e.raw("Content-Transfer-Encoding") {
            e.transferEncoding = MailASCII.trimmed(String(decoding: raw, as: UTF8.self)).lowercased()
        }
        return e
    }

    mutating func walk(_ e: MIMEEntity, depth: Int) {
        partCount += 1
        guard partCount <= Self.maxParts else {
            warnings.add("too many parts, rest skipped")
            return
        }
        if e.type.hasPrefix("multipart/") {
            guard depth < Self.maxDepth else {
                // Not split any further: the inner parts stay readable as the raw text they are.
                warnings.add("multipart nested deeper than \(Self.maxDepth) levels, inner parts kept as raw text")
                plain.append(retyped(e))
                return
            }
            guard let boundary = e.params["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
                warnings.add("multipart without boundary, read as text")
                plain.append(retyped(e))
                return
            }
            let split = parts(of: e.body, boundary: Array(("--" + boundary).utf8))
            guard split.found else {
                warnings.add("multipart without parts, read as text")
                plain.append(retyped(e))
                return
            }
            if !split.closed { warnings.add("truncated multipart") }
            let childType = e.type == "multipart/digest" ? "message/rfc822" : "text/plain"
            for r in split.parts { walk(entity(r, defaultType: childType), depth: depth + 1) }
            return
        }
        let name = filename(e)
        // An image the HTML shows by Content-ID is a buyer's photo too (phone mail apps send them so).
        let inlineImage = e.type.hasPrefix("image/") && e.disposition != "attachment" && e.raw("Content-ID") != nil
        if e.disposition == "attachment" || e.type.hasPrefix("message/") || inlineImage
            || (e.type != "text/plain" && e.type != "text/html" && name != nil) {
            attachments.append(attachment(e, name: name, inline: inlineImage && name == nil))
        } else if e.type == "text/html" {
            html.append(e)
        } else if e.type == "text/plain" {
            plain.append(e)
        }
        // Other unnamed inline parts (inline images by Content-ID, calendar data …) are not listed.
    }

    /// Listed only, or decoded and kept within the budget, or decoded and hashed above it.
    private mutating func attachment(_ e: MIMEEntity, name: String?, inline: Bool) -> MailAttachment {
        guard let budget = keepBudget, keepOnly.map({ $0 == attachments.count }) ?? true else {
            let size = TransferDecoding.decodedSize(slice(e.body), encoding: e.transferEncoding)
            return MailAttachment(filename: name, mimeType: e.type, size: size, inline: inline)
        }
        let bytes = Data(TransferDecoding.decode(slice(e.body), encoding: e.transferEncoding, warnings: &warnings))
        var a = MailAttachment(filename: name, mimeType: e.type, size: bytes.count, inline: inline)
        if bytes.count <= budget {
            a.data = bytes
            keepBudget = budget - bytes.count
        } else {
            a.sha256 = SHA256.hex(bytes)
            keepBudget = 0   // the cap is per message: once passed, later parts stay in the Maildir too
        }
        return a
    }

    private func retyped(_ e: MIMEEntity) -> MIMEEntity {
        var t = e
        t.type = "text/plain"
        return t
    }

    /// Body parts between `--boundary` lines. The line break before a delimiter belongs to it; the
    /// preamble and epilogue are dropped. Without a closing delimiter the last part runs to the end.
    /// Walks line starts only (a delimiter must begin a line), so hostile bodies stay linear.
    func parts(of range: Range<Int>, boundary delim: [UInt8]) -> (parts: [Range<Int>], found: Bool, closed: Bool) {
        var parts: [Range<Int>] = []
        var partStart: Int?
        var line = range.lowerBound
        while line < range.upperBound {
            let lineEnd = MailBytes.find(10, in: buf, from: line, to: range.upperBound) ?? range.upperBound
            defer { line = lineEnd + 1 }
            guard lineEnd - line >= delim.count, buf[line] == 45, MailBytes.matches(delim, in: buf, at: line) else { continue }
            var k = line + delim.count
            let close = k + 2 <= lineEnd && buf[k] == 45 && buf[k + 1] == 45
            if close { k += 2 }
            while k < lineEnd, MailBytes.isSpace(buf[k]) { k += 1 }
            guard k == lineEnd else { continue }
            if let s = partStart {
                var end = line
                if end > s, buf[end - 1] == 10 { end -= 1 }
                if end > s, buf[end - 1] == 13 { end -= 1 }
                parts.append(s..<max(s, end))
            }
            if close { return (parts, true, true) }
            partStart = min(lineEnd + 1, range.upperBound)
        }
        if let s = partStart { parts.append(s..<range.upperBound) }
        return (parts, partStart != nil, false)
    }

    func slice(_ r: Range<Int>) -> ArraySlice<UInt8> {
        // One copy per decoded part; the walker itself only keeps ranges.
        ArraySlice(UnsafeBufferPointer(rebasing: buf[r]))
    }

    /// Content-Disposition filename, else Content-Type name; encoded words decoded, paths dropped.
    private mutating func filename(_ e: MIMEEntity) -> String? {
        guard var name = e.dispositionParams["filename"] ?? e.params["name"] else { return nil }
        name = EncodedWords.decode(name, warnings: &warnings)
        if let cut = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: cut)...]) }
        name = MailASCII.trimmed(Self.withoutControls(name))
        return name.isEmpty ? nil : name
    }

    // MARK: Text

    /// The first text/plain part with any content, else the first HTML part as text.
    mutating func bestText() -> String {
        var firstPlain: String?
        for e in plain {
            let s = text(of: e)
            if !s.allSatisfy(\.isWhitespace) { return s }
            if firstPlain == nil { firstPlain = s }
        }
        if let h = html.first {
            let converted = HTMLText.convert(text(of: h))
            if !converted.isEmpty || firstPlain == nil { return converted }
        }
        return firstPlain ?? ""
    }

    mutating func text(of e: MIMEEntity) -> String {
        let decoded = TransferDecoding.decode(slice(e.body), encoding: e.transferEncoding, warnings: &warnings)
        var charset = e.params["charset"]
        if charset == nil, e.type == "text/html" { charset = Self.metaCharset(decoded) }
        return Self.normalizedNewlines(MailCharset.decode(decoded, label: charset, warnings: &warnings))
    }

    /// `<meta charset="…">` or `content="text/html; charset=…"` near the start of an HTML part.
    static func metaCharset(_ html: ArraySlice<UInt8>) -> String? {
        let head = html.prefix(4096).map(MailASCII.lower)
        let needle = Array("charset=".utf8)
        guard let at = head.withUnsafeBufferPointer({ MailBytes.find(needle, in: $0, from: 0, to: $0.count) }) else { return nil }
        let rest = head[(at + needle.count)...].drop { $0 == 34 || $0 == 39 || $0 == 32 }
        let label = rest.prefix { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95 }
        return label.isEmpty ? nil : String(decoding: label, as: UTF8.self)
    }

    /// CRLF and lone CR become "\n". Done on the UTF-8 bytes with memchr: most mail has no CR left
    /// (quoted-printable output) or one per line.
    static func normalizedNewlines(_ s: String) -> String {
        var s = s
        let fixed: [UInt8]? = s.withUTF8 { u in
            guard var cr = MailBytes.find(13, in: u, from: 0, to: u.count) else { return nil }
            var out = [UInt8]()
            out.reserveCapacity(u.count)
            var start = 0
            while true {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<cr]))
                out.append(10)
                start = cr + 1 < u.count && u[cr + 1] == 10 ? cr + 2 : cr + 1
                guard let next = MailBytes.find(13, in: u, from: start, to: u.count) else { break }
                cr = next
            }
            if start < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<u.count])) }
            return out
        }
        return fixed.map { String(decoding: $0, as: UTF8.self) } ?? s
    }

    static func cleaned(_ a: MailAddress) -> MailAddress {
        MailAddress(name: a.name.map(withoutControls), address: withoutControls(a.address))
    }

    /// Header text without control characters: a decoded "=1B" must not reach the terminal.
    static func withoutControls(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < 32 || $0 == 127 }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(u.value < 32 || u.value == 127 ? " " : u) }
        return String(out)
    }
}
