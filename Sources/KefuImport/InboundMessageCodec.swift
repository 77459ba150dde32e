import Foundation
import KefuBase
import KefuModel

/// A compact binary form of `InboundMessage` for the import spool: a message checked once is kept as
/// parsed, so filing decodes it (cheap) instead of parsing its JSON line a second time. Private to one
/// run, never a file format to keep: every field in a fixed order, integers little-endian, strings as a
/// length and their UTF-8, an optional as a 0/1 tag, a list as a count. Decoding checks every length
/// and tag, so a damaged record is an error, never a crash or an over-read.
package enum InboundMessageCodec {
    package struct Damaged: Error, CustomStringConvertible {
        package var description: String
    }

    /// Appends `m` as one record: its length, then its fields.
    package static func encode(_ m: InboundMessage, into out: inout [UInt8]) {
        let start = out.count
        out.put32(0)   // the length, filled in below
        out.put(m.messageId); out.put(m.channel.rawValue); out.putOptional(m.marketplace) { $0.put($1) }
        out.put(m.kind.rawValue); out.put(m.receivedAt); out.putOptional(m.orderId) { $0.put($1) }
        for part in [m.from.name, m.from.address, m.from.country, m.from.timeZone, m.from.language] { out.putOptional(part) { $0.put($1) } }
        out.putOptional(m.subject) { $0.put($1) }
        out.put(m.body)
        out.putList(m.items) { out, item in
            for part in [item.sku, item.asin, item.title] { out.putOptional(part) { $0.put($1) } }
            out.put64(UInt64(bitPattern: Int64(item.quantity)))
            out.putOptional(item.price) { out, price in out.put(price.amount); out.put(price.currency) }
        }
        out.putOptional(m.dueAt) { $0.put($1) }
        out.putOptional(m.category) { $0.put($1.rawValue) }
        switch m.filing {
        case .request: out.append(0)
        case .event(let type): out.append(1); out.put(type.rawValue)
        case .sellerCopy: out.append(2)
        }
        out.putList(m.threadIds) { $0.put($1) }
        out.putList(m.attachments) { $0.put($1) }
        out.putList(m.files) { out, f in
            out.putOptional(f.name) { $0.put($1) }; out.put(f.type); out.put64(UInt64(bitPattern: Int64(f.size)))
            out.putOptional(f.sha256) { $0.put($1) }; out.putOptional(f.leftIn) { $0.put($1) }
            out.putOptional(f.part) { $0.put64(UInt64(bitPattern: Int64($1))) }; out.putOptional(f.inline) { $0.append($1 ? 1 : 0) }
        }
        out.putList(m.warnings) { $0.put($1) }
        out.putOptional(m.suggested) { out, s in
            out.put(s.category.rawValue); out.put64(s.confidence.bitPattern); out.putList(s.cues) { $0.put($1) }
        }
        let length = UInt32(out.count - start - 4)
        for i in 0..<4 { out[start + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
    }

    /// The records of `bytes`, one after another, each checked to end where its length says.
    package static func decodeAll(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [InboundMessage] {
        var r = Reader(bytes: bytes, at: 0, end: bytes.count)
        var out: [InboundMessage] = []
        while r.at < r.end {
            let length = Int(try r.u32())
            guard length <= r.end - r.at else { throw Damaged(description: "record \(out.count + 1): length \(length) past the end") }
            var record = Reader(bytes: bytes, at: r.at, end: r.at + length)
            out.append(try record.message())
            guard record.at == record.end else { throw Damaged(description: "record \(out.count): \(record.end - record.at) byte(s) left over") }
            r.at += length
        }
        return out
    }

    static let largest64 = Decimal(UInt64.max)

    package static func decodeAll(_ bytes: [UInt8]) throws -> [InboundMessage] {
        try bytes.withUnsafeBufferPointer { try decodeAll($0) }
    }

    /// Reads fields within `at..<end`; every read checks it stays inside.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at: Int
        let end: Int

        func damaged(_ what: String) -> Damaged { Damaged(description: "\(what) at byte \(at)") }

        mutating func take(_ n: Int) throws -> UnsafeBufferPointer<UInt8> {
            guard n >= 0, n <= end - at else { throw damaged("a field of \(n) byte(s) past the end") }
            defer { at += n }
            return UnsafeBufferPointer(rebasing: bytes[at..<(at + n)])
        }

        mutating func u8() throws -> UInt8 { try take(1)[0] }

        mutating func u32() throws -> UInt32 {
            let b = try take(4)
            return (0..<4).reduce(0) { $0 | UInt32(b[$1]) << (8 * UInt32($1)) }
        }

        mutating func u64() throws -> UInt64 {
            let b = try take(8)
            return (0..<8).reduce(0) { $0 | UInt64(b[$1]) << (8 * UInt64($1)) }
        }

        mutating func int() throws -> Int {
            let v = Int64(bitPattern: try u64())
            guard let n = Int(exactly: v) else { throw damaged("an integer out of range") }
            return n
        }

        mutating func string() throws -> String {
            let b = try take(Int(try u32()))
            guard let s = String(validUTF8: b) else { throw damaged("bad UTF-8") }
            return s
        }

        mutating func date() throws -> Date { Date(timeIntervalSinceReferenceDate: Double(bitPattern: try u64())) }

        mutating func enumValue<E: RawRepresentable>(_: E.Type) throws -> E where E.RawValue == String {
            let raw = try string()
            guard let e = E(rawValue: raw) else { throw damaged("an unknown \(E.self) \(raw.debugDescription)") }
            return e
        }

        mutating func optional<T>(_ read: (inout Reader) throws -> T) throws -> T? {
            switch try u8() {
            case 0: return nil
            case 1: return try read(&self)
            case let tag: throw damaged("an optional's tag \(tag)")
            }
        }

        mutating func list<T>(_ read: (inout Reader) throws -> T) throws -> [T] {
            let count = Int(try u32())
            // Every element takes at least a byte: a count beyond what is left is damage, not an allocation.
            guard count <= end - at else { throw damaged("a count of \(count) past the end") }
            var out: [T] = []
            out.reserveCapacity(count)
            for _ in 0..<count { out.append(try read(&self)) }
            return out
        }

        mutating func decimal() throws -> Decimal {
            switch try u8() {
            case 0: break
            case 1: return .nan
            case let tag: throw damaged("a decimal's tag \(tag)")
            }
            let negative = try u8() != 0
            let exponent = Int(Int32(bitPattern: try u32()))
            let significand: Decimal
            switch try u8() {
            case 0: significand = Decimal(try u64())
            case 1:
                let digits = try take(Int(try u32()))
                guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                      let big = Decimal(string: String(decoding: digits, as: UTF8.self)) else { throw damaged("a decimal's digits") }
                significand = big
            case let tag: throw damaged("a significand's tag \(tag)")
            }
            return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: significand)
        }

        mutating func message() throws -> InboundMessage {
            let messageId = try string(), channel = try enumValue(Channel.self), marketplace = try optional { try $0.string() }
            let kind = try enumValue(RequestKind.self), receivedAt = try date(), orderId = try optional { try $0.string() }
            let from = Buyer(name: try optional { try $0.string() }, address: try optional { try $0.string() }, country: try optional { try $0.string() },
                             timeZone: try optional { try $0.string() }, language: try optional { try $0.string() })
            let subject = try optional { try $0.string() }, body = try string()
            let items = try list { r in
                OrderItem(sku: try r.optional { try $0.string() }, asin: try r.optional { try $0.string() }, title: try r.optional { try $0.string() },
                          quantity: try r.int(), price: try r.optional { Money(try $0.decimal(), try $0.string()) })
            }
            var m = InboundMessage(messageId: messageId, channel: channel, marketplace: marketplace, kind: kind, receivedAt: receivedAt,
                                   orderId: orderId, from: from, subject: subject, body: body, items: items,
                                   dueAt: try optional { try $0.date() }, category: try optional { try $0.enumValue(Category.self) })
            switch try u8() {
            case 0: m.filing = .request
            case 1: m.filing = .event(try enumValue(EventType.self))
            case 2: m.filing = .sellerCopy
            case let tag: throw damaged("a filing's tag \(tag)")
            }
            m.threadIds = try list { try $0.string() }
            m.attachments = try list { try $0.string() }
            m.files = try list { r in
                let name = try r.optional { try $0.string() }, type = try r.string(), size = try r.int()
                let sha256 = try r.optional { try $0.string() }, leftIn = try r.optional { try $0.string() }
                let part = try r.optional { try $0.int() }
                let inline = try r.optional { r in
                    switch try r.u8() { case 0: false; case 1: true; case let b: throw r.damaged("a flag \(b)") }
                }
                var f = AttachmentFile(name: name, type: type, size: size, sha256: sha256, leftIn: leftIn, part: part)
                f.inline = inline   // as it was, even `false` (the initializer keeps only `true`)
                return f
            }
            m.warnings = try list { try $0.string() }
            m.suggested = try optional { r in
                SuggestedCategory(category: try r.enumValue(Category.self), confidence: Double(bitPattern: try r.u64()), cues: try r.list { try $0.string() })
            }
            return m
        }
    }
}

private extension Array where Element == UInt8 {
    mutating func put32(_ v: UInt32) { for i in 0..<4 { append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func put64(_ v: UInt64) { for i in 0..<8 { append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func put(_ s: String) {
        var s = s
        s.withUTF8 { put32(UInt32($0.count)); append(contentsOf: $0) }
    }
    mutating func put(_ d: Date) { put64(d.timeIntervalSinceReferenceDate.bitPattern) }
    mutating func put(_ d: Decimal) {
        guard !d.isNaN else { append(1); return }
        append(0)
        append(d.sign == .minus ? 1 : 0)
        put32(UInt32(bitPattern: Int32(d.exponent)))
        // Every amount a line can hold fits 64 bits (19 digits), read without making text (7 µs);
        // a wider one (computed, never imported) goes as its digits.
        let significand = d.significand
        if significand <= InboundMessageCodec.largest64 {
            append(0); put64(NSDecimalNumber(decimal: significand).uint64Value)
        } else {
            append(1); put(significand.description)
        }
    }
    mutating func putOptional<T>(_ v: T?, _ put: (inout [UInt8], T) -> Void) {
        guard let v else { append(0); return }
        append(1); put(&self, v)
    }
    mutating func putList<T>(_ list: [T], _ put: (inout [UInt8], T) -> Void) {
        put32(UInt32(list.count))
        for e in list { put(&self, e) }
    }
}
