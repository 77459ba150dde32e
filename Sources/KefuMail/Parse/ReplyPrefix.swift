import Foundation

/// Reply and forward prefixes mail clients put before a subject — the one scanner for threading
/// incoming mail, reading marketplace notices and writing our own "Re:".
public enum ReplyPrefix {
    /// Lowercase: English, German, Dutch, Scandinavian, Spanish/Italian, French, Chinese, Japanese.
    static let words: [[Unicode.Scalar]] = ["re", "aw", "fwd", "fw", "wg", "tr", "sv", "vs", "rv", "antw", "rif", "r", "réf.",
                                            "回复", "答复", "转发", "返信"].map { Array($0.unicodeScalars) }

    /// "AW: Re[2]: Lampe" → "Lampe": any number of prefixes (`\s* WORD \s* ([N])? \s* [:：] \s*`,
    /// case-insensitive; "Réf." needs no colon, its dot ends it). Scanned by hand in one pass: a regex
    /// backtracked over a long run of spaces, and a buyer's 100 KB subject stalled intake.
    public static func strip(_ subject: String) -> String {
        let u = Array(subject.unicodeScalars)
        var start = 0
        while let next = end(u, from: start) { start = next }
        if start == 0 { return subject }
        var rest = String.UnicodeScalarView()
        rest.append(contentsOf: u[start...])
        return String(rest)
    }

    /// Where the prefix starting at `i` ends (after the colon and the spaces behind it), or nil.
    static func end(_ u: [Unicode.Scalar], from i: Int) -> Int? {
        func spaces(_ k: Int) -> Int {
            var k = k
            while k < u.count, u[k].properties.isWhitespace { k += 1 }
            return k
        }
        func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
            if c.isASCII { return (65...90).contains(c.value) ? Unicode.Scalar(c.value + 32)! : c }
            let l = c.properties.lowercaseMapping.unicodeScalars
            return l.count == 1 ? l.first! : c
        }
        let w = spaces(i)
        for word in words where w + word.count <= u.count {
            var k = w
            while k - w < word.count, lower(u[k]) == word[k - w] { k += 1 }
            guard k - w == word.count else { continue }
            k = spaces(k)
            if k < u.count, u[k] == "[" {
                var d = k + 1
                while d < u.count, u[d].properties.numericType == .decimal { d += 1 }
                if d > k + 1, d < u.count, u[d] == "]" { k = spaces(d + 1) }
            }
            if k < u.count, u[k] == ":" || u[k] == "：" { return spaces(k + 1) }
            if word.last == "." { return k }
        }
        return nil
    }
}
