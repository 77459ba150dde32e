import Foundation
import KefuBase

/// kefu's JSON as a JSONB value and back. JSONB cannot hold U+0000 (PostgreSQL refuses `\u0000`), yet a
/// hostile mail's body may carry NUL bytes, and the directory store keeps them: here each `\u0000`
/// escape becomes U+10FFFF then `0`, and a U+10FFFF of the text itself is doubled, so reading back
/// gives exactly the case that was written. U+10FFFF is a noncharacter: mail hardly ever holds one,
/// so the text is copied only in the rare case that needs it.
enum PGJSONB {
    private static let marker: [UInt8] = [0xF4, 0x8F, 0xBF, 0xBF]
    private static let nulEscape = Array("\\u0000".utf8)

    static func text<T: Encodable>(_ value: T, encoder: JSONEncoder) throws -> String {
        let b = [UInt8](try encoder.encode(value))
        guard contains(b, nulEscape) || contains(b, marker) else { return String(decoding: b, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 16)
        var i = 0
        while i < b.count {
            // Backslashes occur only inside strings, each starting an escape: skip escapes whole, so an
            // escaped backslash followed by "u0000" (the text `\u0000`) stays text.
            if b[i] == 0x5C, i + 1 < b.count {
                if b[i + 1] == 0x75, i + 6 <= b.count, Array(b[i..<(i + 6)]) == nulEscape {
                    out += marker; out.append(0x30); i += 6
                } else {
                    out.append(b[i]); out.append(b[i + 1]); i += 2
                }
            } else if b[i] == marker[0], i + 4 <= b.count, Array(b[i..<(i + 4)]) == marker {
                out += marker + marker; i += 4
            } else {
                out.append(b[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        let b = Array(text.utf8)
        guard contains(b, marker) else { return try KefuJSON.decoder().decode(type, from: Data(b)) }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == marker[0], i + 5 <= b.count, Array(b[i..<(i + 4)]) == marker {
                if b[i + 4] == 0x30 { out += nulEscape; i += 5; continue }
                if i + 8 <= b.count, Array(b[(i + 4)..<(i + 8)]) == marker { out += marker; i += 8; continue }
            }
            out.append(b[i]); i += 1
        }
        return try KefuJSON.decoder().decode(type, from: Data(out))
    }

    private static func contains(_ b: [UInt8], _ needle: [UInt8]) -> Bool {
        guard b.count >= needle.count else { return false }
        var i = 0
        while let j = b[i...].firstIndex(of: needle[0]) {
            if j + needle.count <= b.count, b[j..<(j + needle.count)].elementsEqual(needle) { return true }
            i = j + 1
        }
        return false
    }
}
