import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuDemo

/// `CaseWriter` must write the very bytes JSONEncoder writes (stores stay the same, old readers read
/// them): checked on the demo cases and on thousands of random cases full of hostile text.
@Suite struct CaseWriterTests {
    let reference = KefuJSON.encoder()

    func expectSame(_ c: Case, _ note: @autoclosure () -> String = "") throws {
        let expected = try reference.encode(c)
        let written = try #require(CaseWriter.data(c), "\(c.id) fell back \(note())")
        if written != expected {
            Issue.record("\(c.id) \(note()):\n writer  \(String(decoding: written, as: UTF8.self).prefix(600))\n encoder \(String(decoding: expected, as: UTF8.self).prefix(600))")
        }
    }

    @Test func demoCasesAreWrittenByteForByte() throws {
        let cases = DemoData.cases(now: t0)
        #expect(cases.count > 10)
        for c in cases { try expectSame(c, "demo") }
        let record = JournalRecord(seq: 7, nextNumber: 1042, cases: cases)
        #expect(CaseWriter.data(record) == (try reference.encode(record)))
        let history = HistoryRecord(seq: 3, case: cases[0])
        #expect(CaseWriter.data(history) == (try reference.encode(history)))
        #expect(try StoreEncoder().encode(record) == (try reference.encode(record)))
    }

    @Test func randomHostileCasesAreWrittenByteForByte() throws {
        var rng = SplitMix64(seed: 0xC0DE_16)
        let count = Int(ProcessInfo.processInfo.environment["KEFU_WRITER_CASES"] ?? "") ?? 3000
        var sawEveryField = Set<String>()
        for n in 0..<count {
            let c = RandomCase.make(number: n, rng: &rng)
            try expectSame(c, "seed case \(n)")
            for (k, _) in try #require(JSONSerialization.jsonObject(with: try reference.encode(c)) as? [String: Any]) { sawEveryField.insert(k) }
        }
        // Every Case field was present in some case (so none is left untested by omission).
        #expect(sawEveryField.count == 20, "\(sawEveryField.sorted())")
    }

    /// A value JSONEncoder refuses (a NaN confidence) is refused the same way, never written differently.
    @Test func nonFiniteNumbersFallBackToTheEncoder() throws {
        var c = sampleCase("K-1001")
        c.suggestedCategory = SuggestedCategory(category: .damaged, confidence: .nan, cues: ["x"])
        #expect(CaseWriter.data(c) == nil)
        #expect(throws: (any Error).self) { try StoreEncoder().encode(c) }
        c.suggestedCategory?.confidence = 1e-7
        try expectSame(c)
    }

    /// A field added to a model type fails here until `CaseWriter` writes it too (else it would be lost).
    @Test func writerKnowsEveryStoredPropertyOfTheModel() {
        let c = sampleCase("K-1001")
        let values: [Any] = [c, c.buyer, Order(id: "1"), OrderItem(), Tracking(number: "1"), Money(1, "EUR"), c.messages[0],
                             AttachmentFile(name: nil, type: "t", size: 1, sha256: nil),
                             MessageTranslation(from: "a", language: "b", text: "c", at: t0), CaseEvent(.note, at: t0),
                             SuggestedCategory(category: .damaged, confidence: 1, cues: []), PinnedQuote(text: "q", at: t0)]
        var counted: [String: Int] = [:]
        for v in values { counted[String(describing: type(of: v))] = Mirror(reflecting: v).children.count }
        #expect(counted == CaseWriter.fieldsWritten)
    }

    /// The eight-bytes-at-a-time scan never passes over a byte that needs escaping, wherever it lies
    /// in the word and whatever surrounds it; and strings of every length escape as JSONEncoder does.
    @Test func theWordScanMissesNoByteThatNeedsEscaping() throws {
        for fill in [UInt8(ascii: "a"), 0x7F, 0x80, 0xE4, 0xFF, 0x21, 0x5D] {
            for b in 0...255 {
                for at in 0..<8 {
                    var bytes = [UInt8](repeating: fill, count: 8)
                    bytes[at] = UInt8(b)
                    let w = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    if b < 0x20 || b == 0x22 || b == 0x5C { #expect(JSONBytes.mayNeedEscape(w), "byte \(b) at \(at) among \(fill)") }
                }
            }
        }
        #expect(!JSONBytes.mayNeedEscape(Array("plain te".utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
        for text in ["", "a", "\"", "1234567\"", "12345678\n9", "ab\u{01}cdefghijklmnop\\q", "Grüße \"zitiert\" 中文\t\r\n€", String(repeating: "xy\u{1B}[2J", count: 9)] {
            var w = JSONBytes()
            w.string(text)
            #expect(Data(w.bytes) == (try KefuJSON.encoder().encode([text])).dropFirst().dropLast(), "\(text.debugDescription)")
        }
    }

    @Test func sortedByNumberOrdersByTheIdsNumber() {
        let ids = ["K-1010", "K-999", "K-1002", "K-100000", "K-1001"]
        let cases = ids.map { sampleCase($0) }
        #expect(cases.sortedByNumber().map(\.id) == ["K-999", "K-1001", "K-1002", "K-1010", "K-100000"])
    }
}

/// Random cases: every optional field present or not, texts drawn from hostile pieces.
enum RandomCase {
    static let pieces: [String] = {
        var p = ["\"", "\\", "/", "\\u0041", "\u{7F}", "\u{80}", "\u{85}", "\u{2028}", "\u{2029}", "\u{202E}", "\u{FEFF}",
                 "é", "e\u{301}", "中文", "取っ手", "👩‍💻", "🇩🇪", "😀", "\u{10FFFF}", "\u{FFFD}", " ", "plain words", "a", "</script>",
                 "\r\n", "null", "{\"a\":1}", "1e5", "\u{0}"]
        for b in 0..<0x20 { p.append(String(UnicodeScalar(UInt8(b)))) }
        return p
    }()

    static func text(_ rng: inout SplitMix64) -> String {
        if rng.chance(3) { return String(repeating: rng.pick(pieces), count: 2000 + rng.below(20000)) }
        return (0..<rng.below(12)).map { _ in rng.pick(pieces) }.joined()
    }
    static func opt(_ rng: inout SplitMix64) -> String? { rng.chance(50) ? text(&rng) : nil }
    static func date(_ rng: inout SplitMix64) -> Date {
        switch rng.below(6) {
        case 0: return Date(timeIntervalSince1970: Double(rng.next() % 4_000_000_000))
        case 1: return Date(timeIntervalSince1970: Double(Int64(bitPattern: rng.next()) % 100_000_000_000) / 1000)
        case 2: return Date(timeIntervalSince1970: Double(rng.next() % 1_000_000_000_000) / 7.0)   // sub-millisecond
        case 3: return rng.chance(50) ? .distantPast : .distantFuture
        default: return t0.addingTimeInterval(Double(rng.below(1_000_000)))
        }
    }
    static func optDate(_ rng: inout SplitMix64) -> Date? { rng.chance(50) ? date(&rng) : nil }
    static func money(_ rng: inout SplitMix64) -> Money {
        let amount = Decimal(sign: rng.chance(20) ? .minus : .plus, exponent: rng.below(12) - 8, significand: Decimal(rng.next() % 10_000_000))
        return Money(amount, rng.chance(80) ? rng.pick(["EUR", "JPY", "USD", "KWD"]) : text(&rng))
    }
    static func list<T>(_ rng: inout SplitMix64, max: Int = 4, _ make: (inout SplitMix64) -> T) -> [T] {
        (0..<rng.below(max + 1)).map { _ in make(&rng) }
    }
    static func optList<T>(_ rng: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> [T]? {
        rng.chance(50) ? list(&rng, make) : nil
    }
    static func double(_ rng: inout SplitMix64) -> Double {
        switch rng.below(4) {
        case 0: return Double(rng.below(1001)) / 1000
        case 1: return Double(rng.next() >> 11) / Double(1 << 53)
        default:
            let d = Double(bitPattern: rng.next())
            return d.isFinite ? d : 0.5
        }
    }

    static func make(number: Int, rng: inout SplitMix64) -> Case {
        let order: Order? = rng.chance(70) ? Order(
            id: text(&rng), purchasedAt: optDate(&rng), shippedAt: optDate(&rng), deliveredAt: optDate(&rng),
            tracking: rng.chance(50) ? Tracking(carrier: opt(&rng), number: text(&rng)) : nil,
            items: list(&rng) { r in
                OrderItem(sku: opt(&r), asin: opt(&r), title: opt(&r), quantity: r.below(1000) - 10, price: r.chance(50) ? money(&r) : nil)
            },
            status: opt(&rng)) : nil
        let messages: [Message] = list(&rng, max: 5) { r in
            var m = Message(sourceId: text(&r), direction: r.chance(50) ? .inbound : .outbound, at: date(&r),
                            kind: r.chance(50) ? r.pick(RequestKind.allCases) : nil, subject: opt(&r), body: text(&r),
                            dueAt: optDate(&r), attachments: optList(&r, text), warnings: optList(&r, text),
                            files: optList(&r) { r in
                                AttachmentFile(name: opt(&r), type: text(&r), size: Int(truncatingIfNeeded: r.next() >> UInt64(r.below(64))),
                                               sha256: opt(&r), leftIn: opt(&r), part: r.chance(50) ? r.below(5000) : nil, inline: r.chance(50))
                            },
                            translation: r.chance(30) ? MessageTranslation(from: text(&r), language: text(&r), text: text(&r), at: date(&r)) : nil)
            if r.chance(10) { m.attachments = [] }   // set directly: an empty list is written as []
            return m
        }
        let events: [CaseEvent] = list(&rng, max: 6) { r in
            CaseEvent(r.pick([.received, .replied, .offerChosen, .note, .undone, .quotePinned, .buyerOptedOut]), at: date(&r),
                      messageId: opt(&r), from: opt(&r), to: opt(&r), text: opt(&r), offers: optList(&r, text),
                      amounts: optList(&r, money), until: optDate(&r),
                      undoes: optList(&r) { r in Int(truncatingIfNeeded: r.next()) >> r.below(64) }, by: opt(&r))
        }
        return Case(
            id: rng.chance(90) ? "K-\(1001 + number)" : text(&rng), channel: rng.pick(Channel.allCases), marketplace: opt(&rng),
            kinds: list(&rng) { r in r.pick(RequestKind.allCases) }, category: rng.pick(Category.allCases),
            status: rng.pick(CaseStatus.allCases), order: order,
            buyer: Buyer(name: opt(&rng), address: opt(&rng), country: opt(&rng), timeZone: opt(&rng), language: opt(&rng)),
            messages: messages, events: events, openedAt: date(&rng), updatedAt: date(&rng), snoozedUntil: optDate(&rng),
            threadKey: opt(&rng),
            suggestedCategory: rng.chance(50) ? SuggestedCategory(category: rng.pick(Category.allCases), confidence: double(&rng), cues: list(&rng, text)) : nil,
            heldAt: optDate(&rng), purgedAt: optDate(&rng), purgedQuote: opt(&rng),
            pinnedQuote: rng.chance(50) ? PinnedQuote(text: text(&rng), language: opt(&rng), translation: opt(&rng), at: date(&rng)) : nil,
            purgedQuoteTranslation: opt(&rng))
    }
}
