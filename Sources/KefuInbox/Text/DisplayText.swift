import KefuBase

/// Display-layer text handling: neutralising untrusted (buyer) text, measuring it in terminal
/// cells, and fitting / wrapping it into columns.
///
/// Pure Swift: widths come from explicit East Asian Wide ranges plus `Unicode.Scalar.Properties`
/// (general category, emoji presentation), never from the C library's `wcwidth`, so results are
/// the same on every machine and in every locale. Everything works on grapheme clusters
/// (`Character`), so a cut or a wrap never separates a base from its combining marks, never
/// splits a flag, a keycap or a ZWJ emoji sequence, and never halves a wide character.
public enum DisplayText {

    // MARK: - Sanitising

    /// Neutralises buyer text for display; the stored raw text stays untouched. The rules are
    /// `TerminalText.line`'s (KefuBase), the same every command uses for its output: line breaks,
    /// TAB and U+2028/U+2029 become a space, C0 controls a Control Pictures glyph ("␛", "␇"), DEL
    /// "␡", C1 and bidi controls "�"; a leading joiner is dropped, a leading combining mark gets a
    /// "◌" base. Returns `s` itself (no copy) when nothing needs changing.
    public static func sanitizeLine(_ s: String) -> String {
        TerminalText.line(s)
    }

    /// Splits into display lines on `"\r\n"`, `"\r"` and `"\n"`, each line sanitised as by
    /// `sanitizeLine`. A trailing line break yields a trailing empty line (like
    /// `split(omittingEmptySubsequences: false)`); `""` gives `[""]`.
    public static func lines(_ s: String) -> [String] {
        TerminalText.lines(s)
    }

    // MARK: - Measuring

    /// Terminal cell width of one grapheme cluster:
    /// - 0 when the cluster is only zero-width scalars (combining marks, format chars such as
    ///   ZWJ/ZWSP, variation selectors) — and for control characters;
    /// - 2 for East Asian Wide/Fullwidth bases (CJK, Hangul, kana, fullwidth forms) and for emoji
    ///   presentation: an `isEmojiPresentation` base, an emoji base followed by U+FE0F, keycaps,
    ///   ZWJ sequences, skin-tone sequences, and regional-indicator pairs (flags);
    /// - 1 otherwise, including a lone regional indicator.
    ///
    /// Non-emoji clusters with more than one *spacing* scalar — Indic spacing vowel signs (Mc)
    /// and conjuncts, which Unicode groups into one cluster — count one cell per spacing scalar,
    /// as terminals (`wcwidth`) draw them, capped at 2 like every cluster; e.g. "का" is 2.
    @inline(__always)
    public static func width(of ch: Character) -> Int {
        let u = ch.utf8
        if u.count == 1 {
            let b = u.first!
            return (b < 0x20 || b == 0x7F) ? 0 : 1
        }
        return clusterWidth(ch.unicodeScalars)
    }

    /// Sum of the cluster widths of `s` (equal to `s.reduce(0) { $0 + width(of: $1) }`).
    /// Walks scalars rather than grapheme clusters unless `s` contains a scalar whose width
    /// depends on its cluster (emoji sequences, Indic spacing marks and viramas), so for most
    /// text it does not allocate and costs a table lookup per scalar.
    public static func width(_ s: String) -> Int {
        if isPrintableASCII(s) { return s.utf8.count }
        var total = 0
        for sc in s.unicodeScalars {
            let v = sc.value
            if v < 0x7F {
                if v >= 0x20 { total &+= 1 }
            } else {
                let info = scalarInfo(sc)
                if info & clusterDependent != 0 {
                    total = 0
                    for ch in s { total &+= width(of: ch) }
                    return total
                }
                total &+= Int(info)
            }
        }
        return total
    }

    // MARK: - Fitting

    /// Fits `s` into at most `columns` cells. If `s` is wider, it is cut at a cluster boundary
    /// and ends with "…" (1 cell) so the total is `<= columns`. A wide character that would
    /// straddle the limit is dropped, so the result may be one cell narrower than `columns`.
    /// `columns <= 0` gives `""`.
    public static func truncate(_ s: String, to columns: Int) -> String {
        truncateMeasured(s, to: columns).text
    }

    /// `truncate(s, to: columns)` padded with spaces to exactly `columns` cells.
    /// `columns <= 0` gives `""`.
    public static func fit(_ s: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        var (text, w) = truncateMeasured(s, to: columns)
        if w < columns { text.append(String(repeating: " ", count: columns - w)) }
        return text
    }

    /// Word-wraps one already-sanitised line to `columns` cells by `SoftWrap`'s rule (printable
    /// ASCII by an equivalent fast scan): breaks after spaces when possible (the space at a break is
    /// dropped, as are leading spaces of continuation lines), next to wide characters, and a word
    /// longer than a line (long URLs) at any cluster boundary. Wide characters are never split. Every line is at most `columns` cells — in the degenerate
    /// case of a wide character and `columns == 1`, that character is shown as "…".
    /// Always returns at least one (possibly empty) line; `columns <= 0` gives `[""]`.
    public static func wrap(_ s: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [""] }
        if isPrintableASCII(s) && s.utf8.first != 0x20 {
            // Every byte is its own one-cell cluster: skip grapheme breaking. (An indented line goes the
            // general way: its leading spaces wrap as the composer wraps them.)
            if s.utf8.count <= columns { return [s] }
            return wrap(s, columns, s.utf8.lazy.map { Cluster(bytes: 1, width: 1, isSpace: $0 == 0x20) })
        }
        // Everything else by the composer's rule (`SoftWrap`), so CJK wraps the same on screen and in the editor.
        let chars = Array(s)
        return SoftWrap.spans(of: chars, width: columns, cellWidth: width(of:)).map { span in
            var line = String(chars[span.start..<span.visibleEnd])
            while line.last == " " { line.removeLast() }
            return width(line) > columns ? "…" : line   // a wide character alone in one column
        }
    }

    // MARK: - Internals: wrapping

    private struct Cluster {
        var bytes: Int
        var width: Int
        var isSpace: Bool
    }

    private static func wrap(_ s: String, _ columns: Int, _ clusters: some Sequence<Cluster>) -> [String] {
        var lines: [String] = []
        var lineStart = 0             // UTF-8 offset where the current line begins
        var lineWidth = 0             // cells used by the current line
        var offset = 0                // UTF-8 offset just past the current cluster
        var breakAt: (offset: Int, width: Int)? = nil  // last space after a word, and the width before it
        var hasWord = false           // current line has a non-space cluster
        var skippingSpaces = false    // at the start of a continuation line

        func emit(_ from: Int, _ to: Int) {
            var line = slice(s, from, to)
            while line.last == " " { line.removeLast() }
            lines.append(String(line))
        }

        for c in clusters {
            let start = offset
            offset += c.bytes
            let isSpace = c.isSpace
            if skippingSpaces {
                if isSpace { lineStart = offset; continue }
                skippingSpaces = false
            }
            let w = c.width
            if lineWidth + w > columns {
                if isSpace {
                    // The overflowing space itself is the break.
                    emit(lineStart, start)
                    lineStart = offset
                    lineWidth = 0
                    breakAt = nil
                    hasWord = false
                    skippingSpaces = true
                    continue
                }
                if let b = breakAt {
                    emit(lineStart, b.offset)
                    lineStart = b.offset + 1            // past the (1-byte, 1-cell) space
                    lineWidth -= b.width + 1
                    breakAt = nil
                    hasWord = lineStart < start         // the carried-over part has no spaces
                }
                if lineWidth + w > columns {
                    // No usable space: hard break at this cluster boundary.
                    if lineStart < start { emit(lineStart, start) }
                    lineStart = start
                    lineWidth = 0
                    breakAt = nil
                    hasWord = false
                    if w > columns {                    // wide char, columns == 1
                        lines.append("…")
                        lineStart = offset
                        continue
                    }
                }
            }
            if isSpace {
                if hasWord { breakAt = (start, lineWidth) }
            } else {
                hasWord = true
            }
            lineWidth += w
        }
        if lineStart < offset {
            lines.append(String(slice(s, lineStart, offset)))
        } else if lines.isEmpty {
            lines.append("")
        }
        return lines
    }

    // MARK: - Internals: widths

    /// Width of a cluster given as scalars. Emoji sequences (VS16, ZWJ, skin tone, keycap) are 2;
    /// otherwise the widths of the cluster's scalars are summed, capped at 2 (the cell grid holds
    /// a cluster in one or two cells) — which is the base's width for base + combining marks and
    /// for Hangul L+V+T, 2 for a regional-indicator pair, and what terminals draw for an Indic
    /// consonant + spacing vowel sign or a two-consonant conjunct (one cell per spacing scalar,
    /// as with `wcwidth`).
    private static func clusterWidth(_ scalars: Character.UnicodeScalarView) -> Int {
        var base: Unicode.Scalar? = nil
        var sum = 0
        var vs16 = false, zwj = false, joined = false, keycap = false, modifier = false
        for sc in scalars {
            switch sc.value {
            case 0xFE0F: vs16 = true; continue
            case 0x200D: zwj = true; continue
            case 0x20E3: keycap = true; continue
            case 0x1F3FB...0x1F3FF: modifier = true
            default: break
            }
            let w = scalarWidth(sc)
            if w > 0 {
                if base == nil { base = sc } else if zwj { joined = true }
            }
            sum += w
        }
        if vs16 || joined || keycap || modifier, let b = base {
            if keycap {
                switch b.value {
                case 0x23, 0x2A, 0x30...0x39: return 2  // "#", "*", "0"–"9"
                default: break
                }
            }
            let p = b.properties
            if vs16 && p.isEmoji { return 2 }
            if joined && b.value >= 0x80 && p.isEmoji { return 2 }  // ZWJ sequence
            if modifier && p.isEmojiModifierBase { return 2 }
        }
        return min(sum, 2)
    }

    /// Flag in `scalarInfo`: the scalar's contribution depends on its cluster (emoji-sequence
    /// scalars, spacing marks, viramas), so `width(_:)` must measure cluster by cluster.
    private static let clusterDependent: UInt8 = 0x80

    /// Width of a single scalar on its own: 0, 1 or 2.
    @inline(__always)
    private static func scalarWidth(_ sc: Unicode.Scalar) -> Int {
        Int(scalarInfo(sc) & 0x7F)
    }

    /// Width (low bits) plus the `clusterDependent` flag. O(1) for the BMP and the emoji planes.
    @inline(__always)
    private static func scalarInfo(_ sc: Unicode.Scalar) -> UInt8 {
        let v = sc.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        if v < 0x10000 { return bmpInfo[Int(v)] }
        if v >= 0x1F000 && v < 0x1FC00 { return emojiPlaneInfo[Int(v - 0x1F000)] }
        return computeScalarInfo(sc)
    }

    /// Precomputed `scalarInfo` for U+0000–U+FFFF (64 KiB, built once on first use).
    private static let bmpInfo: [UInt8] = (0..<0x10000).map { v in
        guard let sc = Unicode.Scalar(UInt32(v)) else { return 1 }  // surrogate code points
        return computeScalarInfo(sc)
    }

    /// Precomputed `scalarInfo` for U+1F000–U+1FBFF (most emoji live here).
    private static let emojiPlaneInfo: [UInt8] = (0x1F000..<0x1FC00).map { v in
        computeScalarInfo(Unicode.Scalar(UInt32(v))!)
    }

    /// The width rules for one scalar, plus the `clusterDependent` flag; used directly only
    /// outside the tabulated ranges.
    private static func computeScalarInfo(_ sc: Unicode.Scalar) -> UInt8 {
        let v = sc.value
        if v < 0x300 { return (v < 0x20 || (v >= 0x7F && v < 0xA0)) ? 0 : 1 }
        switch v {
        // Scalars that only mean something inside an emoji sequence.
        case 0xFE0F, 0x200D, 0x20E3:
            return clusterDependent
        case 0x1F3FB...0x1F3FF:                          // skin-tone modifiers
            return 2 | clusterDependent
        // Zero width inside otherwise-wide blocks, Hangul medial/final jamo, and common format chars.
        case 0x302A...0x302D, 0x3099...0x309A,
             0x1160...0x11FF, 0xD7B0...0xD7FF,
             0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F,
             0xFE00...0xFE0E, 0xFEFF, 0xE0000...0xE0FFF:
            return 0
        // A regional indicator alone is narrow; a pair (a flag) sums to 2.
        case 0x1F1E6...0x1F1FF:
            return 1
        // East Asian Wide / Fullwidth.
        case 0x1100...0x115F,
             0x2329...0x232A,
             0x2E80...0x303E,
             0x3041...0x33FF,
             0x3400...0x4DBF,
             0x4E00...0x9FFF,
             0xA000...0xA4CF,
             0xA960...0xA97F,
             0xAC00...0xD7A3,
             0xF900...0xFAFF,
             0xFE10...0xFE19,
             0xFE30...0xFE6F,
             0xFF00...0xFF60,
             0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x16FF0...0x16FF1,
             0x17000...0x18CFF, 0x18D00...0x18D08,
             0x1AFF0...0x1B2FF,
             0x1F200...0x1F2FF,
             0x20000...0x2FFFD,
             0x30000...0x3FFFD:
            return 2
        default:
            break
        }
        let p = sc.properties
        switch p.generalCategory {
        case .nonspacingMark:
            // A virama can fuse the next consonant into its cluster (Unicode 15.1 GB9c).
            return p.canonicalCombiningClass == .virama ? clusterDependent : 0
        case .spacingMark:
            return 1 | clusterDependent                  // takes a cell, but inside its base's cluster
        case .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return 0
        default:
            break
        }
        if v >= 0x231A && p.isEmojiPresentation { return 2 }
        return 1
    }

    // MARK: - Internals: helpers

    /// True when every byte is printable ASCII (0x20–0x7E): then width == byte count.
    @inline(__always)
    private static func isPrintableASCII(_ s: String) -> Bool { TerminalText.isPrintableASCII(s) }

    /// `s` between two UTF-8 offsets that are known to be cluster boundaries.
    private static func slice(_ s: String, _ from: Int, _ to: Int) -> Substring {
        let u = s.utf8
        let i = u.index(u.startIndex, offsetBy: from)
        let j = u.index(i, offsetBy: to - from)
        return s[i..<j]
    }

    private static func truncateMeasured(_ s: String, to columns: Int) -> (text: String, width: Int) {
        guard columns > 0 else { return ("", 0) }
        if isPrintableASCII(s) {
            let n = s.utf8.count
            if n <= columns { return (s, n) }
            var t = String(slice(s, 0, columns - 1))
            t.append("…")
            return (t, columns)
        }
        let full = width(s)
        if full <= columns { return (s, full) }
        let budget = columns - 1          // room left for the text when "…" is appended
        var total = 0
        var offset = 0
        var cutOffset = 0
        var cutWidth = 0
        for ch in s {
            total += width(of: ch)
            if total > columns {
                var t = String(slice(s, 0, cutOffset))
                t.append("…")
                return (t, cutWidth + 1)
            }
            offset += ch.utf8.count
            if total <= budget {
                cutOffset = offset
                cutWidth = total
            }
        }
        return (s, total)
    }
}
