/// Reply and forward prefixes of a subject, as the intake threads by them and the notice readers find
/// the item's name behind them.
public enum MailSubject {
    /// Reply and forward markers (lowercase): `re`, `AW`, `WG`, `SV`, `RV`, `回复` …
    static let replyWords: [[Unicode.Scalar]] = ["re", "aw", "fwd", "fw", "wg", "tr", "sv", "vs", "rv", "antw", "rif", "r",
                                                 "回复", "答复", "转发", "返信"].map { Array($0.unicodeScalars) }

    /// "AW: Re[2]: Lampe" → "Lampe": reply and forward prefixes in several languages, any number of them
    /// (`\s* WORD \s* ([N])? \s* [:：] \s*`, case-insensitive). Scanned by hand in one pass: the regex
    /// it replaces backtracked over a long run of spaces, and a buyer's 100 KB subject stalled intake.
    public static func stripReplyPrefixes(_ subject: String) -> String {
        let u = Array(subject.unicodeScalars)
        var start = 0
        while let next = replyPrefixEnd(u, from: start) { start = next }
        if start == 0 { return subject }
        var rest = String.UnicodeScalarView()
        rest.append(contentsOf: u[start...])
        return String(rest)
    }

    /// Where the reply prefix starting at `i` ends (after the colon and the spaces behind it), or nil.
    static func replyPrefixEnd(_ u: [Unicode.Scalar], from i: Int) -> Int? {
        func spaces(_ k: Int) -> Int {
            var k = k
            while k < u.count, u[k].properties.isWhitespace { k += 1 }
            return k
        }
        func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
            (65...90).contains(c.value) ? Unicode.Scalar(c.value + 32)! : c
        }
        let w = spaces(i)
        for word in replyWords where w + word.count <= u.count {
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
        }
        return nil
    }
}
