import Foundation

/// Character references: numeric (decimal, hex) and the named ones that turn up in commerce mail.
extension HTMLText {
    static let named: [String: Unicode.Scalar] = {
        let pairs: [(String, UInt32)] = [
            ("amp", 38), ("lt", 60), ("gt", 62), ("quot", 34), ("apos", 39), ("nbsp", 32), ("shy", 0xAD),
            ("euro", 0x20AC), ("pound", 0xA3), ("yen", 0xA5), ("cent", 0xA2), ("copy", 0xA9), ("reg", 0xAE), ("trade", 0x2122),
            ("sect", 0xA7), ("para", 0xB6), ("deg", 0xB0), ("plusmn", 0xB1), ("times", 0xD7), ("divide", 0xF7), ("micro", 0xB5),
            ("middot", 0xB7), ("bull", 0x2022), ("hellip", 0x2026), ("ndash", 0x2013), ("mdash", 0x2014),
            ("lsquo", 0x2018), ("rsquo", 0x2019), ("sbquo", 0x201A), ("ldquo", 0x201C), ("rdquo", 0x201D), ("bdquo", 0x201E),
            ("laquo", 0xAB), ("raquo", 0xBB), ("lsaquo", 0x2039), ("rsaquo", 0x203A), ("iexcl", 0xA1), ("iquest", 0xBF),
            ("ordf", 0xAA), ("ordm", 0xBA), ("sup1", 0xB9), ("sup2", 0xB2), ("sup3", 0xB3), ("frac12", 0xBD), ("frac14", 0xBC),
            ("frac34", 0xBE), ("ensp", 0x2002), ("emsp", 0x2003), ("thinsp", 0x2009), ("zwnj", 0x200C), ("zwj", 0x200D),
            ("larr", 0x2190), ("rarr", 0x2192), ("uarr", 0x2191), ("darr", 0x2193), ("hearts", 0x2665), ("star", 0x2606),
            ("check", 0x2713), ("dagger", 0x2020), ("permil", 0x2030), ("szlig", 0xDF), ("yuml", 0xFF), ("Yuml", 0x178),
            ("oelig", 0x153), ("OElig", 0x152), ("scaron", 0x161), ("Scaron", 0x160), ("zcaron", 0x17E), ("Zcaron", 0x17D),
            ("aelig", 0xE6), ("AElig", 0xC6), ("aring", 0xE5), ("Aring", 0xC5), ("oslash", 0xF8), ("Oslash", 0xD8),
            ("ccedil", 0xE7), ("Ccedil", 0xC7), ("ntilde", 0xF1), ("Ntilde", 0xD1), ("eth", 0xF0), ("thorn", 0xFE),
        ]
        var table: [String: Unicode.Scalar] = [:]
        for (name, value) in pairs { if let s = Unicode.Scalar(value) { table[name] = s } }
        // Accented vowels: &aacute; &Egrave; &ouml; … for a e i o u (and y acute).
        let bases: [(String, UInt32, UInt32)] = [("a", 0xC0, 0xE0), ("e", 0xC8, 0xE8), ("i", 0xCC, 0xEC), ("o", 0xD2, 0xF2), ("u", 0xD9, 0xF9)]
        for (v, upper, lower) in bases {
            // Latin-1 order: grave, acute, circ, then tilde for a and o only, then uml.
            let marks = v == "a" || v == "o" ? ["grave", "acute", "circ", "tilde", "uml"] : ["grave", "acute", "circ", "uml"]
            for (k, mark) in marks.enumerated() {
                let offset = UInt32(k)
                if let s = Unicode.Scalar(lower + offset) { table[v + mark] = s }
                if let s = Unicode.Scalar(upper + offset) { table[v.uppercased() + mark] = s }
            }
        }
        table["yacute"] = Unicode.Scalar(0xFD)
        table["Yacute"] = Unicode.Scalar(0xDD)
        return table
    }()

    /// The UTF-8 bytes of the reference at `b[i] == "&"` and the index after it. An unknown or
    /// malformed reference is the literal "&".
    static func entity<C: RandomAccessCollection>(_ b: C, at i: C.Index) -> ([UInt8], C.Index) where C.Element == UInt8, C.Index == Int {
        var j = i + 1
        if j < b.endIndex, b[j] == 35 { // "#"
            j += 1
            let hex = j < b.endIndex && (b[j] | 0x20) == 120
            if hex { j += 1 }
            let start = j
            var value: UInt32 = 0
            while j < b.endIndex, j - start < 8 {
                let d: UInt8? = hex ? MIMEEncoding.hexValue(b[j]) : ((48...57).contains(b[j]) ? b[j] - 48 : nil)
                guard let d else { break }
                value = value * (hex ? 16 : 10) + UInt32(d)
                j += 1
            }
            guard j > start else { return ([38], i + 1) }
            if j < b.endIndex, b[j] == 59 { j += 1 }
            if (0x80...0x9F).contains(value) { value = UInt32(MailCharset.cp1252High[Int(value) - 0x80]) } // as browsers do
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (Array(String(scalar ?? "\u{FFFD}").utf8), j)
        }
        let start = j
        while j < b.endIndex, j - start < 10, isLetter(b[j]) || (48...57).contains(b[j]) { j += 1 }
        guard j < b.endIndex, b[j] == 59, j > start,
              let scalar = named[String(decoding: b[start..<j], as: UTF8.self)] else { return ([38], i + 1) }
        return (scalar.value == 0xAD ? [] : Array(String(scalar).utf8), j + 1)
    }

    /// Attribute values (hrefs) with references decoded.
    static func decodeEntities(_ s: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == 38 {
                let (bytes, next) = entity(s, at: i)
                out += bytes
                i = next
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
