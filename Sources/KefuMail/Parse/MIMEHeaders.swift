import Foundation

/// A header as read from the wire: its name, and its unfolded value still in raw bytes (decoding
/// waits until the part's charset is known, for raw 8-bit headers).
struct RawHeader {
    var name: String
    var value: [UInt8]
}

enum HeaderBlock {
    /// At most this many header fields are kept per entity, and at most `maxBytes` of their values in
    /// all: a hostile header section (100,000 fields, a 50 MB folded line) is still read to its end, so
    /// the body starts where it should, but what is kept — and every later pass over it — stays bounded.
    static let maxHeaders = 2_000
    static let maxBytes = 4 << 20

    /// Reads header lines from `buf[from..<to]`. The block ends at the first empty line; a line that is
    /// neither a header nor a continuation also ends it (mail without the blank separator), and that
    /// line starts the body. `separated` tells whether a blank line was found; `dropped` whether fields
    /// or bytes beyond the limits were left out.
    static func parse(_ buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int)
        -> (headers: [RawHeader], bodyStart: Int, separated: Bool, dropped: Bool) {
        var headers: [RawHeader] = []
        var i = from
        var kept = 0, dropped = false
        /// The field being read was left out: its continuation lines go too.
        var skipping = false
        while i < to {
            let lf = MailBytes.find(10, in: buf, from: i, to: to)
            let lineEnd = lf ?? to
            var end = lineEnd
            if end > i, buf[end - 1] == 13 { end -= 1 }
            let next = lf.map { $0 + 1 } ?? to
            if end == i { return (headers, next, true, dropped) }
            let first = buf[i]
            if first == 32 || first == 9 {
                guard !headers.isEmpty || skipping else { return (headers, i, false, dropped) }
                // A fold: the line break goes, its whitespace run stays as one space.
                var j = i
                while j < end, buf[j] == 32 || buf[j] == 9 { j += 1 }
                if !skipping {
                    let take = min(end - j, maxBytes - kept)
                    if take < end - j { dropped = true }
                    if take > 0 {
                        headers[headers.count - 1].value.append(32)
                        headers[headers.count - 1].value.append(contentsOf: UnsafeBufferPointer(rebasing: buf[j..<(j + take)]))
                        kept += take + 1
                    }
                }
            } else if let colon = headerColon(buf, from: i, to: end) {
                var nameEnd = colon
                while nameEnd > i, buf[nameEnd - 1] == 32 || buf[nameEnd - 1] == 9 { nameEnd -= 1 }
                var v = colon + 1
                while v < end, buf[v] == 32 || buf[v] == 9 { v += 1 }
                skipping = headers.count >= maxHeaders || kept >= maxBytes
                if skipping {
                    dropped = true
                } else {
                    let take = min(end - v, maxBytes - kept)
                    if take < end - v { dropped = true }
                    headers.append(RawHeader(name: String(decoding: UnsafeBufferPointer(rebasing: buf[i..<nameEnd]), as: UTF8.self),
                                             value: Array(UnsafeBufferPointer(rebasing: buf[v..<(v + take)]))))
                    kept += take + (nameEnd - i)
                }
            } else if i == from, end - i >= 5, buf[i] == 70, buf[i + 1] == 114, buf[i + 2] == 111, buf[i + 3] == 109, buf[i + 4] == 32 {
                // An mbox "From sender date" line before the headers.
            } else {
                return (headers, i, false, dropped)
            }
            i = next
        }
        return (headers, to, false, dropped)
    }

    /// The colon ending a field name: printable ASCII without spaces, optionally spaces before the colon.
    private static func headerColon(_ buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        var j = from
        while j < to, j - from < 128 {
            let b = buf[j]
            if b == 58 { return j > from ? j : nil }
            if b == 32 || b == 9 {
                var k = j
                while k < to, buf[k] == 32 || buf[k] == 9 { k += 1 }
                return k < to && buf[k] == 58 ? k : nil
            }
            if b < 33 || b > 126 { return nil }
            j += 1
        }
        return nil
    }

    /// A raw header value as text: ASCII as is; ESC sequences mean raw ISO-2022-JP (old Japanese
    /// mailers); valid UTF-8 as UTF-8 (RFC 6532); otherwise the part's charset, else Windows-1252.
    static func text(_ value: [UInt8], fallbackCharset: String?, warnings: inout MailWarnings) -> String {
        if !value.contains(where: { $0 >= 0x80 || $0 == 0x1B }) { return String(decoding: value, as: UTF8.self) }
        if value.contains(0x1B) { return MailCharset.decode(value[...], label: "iso-2022-jp", warnings: &warnings) }
        if let s = MailCharset.validUTF8(value[...]) { return s }
        if let cs = fallbackCharset, MailCharset.kind(cs) != .utf8(declared: true), MailCharset.kind(cs) != nil {
            return MailCharset.decode(value[...], label: cs, warnings: &warnings)
        }
        warnings.add("raw 8-bit header read as Windows-1252")
        return MailCharset.windows1252(value[...])
    }
}

/// `type/subtype; name="value"; name*0*=utf-8''%E2%82%AC…` (Content-Type, Content-Disposition).
struct MIMEParams {
    /// The part before the first ";", lowercased and trimmed.
    var value: String = ""
    /// Lowercased names; RFC 2231 continuations and charsets resolved.
    var params: [String: String] = [:]

    init() {}

    init(_ text: String, warnings: inout MailWarnings) {
        let b = Array(text.utf8)
        var i = 0
        while i < b.count, b[i] != 59 { i += 1 }
        value = Self.trim(b[0..<i]).lowercased()
        var plain: [String: String] = [:]
        var sections: [String: [Int: (value: [UInt8], extended: Bool)]] = [:]
        while i < b.count {
            while i < b.count, b[i] == 59 || MailBytes.isSpace(b[i]) { i += 1 }
            let nameStart = i
            while i < b.count, b[i] != 61, b[i] != 59 { i += 1 }
            guard i < b.count, b[i] == 61 else { continue }
            var name = Self.trim(b[nameStart..<i]).lowercased()
            i += 1
            while i < b.count, b[i] == 32 || b[i] == 9 { i += 1 }
            var raw: [UInt8] = []
            if i < b.count, b[i] == 34 {
                i += 1
                while i < b.count, b[i] != 34 {
                    if b[i] == 92, i + 1 < b.count { i += 1 }
                    raw.append(b[i])
                    i += 1
                }
                i += 1
            } else {
                let start = i
                while i < b.count, b[i] != 59 { i += 1 }
                raw = Array(Self.trim(b[start..<i]).utf8)
            }
            // RFC 2231: name*, name*N, name*N*.
            let extended = name.hasSuffix("*")
            if extended { name.removeLast() }
            var section = 0
            if let star = name.lastIndex(of: "*"), let n = Int(name[name.index(after: star)...]), (0..<1000).contains(n) {
                section = n
                name = String(name[..<star])
            } else if !extended {
                if plain[name] == nil { plain[name] = String(decoding: raw, as: UTF8.self) }
                continue
            }
            if sections[name, default: [:]][section] == nil { sections[name, default: [:]][section] = (raw, extended) }
        }
        params = plain
        for (name, parts) in sections {
            var bytes: [UInt8] = [], charset: String?
            let first = parts.keys.min()
            for n in parts.keys.sorted() {
                guard let part = parts[n] else { continue }
                var v = part.value[...]
                if part.extended, n == first, let q1 = v.firstIndex(of: 39),
                   let q2 = v[(q1 + 1)...].firstIndex(of: 39) {
                    charset = String(decoding: v[..<q1], as: UTF8.self)
                    v = v[(q2 + 1)...]
                }
                bytes += part.extended ? Self.percentDecoded(v) : Array(v)
            }
            let label = (charset?.isEmpty ?? true) ? nil : charset
            params[name] = MailCharset.decode(bytes[...], label: label, warnings: &warnings)
        }
    }

    private static func trim(_ s: ArraySlice<UInt8>) -> String {
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi, MailBytes.isSpace(s[lo]) { lo += 1 }
        while hi > lo, MailBytes.isSpace(s[hi - 1]) { hi -= 1 }
        return String(decoding: s[lo..<hi], as: UTF8.self)
    }

    private static func percentDecoded(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == 37, i + 2 < s.endIndex, let hi = MIMEEncoding.hexValue(s[i + 1]), let lo = MIMEEncoding.hexValue(s[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }
}

enum AddressList {
    /// `"Weber, Markus" <a@b.de>, =?UTF-8?Q?J=C3=BCrgen?= <c@d.de>, e@f.de (Eva), group: g@h.de;`.
    /// Structure is read before encoded words are decoded, so a decoded name may contain "," or "<".
    static func parse(_ text: String) -> [MailAddress] {
        let b = Array(text.utf8)
        var result: [MailAddress] = []
        var phrase: [UInt8] = [], comment: [UInt8] = [], angle: [UInt8]?
        /// Whether `phrase` holds an "@": kept as it grows, so a run of ":" does not search it each time.
        var phraseHasAt = false
        func finish() {
            defer { phrase = []; comment = []; angle = nil; phraseHasAt = false }
            let phraseText = collapse(phrase)
            if let angle {
                var address = MailASCII.removingSpaces(collapse(angle))
                if let colon = address.lastIndex(of: ":") { address = String(address[address.index(after: colon)...]) } // source route
                guard !address.isEmpty else { return }
                let name = EncodedWords.decode(phraseText)
                result.append(MailAddress(name: name.isEmpty ? nil : name, address: address))
            } else if !phraseText.isEmpty {
                let name = EncodedWords.decode(collapse(comment))
                result.append(MailAddress(name: name.isEmpty ? nil : name, address: MailASCII.removingSpaces(phraseText)))
            }
        }
        var i = 0
        while i < b.count {
            let c = b[i]
            switch c {
            case 34: // quoted string
                i += 1
                while i < b.count, b[i] != 34 {
                    if b[i] == 92, i + 1 < b.count { i += 1 }
                    if b[i] == 64 { phraseHasAt = true }
                    phrase.append(b[i])
                    i += 1
                }
            case 40: // comment, may nest
                var depth = 1
                i += 1
                while i < b.count, depth > 0 {
                    if b[i] == 92, i + 1 < b.count { i += 1 } else if b[i] == 40 { depth += 1 } else if b[i] == 41 { depth -= 1 }
                    if depth > 0 { comment.append(b[i]) }
                    i += 1
                }
                continue
            case 60: // angle address
                var a: [UInt8] = []
                i += 1
                while i < b.count, b[i] != 62 { a.append(b[i]); i += 1 }
                angle = a
            case 44, 59: finish()
            case 58 where angle == nil && !phraseHasAt: phrase = [] // "group:" name
            default:
                if angle == nil {
                    if c == 64 { phraseHasAt = true }
                    phrase.append(c)
                }
            }
            i += 1
        }
        finish()
        return result
    }

    private static func collapse(_ b: [UInt8]) -> String {
        String(decoding: b, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

enum MessageIDs {
    /// Ids inside angle brackets, or whitespace-separated tokens when a sender left the brackets off.
    static func parse(_ text: String) -> [String] {
        var ids: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let id = rest[rest.index(after: open)..<close].filter { !$0.isWhitespace }
            if !id.isEmpty { ids.append(String(id)) }
            rest = rest[rest.index(after: close)...]
        }
        if ids.isEmpty, !text.utf8.contains(60) {
            ids = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map(String.init)
        }
        return ids
    }
}
