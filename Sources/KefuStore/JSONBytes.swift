import Foundation
import KefuBase

/// A JSON byte buffer that writes values exactly as `KefuJSON.encoder()` (Foundation's JSONEncoder
/// with sorted keys, slashes unescaped) does, so hand-written writers can produce identical lines.
/// Callers write keys in byte order themselves; commas are placed here.
struct JSONBytes {
    /// Raised for a value JSONEncoder would write differently or refuse (a non-finite Double): the
    /// caller falls back to JSONEncoder, which then writes it or throws its own error.
    struct Unsupported: Error {}

    private(set) var bytes: [UInt8] = []
    /// True after a value, so the next key or element needs a comma first.
    private var afterValue = false

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    mutating func openObject() { separate(); bytes.append(0x7B); afterValue = false }
    mutating func closeObject() { bytes.append(0x7D); afterValue = true }
    mutating func openArray() { separate(); bytes.append(0x5B); afterValue = false }
    mutating func closeArray() { bytes.append(0x5D); afterValue = true }

    /// `"name":` (with the comma before it when needed). `name` must be plain ASCII needing no escape.
    mutating func key(_ name: StaticString) {
        if afterValue { bytes.append(0x2C) }
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22); bytes.append(0x3A)
        afterValue = false
    }

    private mutating func separate() { if afterValue { bytes.append(0x2C) } }

    /// Values already written (by another `JSONBytes`, e.g. elements of one array), as they are;
    /// returns where they start.
    @discardableResult
    mutating func raw(_ written: [UInt8]) -> Int {
        separate()
        let at = bytes.count
        bytes.append(contentsOf: written)
        afterValue = true
        return at
    }

    mutating func int(_ n: Int) {
        separate()
        if n >= 0 && n < 10 { bytes.append(0x30 + UInt8(n)) } else { bytes.append(contentsOf: String(n).utf8) }
        afterValue = true
    }

    mutating func bool(_ b: Bool) {
        separate()
        let word: StaticString = b ? "true" : "false"
        word.withUTF8Buffer { bytes.append(contentsOf: $0) }
        afterValue = true
    }

    /// JSONEncoder writes a finite Double as its `description` without a trailing ".0" (1e-05, 1e+16 alike).
    mutating func double(_ d: Double) throws {
        guard d.isFinite else { throw Unsupported() }
        var s = d.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        separate()
        bytes.append(contentsOf: s.utf8)
        afterValue = true
    }

    mutating func date(_ d: Date) { string(ISO8601.format(d)) }

    /// A decimal as a string of its `description` (as Money's Codable writes it). That costs a
    /// microsecond, and the same few prices recur across a batch's cases: each writer keeps the texts it
    /// made (equal decimals have one description; a NaN, never equal, is simply not found again).
    mutating func decimal(_ d: Decimal) {
        if let text = decimalTexts[d] { string(text); return }
        let text = d.description
        if decimalTexts.count < 64 { decimalTexts[d] = text }
        string(text)
    }
    private var decimalTexts: [Decimal: String] = [:]

    /// A string escaped as JSONEncoder does: `"` and `\`, the short escapes \b \t \n \f \r, other C0
    /// controls as lowercase `\u00xx`; everything else (DEL, non-ASCII, `/`) as its UTF-8 bytes.
    mutating func string(_ s: String) {
        separate()
        bytes.append(0x22)
        var s = s
        s.withUTF8 { u in
            var start = 0, i = 0
            while i < u.count {
                // Eight bytes at a time while none needs escaping (most of a message body).
                if i + 8 <= u.count, !Self.mayNeedEscape(UnsafeRawPointer(u.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let b = u[i]
                i += 1
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                let i = i - 1
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i])) }
                start = i + 1
                bytes.append(0x5C)
                switch b {
                case 0x22, 0x5C: bytes.append(b)
                case 0x08: bytes.append(0x62)
                case 0x09: bytes.append(0x74)
                case 0x0A: bytes.append(0x6E)
                case 0x0C: bytes.append(0x66)
                case 0x0D: bytes.append(0x72)
                default:
                    func hex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
                    bytes.append(contentsOf: [0x75, 0x30, 0x30, hex(b >> 4), hex(b & 0xF)])
                }
            }
            if start < u.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...])) }
        }
        bytes.append(0x22)
        afterValue = true
    }

    /// Whether some byte of `w` may be a control character, `"` or `\\` (SWAR tests that can report
    /// a byte that is not, never miss one that is: such a word is then looked at byte by byte).
    static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below20 = (w &- ones &* 0x20) & ~w & highs != 0
        return below20 || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C))
    }

    mutating func strings(_ a: [String]) {
        openArray(); for s in a { string(s) }; closeArray()
    }

    // Optional fields are left out when nil, as the synthesized `encodeIfPresent` does.
    mutating func string(_ k: StaticString, _ s: String?) { if let s { key(k); string(s) } }
    mutating func date(_ k: StaticString, _ d: Date?) { if let d { key(k); date(d) } }
    mutating func int(_ k: StaticString, _ n: Int?) { if let n { key(k); int(n) } }
    mutating func strings(_ k: StaticString, _ a: [String]?) { if let a { key(k); strings(a) } }
}
