import Foundation

/// The one text form that cues and buyer messages are both compared in: case-folded, Latin diacritics
/// removed (ß → ss, so buyers who skip accents still match), full-width Latin and half-width kana
/// folded, traditional Chinese characters mapped to simplified ones where the cues need it.
/// Punctuation survives only as two break marks, so cues never match across a sentence and negation
/// never reaches past one; a run of digits becomes one "#".
enum ClassifierText {
    static let space: UInt32 = 0x20
    static let clauseBreak: UInt32 = 0x7C    // "|": , ; : 、，
    static let sentenceBreak: UInt32 = 0x2E  // ".": . ! ? 。 and line breaks
    static let apostrophe: UInt32 = 0x27
    static let number: UInt32 = 0x23        // "#": any run of digits, so "after # months" fits every age

    static func normalize(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        append(text, upTo: .max, to: &out)
        return out
    }

    /// Appends the normal form of the first `limit` scalars of `text` to `out`, exactly as
    /// `normalize(String(text.unicodeScalars.prefix(limit)))` would be appended: one pass over the UTF-8,
    /// no prefix copied, no scalars counted beyond the limit (suggestions read a bounded head of a mail).
    static func append(_ text: String, upTo limit: Int, to out: inout [UInt32]) {
        let floor = out.count
        var text = text
        let done = text.withUTF8 { fold($0, upTo: limit, to: &out) }
        if done { return }
        // Rare path: half-width kana and separate (han)dakuten only compose correctly under NFKC.
        out.removeSubrange(floor...)
        let head = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))
        var composed = head.precomposedStringWithCompatibilityMapping
        _ = composed.withUTF8 { fold($0, upTo: .max, to: &out, composed: true) }
    }

    /// False, with `out` half-written, when a scalar needs NFKC first (unless `composed`).
    private static func fold(_ utf8: UnsafeBufferPointer<UInt8>, upTo limit: Int, to out: inout [UInt32], composed: Bool = false) -> Bool {
        let room = out.count + min(utf8.count, limit)   // a scalar is one value or more; bounded by what is read
        if out.capacity < room { out.reserveCapacity(room) }
        var last: UInt32 = 0   // the last scalar of this text in `out`, 0 before the first
        // Tables held in locals: a `static let` read in the loop is a lazy-initialisation check per scalar.
        let asciiMap = Self.asciiMap, foldStart = Self.foldStart, foldValues = Self.foldValues, simplified = Self.traditionalToSimplified
        var i = 0, scalars = 0
        let n = utf8.count
        while i < n, scalars < limit {
            let b0 = UInt32(utf8[i])
            scalars += 1
            if b0 < 0x80 { i += 1; push(asciiMap[Int(b0)], &out, &last); continue }
            var v: UInt32
            if b0 < 0xE0 {
                v = (b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F); i += 2
            } else if b0 < 0xF0 {
                v = (b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F); i += 3
            } else {
                v = (b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6 | UInt32(utf8[i + 3] & 0x3F); i += 4
            }
            if !composed, (0xFF61...0xFF9F).contains(v) || (0x3099...0x309A).contains(v) { return false }
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }   // full-width ASCII
            if v < 0x80 {
                push(asciiMap[Int(v)], &out, &last)
            } else if (0x3040...0x30FF).contains(v) || (0x3400...0x9FFF).contains(v) {
                let s = v < 0x3400 ? 0 : simplified[Int(v) - 0x3400]   // kana and ideographs: no case, hot path
                push(s == 0 ? v : UInt32(s), &out, &last)
            } else if (0x300...0x36F).contains(v) {
                continue                                         // stray combining diacritic
            } else if let slot = foldSlot(v) {
                for k in Int(foldStart[slot])..<Int(foldStart[slot + 1]) { push(foldValues[k], &out, &last) }
            } else {
                for f in fold(Unicode.Scalar(v)!) { push(f, &out, &last) }
            }
        }
        if last == space { out.removeLast() }
        return true
    }

    /// Letters and digits of any script; used for word boundaries of Latin-script cues.
    @inline(__always) static func isWordScalar(_ v: UInt32) -> Bool {
        (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || v == number || (v >= 0xC0 && v < 0x250) || (v >= 0x370 && v < 0x530)
    }

    @inline(__always) static func isBreak(_ v: UInt32) -> Bool { v == clauseBreak || v == sentenceBreak }

    /// Keeps the output free of doubled spaces and of spaces around breaks (`last` is 0 at the text's start).
    @inline(__always) private static func push(_ v: UInt32, _ out: inout [UInt32], _ last: inout UInt32) {
        if v == 0 || (v == number && last == number) { return }
        if v == space {
            if last != 0, last != space, !isBreak(last) { out.append(space); last = space }
        } else if isBreak(v) {
            if last == space { out.removeLast(); last = out[out.count - 1] }   // a space always follows a letter of this text
            if last == 0 { return }
            if isBreak(last) { if v == sentenceBreak { out[out.count - 1] = v; last = v } } else { out.append(v); last = v }
        } else {
            out.append(v); last = v
        }
    }

    /// Fold of one scalar outside the hot ranges: lower case, no diacritics, punctuation → break or space.
    private static func fold(_ s: Unicode.Scalar) -> [UInt32] {
        switch s.value {
        case 0x27, 0x60, 0xB4, 0x2018, 0x2019, 0x02BC, 0x2032: return [apostrophe]
        case 0x0A, 0x0D, 0x2026, 0x3002, 0x203C, 0x2047: return [sentenceBreak]
        case 0xDF: return [0x73, 0x73]            // ß
        case 0xE6: return [0x61, 0x65]            // æ
        case 0x153: return [0x6F, 0x65]           // œ
        case 0xF8: return [0x6F]                  // ø
        case 0x111: return [0x64]                 // đ
        case 0x142: return [0x6C]                 // ł
        case 0x131: return [0x69]                 // dotless i
        case 0x3000: return [space]
        default: break
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            let lower = s.properties.changesWhenLowercased ? s.properties.lowercaseMapping : String(s)
            return lower.decomposedStringWithCanonicalMapping.unicodeScalars
                .map(\.value).filter { !(0x300...0x36F).contains($0) }
        case .otherPunctuation:
            if s.value < 0x80 {
                switch s { case ".", "!", "?": return [sentenceBreak]; case ",", ";", ":": return [clauseBreak]; default: return [space] }
            }
            let enders: Set<UInt32> = [0xFF0E, 0xFF01, 0xFF1F, 0xFE52, 0xFE56, 0xFE57]
            return [enders.contains(s.value) ? sentenceBreak : clauseBreak]
        case .control, .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return [s.value == 0x0A || s.value == 0x0D || s.value == 0x2028 || s.value == 0x2029 ? sentenceBreak : space]
        default:
            return [space]    // symbols, dashes, brackets, quotes, emoji
        }
    }

    private static let asciiMap: [UInt32] = (0..<0x80).map { v in
        let f = fold(Unicode.Scalar(UInt8(v)))
        if v == 0x09 || v == 0x0B || v == 0x0C { return space }
        if (v >= 0x30 && v <= 0x39) || v == 0x23 { return number }   // "#" too: cues write "after # months"
        return f.count == 1 ? f[0] : space
    }

    /// `fold` precomputed, flat, for the ranges buyers write in besides ASCII and CJK: Latin letters,
    /// general punctuation (’ “ — …) and CJK punctuation (、。「」).
    private static let foldRanges: [Range<UInt32>] = [0x80..<0x250, 0x2000..<0x2070, 0x3000..<0x3040]
    @inline(__always) private static func foldSlot(_ v: UInt32) -> Int? {
        if v < 0x250 { return Int(v - 0x80) }
        if v >= 0x2000, v < 0x2070 { return 0x1D0 + Int(v - 0x2000) }
        if v >= 0x3000, v < 0x3040 { return 0x240 + Int(v - 0x3000) }
        return nil
    }
    private static let foldValues: [UInt32] = foldRanges.flatMap { $0.flatMap { fold(Unicode.Scalar($0)!) } }
    private static let foldStart: [Int32] = {
        var starts: [Int32] = [0]
        for r in foldRanges { for v in r { starts.append(starts.last! + Int32(fold(Unicode.Scalar(v)!).count)) } }
        return starts
    }()

    /// Traditional → simplified for the characters the Chinese cues use (buyers in TW/HK write these).
    private static let traditionalPairs = "壞坏損损貨货錯错發发時时遲迟還还沒没東东運运達达號号碼码顏颜確确訂订單单謝谢換换質质問问題题無无開开機机說说書书"
        + "評评價价買买賣卖導导麼么樣样壓压個个見见遞递郵邮丟丢裡里裏里這这們们應应該该為为對对長长務务維维紀纪錄录點点圖图產产"
        + "動动電电關关閉闭請请幫帮據据處处況况聯联繫系將将從从幾几數数種种須须寫写變变誤误遺遗缺缺裝装少少後后臺台灣湾纔才鐘钟"
        + "週周現现實实總总經经驗验試试輸输線线鏈链藍蓝牙牙費费顯显簽签內内額额稅税區区縣县鄉乡"
    /// Indexed by scalar − 0x3400 over the ideographs; 0 where a character stays as it is.
    private static let traditionalToSimplified: [UInt16] = {
        var table = [UInt16](repeating: 0, count: 0xA000 - 0x3400)
        var it = traditionalPairs.unicodeScalars.makeIterator()
        while let t = it.next(), let s = it.next() { if t != s { table[Int(t.value) - 0x3400] = UInt16(s.value) } }
        return table
    }()
}
