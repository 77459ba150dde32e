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
