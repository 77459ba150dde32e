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
        // Raw C0 can only be whitespace between tokens here (the encoders escape it inside strings), and
        // escaping a line break of pretty output would break it: from DEL up, `TerminalText`'s one set.
        func escaped(_ v: UInt32) -> Bool { v >= 0x7F && TerminalText.isNeutralised(v) }
        let text = String(decoding: data, as: UTF8.self)
        guard text.unicodeScalars.contains(where: { escaped($0.value) }) else { return data }
        var out = String.UnicodeScalarView()
        for sc in text.unicodeScalars {
            if escaped(sc.value) { out.append(contentsOf: String(format: "\\u%04x", sc.value).unicodeScalars) } else { out.append(sc) }
        }
        return Data(String(out).utf8)
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
