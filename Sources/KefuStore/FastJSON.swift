import Foundation
import KefuBase

/// A small JSON reader for the store's hot path. `JSONDecoder` spends most of its time in generic
/// Codable machinery (~100 µs per case here); reading bytes into this tree and picking fields by
/// hand is several times faster. Writing stays with `JSONEncoder` (sorted keys), and a test checks
/// that both readers agree on every field.
package enum FastJSON {
    /// Not `indirect`: arrays already hold the nesting, and a boxed value was one allocation (and
    /// one free) more per field of every case read at open.
    package enum Value {
        case object([(String, Value)])
        case array([Value])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null

        package subscript(key: String) -> Value? {
            guard case .object(let pairs) = self else { return nil }
            for (k, v) in pairs where k == key { return v }
            return nil
        }
    }

    package struct ParseError: Error { package let offset: Int; package let reason: String }

    package static func parse(_ data: Data) throws -> Value {
        try data.withUnsafeBytes { try parse($0.bindMemory(to: UInt8.self)) }
    }

    /// `strictUTF8`: a string with bad UTF-8 is an error rather than repaired with U+FFFD (outside
    /// strings, any byte beyond ASCII is not JSON anyway): a line read whole is then valid UTF-8,
    /// checked where only its non-ASCII strings need it, not in a pass of its own.
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>, strictUTF8: Bool = false) throws -> Value {
        var p = Parser(bytes: bytes, strictUTF8: strictUTF8)
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw ParseError(offset: p.i, reason: "trailing characters") }
        return v
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var strictUTF8 = false
        var i = 0
        /// Store records nest six levels at most; a deeper line is damage, refused before the stack is.
        static let maxDepth = 64
        var depth = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        func fail(_ reason: String) -> ParseError { ParseError(offset: i, reason: reason) }

        mutating func value() throws -> Value {
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                try descend()
                defer { depth -= 1 }
                i += 1
                var pairs: [(String, Value)] = []
                pairs.reserveCapacity(8)   // most store objects: grown once or not at all, not 1, 2, 4, 8…
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                    let k = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    i += 1
                    pairs.append((k, try value()))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unexpected end") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                try descend()
                defer { depth -= 1 }
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    guard i < bytes.count else { throw fail("unexpected end") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func descend() throws {
            depth += 1
            guard depth <= Self.maxDepth else { throw fail("nested deeper than \(Self.maxDepth) levels") }
        }

        mutating func literal(_ word: StaticString) throws {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count, memcmp(bytes.baseAddress! + i, word.utf8Start, n) == 0 else { throw fail("invalid literal") }
            i += n
        }

        mutating func number() throws -> Double {
            let start = i
            while i < bytes.count, let c = Optional(bytes[i]),
                  (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                i += 1
            }
            guard i > start, let d = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) else {
                throw fail("invalid value")
            }
            return d
        }

        mutating func string() throws -> String {
            i += 1 // opening quote
            let start = i
            var high: UInt8 = 0   // any byte beyond ASCII: only then can the UTF-8 be bad
            // Fast path: no escapes, eight bytes at a time while none is a quote, backslash or control.
            var highs: UInt64 = 0
            while i + 8 <= bytes.count {
                let w = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if JSONBytes.mayNeedEscape(w) { break }
                highs |= w
                i += 8
            }
            if highs & 0x8080_8080_8080_8080 != 0 { high = 0x80 }
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    let s = try text(UnsafeBufferPointer(rebasing: bytes[start..<i]), ascii: high < 0x80)
                    i += 1
                    return s
                }
                if c == UInt8(ascii: "\\") { break }
                if c < 0x20 { throw fail("control character in string") }
                high |= c
                i += 1
            }
            var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { i += 1; return try out.withUnsafeBufferPointer { try text($0, ascii: false) } }
                if c < 0x20 { throw fail("control character in string") }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("invalid surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail("invalid escape")
                }
            }
            throw fail("unterminated string")
        }

        func text(_ utf8: UnsafeBufferPointer<UInt8>, ascii: Bool) throws -> String {
            guard strictUTF8, !ascii else { return String(decoding: utf8, as: UTF8.self) }
            guard let s = String(validUTF8: utf8) else { throw fail("not valid UTF-8") }
            return s
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw fail("invalid \\u escape")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}
