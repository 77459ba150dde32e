import Foundation
import Testing
import PropertyBased
@testable import KefuBase
@testable import KefuModel
@testable import KefuImport

/// Issue 16: the import spool keeps each checked message in `InboundMessageCodec`'s binary form, so
/// filing decodes what was checked: every field must come back exactly, and damage must be an error.
@Suite struct InboundMessageCodecTests {

    static let pieces = ["", "a", "Grüße", "😀👍🏽", "日本語の文", "line\nbreak\ttab", "\u{0}", "\"quoted\"\\", "é", "\u{1F1E9}\u{1F1EA}", "Ω≈ç√", " "]
    static let amounts = ["0.000001", "9999999999999.99", "0", "12.50", "-3.1", "1", "100", "0.10", "9999999999999.999999"]

    static func text(_ rng: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    static func maybe<T>(_ rng: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
        Bool.random(using: &rng) ? make(&rng) : nil
    }

    /// A date with fractional seconds, sometimes far from now, sometimes not representable in milliseconds.
    static func date(_ rng: inout SplitMix64) -> Date {
        Date(timeIntervalSinceReferenceDate: Double.random(in: -4e9...4e9, using: &rng) / Double([1, 3, 7, 1000].randomElement(using: &rng)!))
    }

    static func message(seed: Int) -> InboundMessage {
        var rng = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
        let items = (0..<[0, 1, 3, 40].randomElement(using: &rng)!).map { _ in
            OrderItem(sku: maybe(&rng, text), asin: maybe(&rng, text), title: maybe(&rng, text), quantity: Int.random(in: 1...Int.max, using: &rng),
                      price: maybe(&rng) { Money(Money.parseAmount(amounts.randomElement(using: &$0)!)!, ["EUR", "JPY", "KWD"].randomElement(using: &$0)!) })
        }
        var m = InboundMessage(
            messageId: text(&rng), channel: Channel.allCases.randomElement(using: &rng)!, marketplace: maybe(&rng, text),
            kind: RequestKind.allCases.randomElement(using: &rng)!, receivedAt: date(&rng), orderId: maybe(&rng, text),
            from: Buyer(name: maybe(&rng, text), address: maybe(&rng, text), country: maybe(&rng, text), timeZone: maybe(&rng, text), language: maybe(&rng, text)),
            subject: maybe(&rng, text), body: text(&rng), items: items, dueAt: maybe(&rng, date),
            category: maybe(&rng) { Category.allCases.randomElement(using: &$0)! })
        m.filing = [.request, .sellerCopy, .event(.refundIssued), .event(.note)].randomElement(using: &rng)!
        m.threadIds = (0..<Int.random(in: 0...3, using: &rng)).map { _ in text(&rng) }
        m.attachments = (0..<Int.random(in: 0...2, using: &rng)).map { _ in text(&rng) }
        m.files = (0..<Int.random(in: 0...2, using: &rng)).map { _ in
            var f = AttachmentFile(name: maybe(&rng, text), type: text(&rng), size: Int.random(in: 0...Int.max, using: &rng), sha256: maybe(&rng, text),
                                   leftIn: maybe(&rng, text), part: maybe(&rng) { Int.random(in: 0...5000, using: &$0) })
            f.inline = [nil, true, false].randomElement(using: &rng)!
            return f
        }
        m.warnings = (0..<Int.random(in: 0...2, using: &rng)).map { _ in text(&rng) }
        m.suggested = maybe(&rng) { r in
            SuggestedCategory(category: Category.allCases.randomElement(using: &r)!, confidence: Double.random(in: 0...1, using: &r), cues: [text(&r), text(&r)])
        }
        return m
    }

    static func encoded(_ messages: [InboundMessage]) -> [UInt8] {
        var out: [UInt8] = []
        for m in messages { InboundMessageCodec.encode(m, into: &out) }
        return out
    }

    @Test func everyMessageComesBackExactly() async throws {
        await propertyCheck(count: 300, input: Gen.int(in: Int.min...Int.max)) { seed in
            let m = Self.message(seed: seed)
            let back = try #require(try? InboundMessageCodec.decodeAll(Self.encoded([m])))
            #expect(back == [m])
            // Beyond `==`: the same instants to the bit, and amounts that print the same.
            #expect(back.first?.receivedAt.timeIntervalSinceReferenceDate.bitPattern == m.receivedAt.timeIntervalSinceReferenceDate.bitPattern)
            #expect(back.first?.items.map { $0.price?.amount.description } == m.items.map { $0.price?.amount.description })
            #expect(back.first?.files.map(\.inline) == m.files.map(\.inline))
        }
    }

    @Test func amountsAtTheLimitsAndUnicodeSurviveInOneRecordAfterAnother() throws {
        var messages: [InboundMessage] = []
        for (i, amount) in Self.amounts.enumerated() {
            var m = Self.message(seed: i)
            m.items = [OrderItem(title: "🧸 \(amount)", price: Money(Money.parseAmount(amount)!, "EUR"))]
            m.body = ""; m.subject = i.isMultiple(of: 2) ? "" : nil
            messages.append(m)
        }
        let big = Decimal(string: "123456789012345678901234567890123456")!
        messages[0].items.append(OrderItem(price: Money(big, "USD")))
        let back = try InboundMessageCodec.decodeAll(Self.encoded(messages))
        #expect(back == messages)
        #expect(back.flatMap(\.items).map { $0.price!.amount.description } == messages.flatMap(\.items).map { $0.price!.amount.description })
        #expect(back.map(\.subject) == messages.map(\.subject), "an empty subject stays empty, a missing one missing")
    }

    /// Cut anywhere or with a length beyond what follows: an error naming the damage, never a crash or
    /// a message made up of what happened to follow.
    @Test func aDamagedRecordIsAnErrorNotACrash() throws {
        let bytes = Self.encoded([Self.message(seed: 7), Self.message(seed: 8)])
        let first = try InboundMessageCodec.decodeAll(Self.encoded([Self.message(seed: 7)]))
        for cut in 0..<bytes.count {
            do {
                let back = try InboundMessageCodec.decodeAll(Array(bytes[..<cut]))
                // Only a cut between records reads whole records: exactly the first one, or none.
                #expect(back == (cut == 0 ? [] : first), "cut at \(cut)")
            } catch {
                #expect(error is InboundMessageCodec.Damaged)
            }
        }
        var longer = bytes
        longer[0] = 0xFF; longer[1] = 0xFF
        #expect(throws: InboundMessageCodec.Damaged.self) { try InboundMessageCodec.decodeAll(longer) }
        // A string's bytes no longer UTF-8 (a lone continuation byte, a cut sequence, a surrogate, an
        // overlong form): refused, never repaired into other text.
        var m = Self.message(seed: 9)
        m.body = "Grüße vom Bodensee, 你好"
        let good = Self.encoded([m])
        let at = try #require(good.firstRange(of: Array("Grüße".utf8))).lowerBound
        for bad: [UInt8] in [[0x80], [0xC3, 0x41], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF]] {
            var damaged = good
            damaged.replaceSubrange((at + 2)..<(at + 2 + bad.count), with: bad)   // inside "ü" and after: same length
            #expect(throws: InboundMessageCodec.Damaged.self) { try InboundMessageCodec.decodeAll(damaged) }
        }
        // Every byte flipped in turn: decoding either fails cleanly or reads a well-formed message.
        for i in bytes.indices {
            var damaged = bytes
            damaged[i] ^= 0xA5
            _ = try? InboundMessageCodec.decodeAll(damaged)
        }
    }

    /// The spool's blocks as `JSONLSpool.file` reads them back from `bytes`.
    static func spool(_ bytes: [UInt8], _ body: (SpoolBlocks) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "kefu-spool-test-\(UUID().uuidString)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        try body(SpoolBlocks(fd: fd, path: path, size: off_t(bytes.count)))
    }

    static func failsNamingTheSpool(_ bytes: [UInt8]) throws {
        try spool(bytes) { blocks in
            #expect { _ = try blocks.next() } throws: { "\($0)".hasPrefix("import spool: block at byte 0: ") && "\($0)".contains("valid when read") }
        }
    }

    @Test func aDamagedSpoolBlockIsAnErrorNamingTheSpool() throws {
        var plain = [Self.message(seed: 1), Self.message(seed: 2)]
        plain[0].category = nil; plain[1].category = .damaged
        plain[0].suggested = nil; plain[1].suggested = nil
        let block = Array(SpoolBlocks.block(plain).joined())
        // Whole: both messages, the one without a category given a guess on the way out.
        try Self.spool(block + block) { blocks in
            for _ in 0..<2 {
                let back = try #require(try blocks.next())
                #expect(back.map(\.messageId) == plain.map(\.messageId) && back.map(\.body) == plain.map(\.body))
                #expect(back[0].suggested != nil && back[1].suggested == nil)
            }
            #expect(try blocks.next() == nil)
        }
        // Its length one byte past the end; the spool cut short; a record's length past its block.
        var pastEnd = block
        pastEnd[0] &+= 1
        try Self.failsNamingTheSpool(pastEnd)
        try Self.failsNamingTheSpool(Array(block.dropLast(3)))
        var recordPastBlock = block
        recordPastBlock[4 + 2] = 0x7F
        try Self.failsNamingTheSpool(recordPastBlock)
        var huge = block
        huge[3] = 0xFF
        try Self.failsNamingTheSpool(huge)
    }
}
