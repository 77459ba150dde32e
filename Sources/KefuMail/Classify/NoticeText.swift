import Foundation

/// Text helpers for reading notices: phrase matching on folded text, lines, labelled fields and
/// digit-group ids. Everything scans forward once, so a 20 MB body stays linear.
package enum NoticeText {
    /// Lowercased, accents and full-width forms removed, typographic apostrophes and dashes made ASCII:
    /// "Rücksendung" → "rucksendung", "Garantie A à Z" → "garantie a a z", "返品理由：" → "返品理由:".
    /// Only for matching; values are always cut from the original text.
    static func folded(_ s: some StringProtocol) -> String {
        var f = String(s).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        if f.unicodeScalars.contains(where: { $0 == "\u{2019}" || $0 == "\u{2018}" || $0 == "\u{2010}" || $0 == "\u{2011}" || $0 == "\u{2013}" || $0 == "\u{00A0}" }) {
            var out = String.UnicodeScalarView()
            for u in f.unicodeScalars {
                switch u {
                case "\u{2019}", "\u{2018}": out.append("'")
                case "\u{2010}", "\u{2011}", "\u{2013}": out.append("-")
                case "\u{00A0}": out.append(" ")
                default: out.append(u)
                }
            }
            f = String(out)
        }
        return f
    }

    /// Where folded `phrase` occurs in `original`, as a range of the original (folding may change the
    /// length: "ß" → "ss"). For short texts such as subjects: folds one character at a time.
    static func range(of phrase: String, in original: String) -> Range<String.Index>? {
        var folded = ""
        var origin: [String.Index] = [] // original index of each folded character
        for i in original.indices {
            for c in NoticeText.folded(String(original[i])) {
                folded.append(c)
                origin.append(i)
            }
        }
        guard let r = folded.range(of: phrase) else { return nil }
        let lo = folded.distance(from: folded.startIndex, to: r.lowerBound)
        let hi = folded.distance(from: folded.startIndex, to: r.upperBound)
        let upper = hi < origin.count ? origin[hi] : original.endIndex
        return origin[lo]..<upper
    }

    /// Whether folded `hay` contains folded `phrase` as whole words: a Latin phrase must not start or
    /// end inside a word ("reso" is not found in "resolution"); CJK phrases match anywhere.
    static func contains(_ hay: String, phrase: String) -> Bool {
        // Most phrases are absent, and Foundation's search below costs a sixth of a Maildir import: an
        // ASCII phrase whose bytes are nowhere in the text cannot be found by it either.
        if phrase.utf8.allSatisfy({ $0 < 0x80 }) && !bytes(of: hay, contain: phrase) { return false }
        var from = hay.startIndex
        while let r = hay[from...].range(of: phrase) {
            let before = r.lowerBound == hay.startIndex ? nil : hay[hay.index(before: r.lowerBound)]
            let after = r.upperBound == hay.endIndex ? nil : hay[r.upperBound]
            if !joins(before, phrase.first) && !joins(after, phrase.last) { return true }
            from = hay.index(after: r.lowerBound)
        }
        return false
    }

    /// Whether `needle`'s UTF-8 bytes occur in `hay`'s.
    static func bytes(of hay: String, contain needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard !n.isEmpty else { return true }
        var hay = hay
        return hay.withUTF8 { MailBytes.find(n, in: $0, from: 0, to: $0.count) != nil }
    }

    /// A letter next to a phrase that starts/ends with a Latin letter or digit would make it part of a longer word.
    private static func joins(_ neighbour: Character?, _ edge: Character?) -> Bool {
        guard let n = neighbour, let e = edge, isLatinWordChar(e) else { return false }
        return isLatinWordChar(n)
    }

    private static func isLatinWordChar(_ c: Character) -> Bool {
        guard let u = c.unicodeScalars.first else { return false }
        return (u.value < 0x250 && (c.isLetter || c.isNumber))
    }

    /// The first phrase of `table` found in folded `hay`, with its language.
    static func firstMatch<K>(_ hay: String, in table: [(K, String, [String])]) -> (kind: K, language: String)? {
        for (kind, language, phrases) in table where phrases.contains(where: { contains(hay, phrase: $0) }) {
            return (kind, language)
        }
        return nil
    }

    /// Lines of `text` ("\n" ends), without a trailing "\r". Splits on the UTF-8 view: no grapheme work.
    static func lines(_ text: String) -> [Substring] {
        text.utf8.split(separator: 10, omittingEmptySubsequences: false).map { line in
            var s = Substring(line)
            if s.utf8.last == 13 { s = Substring(s.utf8.dropLast()) }
            return s
        }
    }

    /// `s` without leading and trailing whitespace (Unicode, incl. no-break and ideographic spaces).
    static func trimmed(_ s: some StringProtocol) -> String {
        let scalars = Substring(s).unicodeScalars
        guard let lo = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let hi = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(Substring(scalars[lo...hi]))
    }

    /// A "Label: value" line split at its first colon (ASCII or full-width); the label folded and
    /// trimmed ("Motif du retour :" → "motif du retour"), the value as written.
    static func labelled(_ line: Substring) -> (label: String, value: String)? {
        guard line.utf8.count <= 2_000,
              let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let label = trimmed(folded(line[..<colon]))
        guard !label.isEmpty, label.count <= 40 else { return nil }
        return (label, trimmed(line[line.index(after: colon)...]))
    }

    /// The first run of ASCII digits shaped like `groups` joined by "-" (e.g. [3, 7, 7] for an Amazon
    /// order id), not touching other digits or a hyphen-digit continuation.
    static func firstId(in s: String, groups: [Int]) -> String? {
        let u = Array(s.utf8)
        let total = groups.reduce(groups.count - 1, +)
        var i = 0
        while i + total <= u.count {
            if isDigit(u[i]), i == 0 || !isDigit(u[i - 1]), matches(u, at: i, groups: groups) {
                let end = i + total
                if end == u.count || !(isDigit(u[end]) || (u[end] == 45 && end + 1 < u.count && isDigit(u[end + 1]))) {
                    return String(decoding: u[i..<end], as: UTF8.self)
                }
            }
            i += 1
        }
        return nil
    }

    private static func matches(_ u: [UInt8], at start: Int, groups: [Int]) -> Bool {
        var k = start
        for (n, len) in groups.enumerated() {
            if n > 0 {
                guard u[k] == 45 else { return false }
                k += 1
            }
            for _ in 0..<len {
                guard isDigit(u[k]) else { return false }
                k += 1
            }
        }
        return true
    }

    static func isDigit(_ b: UInt8) -> Bool { (48...57).contains(b) }

    /// 64-bit FNV-1a, as 16 lowercase hex digits: stable across runs and platforms (unlike `hashValue`).
    package static func fnv1a64(_ parts: [String]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (n, part) in parts.enumerated() {
            if n > 0 { h = (h ^ 0x1F) &* 0x100_0000_01b3 } // a unit separator between the parts
            for b in part.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
