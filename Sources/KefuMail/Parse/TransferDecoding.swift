import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte searches on raw pointers. memchr/memcmp keep multi-megabyte bodies fast even in debug builds,
/// where a Swift loop over every byte is ~50× slower than in release.
enum MailBytes {
    /// Index of the first `byte` in `buf[from..<to]`.
    static func find(_ byte: UInt8, in buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let base = buf.baseAddress, from < to, from >= 0, to <= buf.count else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Index of the first occurrence of `needle` in `buf[from..<to]`: memchr for its first byte, memcmp
    /// for the rest (memmem is a GNU extension Swift's Glibc module does not export).
    static func find(_ needle: [UInt8], in buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard let base = buf.baseAddress, let first = needle.first, from >= 0, to <= buf.count else { return nil }
        let last = to - needle.count // the last index where the needle still fits
        return needle.withUnsafeBufferPointer { n -> Int? in
            guard let nb = n.baseAddress else { return nil }
            var i = from
            while i <= last, let hit = find(first, in: buf, from: i, to: last + 1) {
                if memcmp(base + hit, nb, n.count) == 0 { return hit }
                i = hit + 1
            }
            return nil
        }
    }

    /// Whether `buf[at...]` starts with `needle`.
    static func matches(_ needle: [UInt8], in buf: UnsafeBufferPointer<UInt8>, at: Int) -> Bool {
        guard let base = buf.baseAddress, at >= 0, at + needle.count <= buf.count else { return false }
        return needle.withUnsafeBufferPointer { n in n.baseAddress.map { memcmp(base + at, $0, n.count) == 0 } ?? true }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 10 }

}

/// Content-Transfer-Encoding decoders, lenient the way real mail needs.
enum TransferDecoding {
    /// Body bytes with the transfer encoding undone. 7bit/8bit/binary (and unknown ones, with a warning) pass through.
    static func decode(_ body: ArraySlice<UInt8>, encoding: String, warnings: inout MailWarnings) -> ArraySlice<UInt8> {
        switch encoding {
        case "base64": return base64(body)[...]
        case "quoted-printable": return quotedPrintable(body)[...]
        case "", "7bit", "8bit", "binary": return body
        default:
            warnings.add("unknown transfer encoding \(encoding), read as 8bit")
            return body
        }
    }

    /// Decoded size without keeping the decoded bytes (attachments are listed, not stored). Line-based
    /// encodings count each line end as CRLF (the canonical form), so a message stored with bare LF
    /// lists the same size as the one that arrived with CRLF.
    static func decodedSize(_ body: ArraySlice<UInt8>, encoding: String) -> Int {
        switch encoding {
        case "base64": return base64Count(body)
        case "binary": return body.count
        case "quoted-printable":
            let decoded = quotedPrintable(body)
            return decoded.count + bareLineFeeds(decoded[...])
        default: return body.count + bareLineFeeds(body)
        }
    }

    /// LF bytes not preceded by CR.
    static func bareLineFeeds(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { buf in
            var n = 0, i = 0
            while let lf = MailBytes.find(10, in: buf, from: i, to: buf.count) {
                if lf == 0 || buf[lf - 1] != 13 { n += 1 }
                i = lf + 1
            }
            return n
        }
    }

    // MARK: Base64

    /// 0–63 for the alphabet, 64 for "=", 255 for anything else (whitespace, garbage: skipped).
    static let base64Table: [UInt8] = {
        var t = [UInt8](repeating: 255, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = UInt8(i) }
        t[Int(UInt8(ascii: "-"))] = 62 // base64url, seen from some webmailers
        t[Int(UInt8(ascii: "_"))] = 63
        t[Int(UInt8(ascii: "="))] = 64
        return t
    }()

    /// Skips characters outside the alphabet and tolerates missing padding. "=" ends a quantum rather
    /// than the data, so two concatenated padded blocks both decode.
    static func base64(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: input.count / 4 * 3 + 3)
        var n = 0
        out.withUnsafeMutableBufferPointer { o in
            input.withUnsafeBufferPointer { inp in
                base64Table.withUnsafeBufferPointer { t in
                    var acc: UInt32 = 0, k = 0, i = 0
                    let count = inp.count
                    while i <= count {
                        let v: UInt8 = i < count ? t[Int(inp[i])] : 64 // a virtual "=" flushes the tail
                        i += 1
                        if v < 64 {
                            acc = acc << 6 | UInt32(v)
                            k += 1
                            if k == 4, n + 3 <= o.count {
                                o[n] = UInt8(truncatingIfNeeded: acc >> 16)
                                o[n + 1] = UInt8(truncatingIfNeeded: acc >> 8)
                                o[n + 2] = UInt8(truncatingIfNeeded: acc)
                                n += 3; k = 0; acc = 0
                            }
                        } else if v == 64 {
                            if k == 2, n < o.count {
                                o[n] = UInt8(truncatingIfNeeded: acc >> 4); n += 1
                            } else if k == 3, n + 2 <= o.count {
                                o[n] = UInt8(truncatingIfNeeded: acc >> 10)
                                o[n + 1] = UInt8(truncatingIfNeeded: acc >> 2)
                                n += 2
                            }
                            k = 0; acc = 0
                        }
                    }
                }
            }
        }
        out.removeLast(out.count - n)
        return out
    }

    /// What `base64(_:).count` would be, without writing the bytes.
    static func base64Count(_ input: ArraySlice<UInt8>) -> Int {
        input.withUnsafeBufferPointer { inp in
            base64Table.withUnsafeBufferPointer { t in
                var total = 0, k = 0, i = 0
                let count = inp.count
                while i <= count {
                    let v: UInt8 = i < count ? t[Int(inp[i])] : 64
                    i += 1
                    if v < 64 {
                        k += 1
                        if k == 4 { total += 3; k = 0 }
                    } else if v == 64 {
                        total += k == 2 ? 1 : k == 3 ? 2 : 0
                        k = 0
                    }
                }
                return total
            }
        }
    }

    // MARK: Quoted-printable

    /// RFC 2045 6.7, lenient: trailing whitespace is transport padding, "=" at a line end is a soft
    /// break, hex may be lowercase, and an "=" that starts no valid escape is kept as it is.
    /// Hard line breaks come out as "\n".
    static func quotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(input.count)
        input.withUnsafeBufferPointer { buf in
            let count = buf.count
            var start = 0
            while start < count {
                let lf = MailBytes.find(10, in: buf, from: start, to: count)
                var end = lf ?? count
                while end > start, buf[end - 1] == 32 || buf[end - 1] == 9 || buf[end - 1] == 13 { end -= 1 }
                let soft = end > start && buf[end - 1] == 61
                if soft { end -= 1 }
                var i = start
                while i < end {
                    let eq = MailBytes.find(61, in: buf, from: i, to: end) ?? end
                    if eq > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<eq])) }
                    guard eq < end else { break }
                    if eq + 2 < end, let hi = MIMEEncoding.hexValue(buf[eq + 1]), let lo = MIMEEncoding.hexValue(buf[eq + 2]) {
                        out.append(hi << 4 | lo)
                        i = eq + 3
                    } else {
                        out.append(61)
                        i = eq + 1
                    }
                }
                if !soft, lf != nil { out.append(10) }
                start = (lf ?? count) + 1
            }
        }
        return out
    }
}
