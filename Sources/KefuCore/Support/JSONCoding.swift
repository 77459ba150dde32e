import Foundation

/// One encoder/decoder configuration for everything kefu writes: sorted keys, UTC ISO 8601 times.
public enum KefuJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(ISO8601.format(date))
        }
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { dec in
            let c = try dec.singleValueContainer()
            let s = try c.decode(String.self)
            guard let date = ISO8601.parse(s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 time: \(s)")
            }
            return date
        }
        return d
    }

    /// Encoded JSON (valid UTF-8) with every character a terminal or a text viewer would act on
    /// written as a `\uXXXX` escape: DEL, C1 controls, bidi controls (U+061C, U+200E, U+200F,
    /// U+202A–U+202E, U+2066–U+2069), U+206A–U+206F and U+2028/U+2029 (`TerminalText.isNeutralised`). (C0 controls inside strings the encoders
    /// escape themselves.) Safe anywhere in the text: outside strings JSON holds only ASCII, and
    /// inside one a character and its escape decode to the same string. `data` itself when clean.
    public static func terminalSafe(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var out: [UInt8] = []
        var copied = 0
        var i = 0
        let n = bytes.count
        func escape(_ v: UInt32, width: Int) {
            if out.isEmpty { out.reserveCapacity(n + 64) }
            out.append(contentsOf: bytes[copied..<i])
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [0x5C, 0x75,   // "\u"
                                    hex[Int(v >> 12 & 0xF)], hex[Int(v >> 8 & 0xF)], hex[Int(v >> 4 & 0xF)], hex[Int(v & 0xF)]])
            i += width
            copied = i
        }
        while i < n {
            let c = bytes[i]
            if c < 0x80 {
                // Raw C0 cannot occur in valid JSON but as whitespace between tokens (the encoders
                // escape it inside strings), and escaping a line break of pretty output would break it.
                if c == 0x7F { escape(0x7F, width: 1) } else { i += 1 }
            } else if c == 0xC2, i + 1 < n, bytes[i + 1] < 0xA0 {
                escape(UInt32(bytes[i + 1]), width: 2)                         // U+0080–U+009F
            } else if c == 0xD8, i + 1 < n, bytes[i + 1] == 0x9C {
                escape(0x061C, width: 2)
            } else if c == 0xE2, i + 2 < n,
                      (bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x8E || bytes[i + 2] == 0x8F || (0xA8...0xAE).contains(bytes[i + 2])))
                        || (bytes[i + 1] == 0x81 && (0xA6...0xAF).contains(bytes[i + 2])) {
                escape(0x2000 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), width: 3)
            } else {
                i += 1
            }
        }
        if copied == 0 { return data }
        out.append(contentsOf: bytes[copied..<n])
        return Data(out)
    }

    /// `terminalSafe` encoded JSON as text.
    public static func terminalSafeText(_ data: Data) -> String {
        String(decoding: terminalSafe(data), as: UTF8.self)
    }

    /// A readable one-line reason for a decoding failure: the field path and what was wrong.
    public static func describe(_ error: Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        func path(_ p: [CodingKey]) -> String {
            p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop(while: { $0 == "." }).description
        }
        switch e {
        case .keyNotFound(let k, let ctx): return "missing field \(path(ctx.codingPath + [k]))"
        case .typeMismatch(_, let ctx): return "wrong type at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        case .valueNotFound(_, let ctx): return "null at \(path(ctx.codingPath))"
        case .dataCorrupted(let ctx):
            let p = path(ctx.codingPath)
            return p.isEmpty ? "invalid JSON: \(ctx.debugDescription)" : "invalid value at \(p): \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
