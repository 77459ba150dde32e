/// The one neutraliser for text of outside origin (buyers, mail headers, files, mail commands) on its
/// way to a terminal or a plain-text file: every command's output, every warning and error, the
/// inbox screen (through `DisplayText`), Markdown exports. The stored raw text stays untouched.
///
/// - C0 controls become their Control Pictures glyph (U+2400 + code: ESC → "␛", BEL → "␇",
///   BS → "␈", NUL → "␀"); DEL becomes "␡".
/// - C1 controls (U+0080–U+009F), bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E,
///   U+200F, U+061C) and the deprecated shaping/mirroring controls U+206A–U+206F become
///   "\u{FFFD}" ("�").
/// - Line breaks: `line` turns `"\r\n"`, `"\r"`, `"\n"`, TAB and U+2028/U+2029 into one space;
///   `block` keeps line breaks as `"\n"` (U+2028/U+2029 too) and keeps TAB.
/// - At the start of each line, variation selectors and ZWJ/ZWNJ are dropped, and a leading
///   combining mark gets a U+25CC "◌" base so it cannot attach to the preceding cell.
///
/// No ESC, BEL, C1 or bidi control ever survives, so no text can move the cursor, set the
/// terminal's title, or reorder what is shown around it.
public enum TerminalText {

    /// One display line: line breaks and TAB become a space. Returns `s` itself when nothing changes.
    public static func line(_ s: String) -> String {
        if isPrintableASCII(s) { return s }
        return sanitize(s.unicodeScalars[...], original: s, keepTab: false)
    }

    /// Splits on `"\r\n"`, `"\r"` and `"\n"`, each line neutralised as by `line`. A trailing line
    /// break yields a trailing empty line; `""` gives `[""]`.
    public static func lines(_ s: String) -> [String] {
        split(s, keepTab: false)
    }

    /// Multi-line text for standard output, standard error or a plain-text file: line breaks
    /// (`"\r\n"`, `"\r"`, `"\n"`, U+2028, U+2029) become `"\n"`, TAB stays, everything else as `line`.
    public static func block(_ s: String) -> String {
        if isPrintableASCIIOrLayout(s) { return s }
        return split(s, keepTab: true).joined(separator: "\n")
    }

    /// A formatted document (CSV with CRLF, JSON, HTML) kept byte for byte but for the characters
    /// `isNeutralised` other than CR, LF and TAB, which become their `visible` stand-ins. No line
    /// handling: the document's own structure is left alone.
    public static func document(_ s: String) -> String {
        var dirty = false
        for sc in s.unicodeScalars where isNeutralised(sc.value) && !isLayout(sc.value) { dirty = true; break }
        guard dirty else { return s }
        var out = String.UnicodeScalarView()
        for sc in s.unicodeScalars {
            out.append(isLayout(sc.value) ? sc : visible(sc) ?? sc)
        }
        return String(out)
    }

    @inline(__always)
    private static func isLayout(_ v: UInt32) -> Bool { v == 0x0A || v == 0x0D || v == 0x09 }

    /// True for a scalar that is never written as it is: C0 controls (including line breaks and
    /// TAB), DEL, C1 controls, bidi controls, U+2028/U+2029.
    @inline(__always)
    public static func isNeutralised(_ v: UInt32) -> Bool {
        if v < 0x80 { return v < 0x20 || v == 0x7F }
        switch v {
        case 0x80...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069, 0x206A...0x206F: return true
        default: return false
        }
    }

    /// The visible stand-in for a scalar that `isNeutralised`: a Control Pictures glyph for C0 and
    /// DEL, "�" for C1, bidi and shaping controls and line/paragraph separators. Nil for any other scalar.
    public static func visible(_ sc: Unicode.Scalar) -> Unicode.Scalar? {
        let v = sc.value
        guard isNeutralised(v) else { return nil }
        if v < 0x20 { return Unicode.Scalar(0x2400 + v)! }
        if v == 0x7F { return "\u{2421}" }
        return "\u{FFFD}"
    }

    // MARK: - Internals

    private static func split(_ s: String, keepTab: Bool) -> [String] {
        let scalars = s.unicodeScalars
        var result: [String] = []
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let v = scalars[i].value
            if v == 0x0A || v == 0x0D || (keepTab && (v == 0x2028 || v == 0x2029)) {
                result.append(sanitize(scalars[start..<i], original: nil, keepTab: keepTab))
                var next = scalars.index(after: i)
                if v == 0x0D, next < scalars.endIndex, scalars[next].value == 0x0A {
                    next = scalars.index(after: next)
                }
                start = next
                i = next
            } else {
                i = scalars.index(after: i)
            }
        }
        if start == scalars.startIndex {
            return [keepTab ? sanitize(scalars[...], original: s, keepTab: true) : line(s)]
        }
        result.append(sanitize(scalars[start..<scalars.endIndex], original: nil, keepTab: keepTab))
        return result
    }

    /// Neutralises a run of scalars that contains no line breaks other than those to be turned into
    /// spaces. `original`, when given, is returned as is if nothing needs changing.
    private static func sanitize(_ scalars: Substring.UnicodeScalarView, original: String?, keepTab: Bool) -> String {
        if isClean(scalars, keepTab: keepTab) {
            return original ?? String(Substring(scalars))
        }
        var out = String.UnicodeScalarView()
        var atStart = true
        var afterCR = false
        for sc in scalars {
            let v = sc.value
            if afterCR {
                afterCR = false
                if v == 0x0A { continue }               // "\r\n" is one break → one space
            }
            if atStart {
                if isLeadingJoiner(v) { continue }
                if isCombiningMark(sc) { out.append("\u{25CC}") }
                atStart = false
            }
            switch v {
            case 0x09 where keepTab:
                out.append(sc)
            case 0x0D:
                out.append(" ")
                afterCR = true
            case 0x0A, 0x09, 0x2028, 0x2029:
                out.append(" ")
            default:
                out.append(visible(sc) ?? sc)
            }
        }
        return String(out)
    }

    /// True when `sanitize` would return the input unchanged.
    private static func isClean(_ scalars: Substring.UnicodeScalarView, keepTab: Bool) -> Bool {
        guard let first = scalars.first else { return true }
        if isLeadingJoiner(first.value) || isCombiningMark(first) { return false }
        if !keepTab, let clean = Substring(scalars).utf8.withContiguousStorageIfAvailable(utf8IsClean) {
            return clean
        }
        for sc in scalars where isNeutralised(sc.value) && !(keepTab && sc.value == 0x09) { return false }
        return true
    }

    /// Byte-level `isNeutralised` scan over valid UTF-8.
    private static func utf8IsClean(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c < 0x20 || c == 0x7F { return false }
            } else if c == 0xC2 {
                if i + 1 < n, b[i + 1] < 0xA0 { return false }            // U+0080–U+009F
            } else if c == 0xD8 {
                if i + 1 < n, b[i + 1] == 0x9C { return false }           // U+061C
            } else if c == 0xE2, i + 2 < n {
                let c1 = b[i + 1], c2 = b[i + 2]
                if c1 == 0x80, c2 == 0x8E || c2 == 0x8F || (0xA8...0xAE).contains(c2) {
                    return false                                          // U+200E/F, U+2028–U+202E
                }
                if c1 == 0x81, (0xA6...0xAF).contains(c2) { return false } // U+2066–U+206F
            }
            i += 1
        }
        return true
    }

    /// Scalars dropped at the start of a line: they would join with whatever precedes the cell.
    @inline(__always)
    private static func isLeadingJoiner(_ v: UInt32) -> Bool {
        switch v {
        case 0x200C, 0x200D, 0xFE00...0xFE0F, 0xE0100...0xE01EF: return true
        default: return false
        }
    }

    private static func isCombiningMark(_ sc: Unicode.Scalar) -> Bool {
        if sc.value < 0x300 { return false }
        switch sc.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// True when every byte is printable ASCII (0x20–0x7E).
    @inline(__always)
    public static func isPrintableASCII(_ s: String) -> Bool {
        if let r = s.utf8.withContiguousStorageIfAvailable({ buf -> Bool in
            for b in buf where b &- 0x20 >= 0x5F { return false }
            return true
        }) { return r }
        for b in s.utf8 where b &- 0x20 >= 0x5F { return false }
        return true
    }

    /// Printable ASCII plus "\n" and TAB, with no line starting oddly (ASCII cannot): `block` keeps it.
    @inline(__always)
    private static func isPrintableASCIIOrLayout(_ s: String) -> Bool {
        for b in s.utf8 where b &- 0x20 >= 0x5F && b != 0x0A && b != 0x09 { return false }
        return true
    }
}
