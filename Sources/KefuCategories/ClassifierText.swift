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
        var source = text
        // Rare path: half-width kana and separate (han)dakuten only compose correctly under NFKC.
        if text.unicodeScalars.contains(where: { (0xFF61...0xFF9F).contains($0.value) || (0x3099...0x309A).contains($0.value) }) {
            source = text.precomposedStringWithCompatibilityMapping
        }
        var out: [UInt32] = []
        out.reserveCapacity(source.utf8.count)
        for scalar in source.unicodeScalars {
            var v = scalar.value
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }   // full-width ASCII
            if v < 0x80 {
                append(asciiMap[Int(v)], to: &out)
            } else if v < 0x250 {
                for f in latinMap[Int(v) - 0x80] { append(f, to: &out) }
            } else if (0x3040...0x30FF).contains(v) || (0x3400...0x9FFF).contains(v) {
                append(traditionalToSimplified[v] ?? v, to: &out)    // kana and ideographs: no case, hot path
            } else if (0x300...0x36F).contains(v) {
                continue                                             // stray combining diacritic
            } else {
                for f in fold(Unicode.Scalar(v)!) { append(f, to: &out) }
            }
        }
        if out.last == space { out.removeLast() }
        return out
    }

    /// Letters and digits of any script; used for word boundaries of Latin-script cues.
    @inline(__always) static func isWordScalar(_ v: UInt32) -> Bool {
        (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) || v == number || (v >= 0xC0 && v < 0x250) || (v >= 0x370 && v < 0x530)
    }

    @inline(__always) static func isBreak(_ v: UInt32) -> Bool { v == clauseBreak || v == sentenceBreak }

    /// Keeps the output free of doubled spaces and of spaces around breaks.
    @inline(__always) private static func append(_ v: UInt32, to out: inout [UInt32]) {
        if v == 0 || (v == number && out.last == number) { return }
        if v == space {
            if let last = out.last, last != space, !isBreak(last) { out.append(space) }
        } else if isBreak(v) {
            if out.last == space { out.removeLast() }
            guard let last = out.last else { return }
            if isBreak(last) { if v == sentenceBreak { out[out.count - 1] = v } } else { out.append(v) }
        } else {
            out.append(v)
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

    private static let latinMap: [[UInt32]] = (0x80..<0x250).map { fold(Unicode.Scalar(UInt32($0))!) }

    /// Traditional → simplified for the characters the Chinese cues use (buyers in TW/HK write these).
    private static let traditionalToSimplified: [UInt32: UInt32] = {
        let pairs = "壞坏損损貨货錯错發发時时遲迟還还沒没東东運运達达號号碼码顏颜確确訂订單单謝谢換换質质問问題题無无開开機机說说書书"
            + "評评價价買买賣卖導导麼么樣样壓压個个見见遞递郵邮丟丢裡里裏里這这們们應应該该為为對对長长務务維维紀纪錄录點点圖图產产"
            + "動动電电關关閉闭請请幫帮據据處处況况聯联繫系將将從从幾几數数種种須须寫写變变誤误遺遗缺缺裝装少少後后臺台灣湾纔才鐘钟"
            + "週周現现實实總总經经驗验試试輸输線线鏈链藍蓝牙牙費费顯显簽签內内額额稅税區区縣县鄉乡"
        var map: [UInt32: UInt32] = [:]
        var it = pairs.unicodeScalars.makeIterator()
        while let t = it.next(), let s = it.next() { if t != s { map[t.value] = s.value } }
        return map
    }()
}
