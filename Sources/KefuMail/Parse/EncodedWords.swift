import Foundation

/// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text.
enum EncodedWords {
    static func decode(_ text: String) -> String {
        var ignored = MailWarnings()
        return decode(text, warnings: &ignored)
    }

    /// Decodes every encoded word. Whitespace between two encoded words is dropped (RFC 2047 6.2), and
    /// the bytes of adjacent words in the same charset are joined before decoding, since mailers split
    /// words inside a multibyte character. Words glued to plain text are decoded too, as mail clients do.
    static func decode(_ text: String, warnings: inout MailWarnings) -> String {
        var text = text
        let decoded: [UInt8]? = text.withUTF8 { b in
            guard MailBytes.find(marker, in: b, from: 0, to: b.count) != nil else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var pending: (charset: String, bytes: [UInt8])?
            var gap: Range<Int>? // whitespace after an encoded word, dropped if another word follows
            func flush() {
                guard let p = pending else { return }
                out += Array(MailCharset.decode(p.bytes[...], label: p.charset, warnings: &warnings).utf8)
                pending = nil
            }
            var i = 0
            while true {
                let at = MailBytes.find(marker, in: b, from: i, to: b.count) ?? b.count
                if pending != nil, !b[i..<at].contains(where: { !MailBytes.isSpace($0) }) {
                    gap = i..<at
                } else {
                    flush()
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<at]))
                }
                guard at < b.count else { break }
                if let word = match(b, at: at) {
                    if let p = pending, p.charset == word.charset {
                        pending?.bytes += word.bytes
                    } else {
                        flush()
                        pending = (word.charset, word.bytes)
                    }
                    gap = nil
                    i = word.end
                } else {
                    flush()
                    if let g = gap { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[g])) }
                    gap = nil
                    out += marker
                    i = at + 2
                }
            }
            flush()
            if let g = gap { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[g])) }
            return out
        }
        return decoded.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    private static let marker: [UInt8] = [61, 63] // "=?"

    /// The encoded word starting at `i`: its charset (lowercased, `*lang` dropped), decoded bytes and end.
    private static func match(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        guard i + 1 < b.count, b[i + 1] == 63 else { return nil }
        var j = i + 2
        let csStart = j
        while j < b.count, b[j] != 63, j - csStart < 64 {
            if b[j] <= 32 || b[j] >= 127 { return nil }
            j += 1
        }
        guard j > csStart, j + 2 < b.count, b[j] == 63, b[j + 2] == 63 else { return nil }
        var charset = String(decoding: UnsafeBufferPointer(rebasing: b[csStart..<j]), as: UTF8.self).lowercased()
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let encoding = b[j + 1] | 0x20
        guard encoding == 98 || encoding == 113 else { return nil }
        let textStart = j + 3
        // RFC 2047 caps a word at 75 characters; allow far more, but not a scan of the whole header.
        guard let k = MailBytes.find(63, in: b, from: textStart, to: min(b.count, textStart + 4096)),
              k + 1 < b.count, b[k + 1] == 61 else { return nil }
        let payload = ArraySlice(UnsafeBufferPointer(rebasing: b[textStart..<k]))
        let bytes = encoding == 98 ? TransferDecoding.base64(payload) : qDecode(payload)
        return (charset, bytes, k + 2)
    }

    /// The Q encoding: like quoted-printable, plus "_" for a space.
    private static func qDecode(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == 95 {
                out.append(32)
            } else if c == 61, i + 2 < s.endIndex, let hi = MIMEEncoding.hexValue(s[i + 1]), let lo = MIMEEncoding.hexValue(s[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
