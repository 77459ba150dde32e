import Foundation
import Testing
@testable import KefuModel
@testable import KefuCategories
import KefuDemo

/// `CategorySuggester.suggest` pinned on ~8,000 inputs: every labelled and held-out message (plain and
/// with capitals, full-width forms, decomposed accents), the demo cases, every cue alone, negated and after
/// a "but", random mixes of cues and filler in seven languages with emoji, digits and punctuation, return
/// reasons, and texts past the 16,000-scalar cut. The fixture holds one line per input: a hash of the
/// input, the category, the confidence's bit pattern and the cues in order — written by the
/// implementation before the speed work, so any change of output (not only of category) fails here.
/// `KEFU_UPDATE_GOLDENS=1 swift test --filter SuggestGoldenTests` rewrites it after a deliberate cue change.
struct SuggestGoldenTests {
    struct Input { var text: String; var subject = ""; var reason: String? }

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/suggest-golden.tsv")

    @Test func outputsMatchTheGolden() throws {
        let lines = try Self.corpus().map(Self.line)
        #expect(lines.count > 6000)
        if ProcessInfo.processInfo.environment["KEFU_UPDATE_GOLDENS"] == "1" {
            try (lines.joined(separator: "\n") + "\n").write(to: Self.fixture, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(expected.count == lines.count, "corpus has \(lines.count) inputs, golden \(expected.count)")
        var wrong = 0
        for (i, (got, want)) in zip(lines, expected).enumerated() where got != want {
            wrong += 1
            if wrong <= 20 { Issue.record("input \(i): got \(got)\n  want \(want)") }
        }
        #expect(wrong == 0, "\(wrong) of \(lines.count) outputs differ from the golden")
    }

    /// hash of the input, category, confidence bits, cues (tabs and line breaks escaped).
    static func line(_ input: Input) -> String {
        let s = CategorySuggester.suggest(text: input.text, subject: input.subject, returnReason: input.reason)
        var hash: UInt64 = 0xcbf29ce484222325
        for part in [input.text, input.subject, input.reason ?? "\u{1}"] {
            for b in part.utf8 { hash = (hash ^ UInt64(b)) &* 0x100000001b3 }
            hash = (hash ^ 0xFF) &* 0x100000001b3
        }
        func esc(_ t: String) -> String {
            t.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        }
        return ([String(hash, radix: 16), s.category.rawValue, String(s.confidence.bitPattern, radix: 16)] + s.matched.map(esc))
            .joined(separator: "\t")
    }

    /// Deterministic: the same inputs in the same order on every run.
    static func corpus() throws -> [Input] {
        var rng = Rng(state: 0x5EED_C0DE_2026)
        var inputs: [Input] = []
        let labelled = (labelledMessages + secondRoundMessages + thirdRoundMessages + fourthRoundMessages + fifthRoundMessages
            + fifthRoundHeldOut).map { ($0.0, $0.1) } + (try CategoryHeldOutTests.rows()).map { ($0.text, $0.reason) }
        for (text, reason) in labelled {
            inputs.append(Input(text: text, reason: reason))
            inputs.append(Input(text: rng.transform(text), subject: rng.chance(3) ? rng.transform(rng.pick(labelled).0) : ""))
        }
        for c in DemoData.cases(now: Date(timeIntervalSince1970: 1_790_000_000)) {
            for m in c.messages { inputs.append(Input(text: m.body, subject: m.subject ?? "")) }
        }
        let cues = CategoryCues.all.flatMap(\.cues).map { cue in
            String(cue.drop { $0 == "*" }.reversed().drop { $0 == "$" }.reversed())
        }
        let negators = CategoryCues.negators.sorted(), stops = CategoryCues.negationStops.sorted()
        let partners = CategoryCues.frenchNegationPartners.sorted()
        let cjkNegations = CategoryCues.chineseNegations.sorted().map { String(Unicode.Scalar($0)!) }
        let markers = CategoryCues.contrastMarkers
        for cue in cues {
            inputs.append(Input(text: cue))
            switch rng.int(6) {
            case 0: inputs.append(Input(text: rng.pick(negators) + " " + cue))
            case 1: inputs.append(Input(text: rng.pick(cjkNegations) + cue + rng.pick(CategoryCues.japaneseNegationSuffixes)))
            case 2: inputs.append(Input(text: "x" + cue + "s"))
            case 3: inputs.append(Input(text: rng.pick(markers) + " " + cue + ", " + rng.pick(cues)))
            case 4: inputs.append(Input(text: rng.transform(cue), subject: rng.pick(cues)))
            default: inputs.append(Input(text: "ne " + cue + " " + rng.pick(partners) + " que " + rng.pick(cues)))
            }
        }
        let filler = ["the", "my", "order", "item", "I ordered", "I got", "received", "it", "is", "was", "and", "please", "Hello",
                      "das", "Paket", "ist", "ich habe", "bestellt", "la", "commande", "je n'ai reçu que", "il", "pacco", "è", "el",
                      "pedido", "荷物", "が", "は", "の", "商品", "我", "的", "了", "订单", "是不是", "有没有", "沒有收到", "貨物損壞",
                      "ﾃﾞｨｽﾌﾟﾚｲが壊れています", "ｷｬﾝｾﾙ", "Ｏｒｄｅｒ", "ÄÖÜ ß", "œuvre", "ø æ đ ł ı", "İstanbul", "😀", "👍🏽", "❤️",
                      "🇩🇪", "123", "#4", "4,5 cm", "n't", "don't", "isn't", "n'est", "ma", "ma non", "but", "però", "但是"] + stops + negators
        let pieces = cues + filler + markers + CategoryCues.japaneseNegationSuffixes + CategoryCues.cjkNegationParts
        let separators = [" ", " ", " ", ", ", ". ", "\n", "! ", "? ", "、", "。", "，", " - ", "...", "…", "\t", "  ", "'", "’", "“",
                          " 12 ", "; ", ": ", "\r\n", "\u{2028}", "　", "！", "（", "—", "", ""]
        func mix(_ n: Int) -> String {
            var out = ""
            for _ in 0..<n { out += rng.maybeTransform(rng.pick(pieces)) + rng.pick(separators) }
            return out
        }
        for _ in 0..<2600 {
            var input = Input(text: mix(1 + rng.int(14)))
            if rng.chance(4) { input.subject = mix(1 + rng.int(4)) }
            if rng.chance(6) {
                let listed = ReturnReasonCategories.table.keys.sorted()
                input.reason = switch rng.int(4) {
                case 0: rng.pick(listed)
                case 1: "  " + rng.pick(listed).lowercased() + "\n"
                case 2: mix(1 + rng.int(3))
                default: rng.pick(["", "   ", "SOME_NEW_CODE"])
                }
            }
            inputs.append(input)
        }
        // Past the cut: cues on both sides of scalar 16,000, in the body, the subject and the reason.
        for k in 0..<12 {
            var text = ""
            while text.unicodeScalars.count < 15_990 - k { text += mix(8) }
            text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(15_990 - k)))
            text += rng.pick(cues) + " " + mix(20)
            inputs.append(Input(text: text, subject: k % 3 == 0 ? text : "", reason: k % 4 == 1 ? text : nil))
            inputs.append(Input(text: String(repeating: rng.pick(cues) + " ", count: 4000 + k * 100)))
        }
        for edge in ["", " ", "\n\n", "...!!!", "😀😀😀", "\u{301}\u{308}", "ﾞﾟ", "#", "1 2 3", "、。，"] {
            inputs.append(Input(text: edge))
            inputs.append(Input(text: "", subject: edge, reason: edge))
        }
        return inputs
    }

    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ oneIn: Int) -> Bool { int(oneIn) == 0 }
        mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
        mutating func maybeTransform(_ t: String) -> String { chance(3) ? transform(t) : t }

        /// Capitals, full-width Latin, decomposed accents and kana, stripped accents, traditional characters.
        mutating func transform(_ t: String) -> String {
            switch int(7) {
            case 0: return t.uppercased()
            case 1: return t.capitalized
            case 2: return String(String.UnicodeScalarView(t.unicodeScalars.map { s in
                (0x21...0x7E).contains(s.value) ? Unicode.Scalar(s.value + 0xFEE0)! : s }))
            case 3: return t.decomposedStringWithCanonicalMapping
            case 4: return t.folding(options: .diacriticInsensitive, locale: nil)
            case 5: return t.replacingOccurrences(of: "没", with: "沒").replacingOccurrences(of: "货", with: "貨")
                .replacingOccurrences(of: "坏", with: "壞").replacingOccurrences(of: "订单", with: "訂單")
            default: return t.lowercased()
            }
        }
    }
}
