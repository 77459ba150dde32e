import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KefuBase

/// Bytes in a declared charset → String. UTF-8 and Windows-1252 are decoded in Swift (the common case,
/// and the fallback that cannot fail); everything else goes through iconv. Never fails: bad bytes
/// become U+FFFD and a warning.
package enum MailCharset {
    enum Kind: Equatable {
        /// UTF-8, or undeclared / US-ASCII (which in practice means "probably UTF-8").
        case utf8(declared: Bool)
        /// ISO-8859-1 is read as Windows-1252 too, as browsers do: mail labelled latin1 that uses
        /// 0x80–0x9F means curly quotes and €, never C1 control characters.
        case windows1252
        /// iconv names to try in order; the first with no invalid sequences wins.
        case iconv([String])
    }

    /// Resolves a label (case-insensitive, aliases, `*lang` suffix ignored); `nil` for an unknown one.
    static func kind(_ label: String?) -> Kind? {
        guard let label else { return .utf8(declared: false) }
        var name = MailASCII.trimmed(label, extra: [34, 39]).lowercased()
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        switch name {
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "default": return .utf8(declared: false)
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return .utf8(declared: true)
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
             "windows-1252", "cp1252", "x-cp1252", "win-1252", "ms-ansi": return .windows1252
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin9", "latin-9", "l9": return .iconv(["ISO-8859-15"])
        // Windows-31J / CP932 is what Japanese mailers actually send under these labels (NEC/IBM extras).
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932",
             "x-ms-cp932": return .iconv(["CP932", "SHIFT_JIS"])
        case "iso-2022-jp", "csiso2022jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3":
            return .iconv(["ISO-2022-JP", "ISO-2022-JP-2", "ISO-2022-JP-3"])
        case "euc-jp", "x-euc-jp", "eucjp", "cseucpkdfmtjapanese": return .iconv(["EUC-JP-MS", "EUC-JP"])
        // GB18030 is a superset of GBK, which is a superset of GB2312.
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb2312", "chinese",
             "gb_2312-80", "iso-ir-58", "x-euc-cn": return .iconv(["GB18030"])
        case "big5", "big5-hkscs", "x-big5", "cn-big5", "csbig5", "cp950", "x-x-big5": return .iconv(["BIG5-HKSCS", "CP950", "BIG5"])
        // UHC / CP949 is a superset of EUC-KR; Korean mail often says ks_c_5601-1987.
        case "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "cp949", "windows-949", "uhc",
             "cseuckr", "korean": return .iconv(["CP949", "EUC-KR"])
        default:
            // Any other label iconv knows (KOI8-R, ISO-8859-2, windows-1251, UTF-16 …), if it looks like a name.
            let ok = name.utf8.count <= 40 && name.utf8.allSatisfy { isLabelByte($0) }
            return ok && canOpen(name.uppercased()) ? .iconv([name.uppercased()]) : nil
        }
    }

    /// Decodes `bytes` in charset `label` (`nil`: undeclared).
    static func decode(_ bytes: ArraySlice<UInt8>, label: String?, warnings: inout MailWarnings) -> String {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let name = (label ?? "").lowercased()
        switch kind(label) {
        case .utf8(let declared):
            if let s = validUTF8(body) { return s }
            if declared {
                warnings.add("invalid UTF-8 replaced")
                return String(decoding: body, as: UTF8.self)
            }
            warnings.add(label == nil ? "no charset declared, 8-bit text read as Windows-1252"
                                      : "8-bit text labelled \(name), read as Windows-1252")
            return windows1252(body)
        case .windows1252:
            // Mislabelled UTF-8 is far more common than latin1 text that happens to be valid UTF-8.
            if body.contains(where: { $0 >= 0x80 }), let s = validUTF8(body) {
                warnings.add("charset \(name) declared but text is UTF-8")
                return s
            }
            return windows1252(body)
        case .iconv(let names):
            var best: (text: [UInt8], errors: Int)?
            for n in names {
                guard let r = iconvDecode(body, from: n) else { continue }
                if r.errors == 0 { return String(decoding: r.text, as: UTF8.self) }
                if best.map({ r.errors < $0.errors }) ?? true { best = r }
            }
            if let best, best.errors <= max(16, body.count / 8) {
                warnings.add("invalid bytes in \(name) text replaced")
                return String(decoding: best.text, as: UTF8.self)
            }
            if best != nil {
                warnings.add("text is not \(name), read as Windows-1252")
                return windows1252(body)
            }
            return unknown(body, name: name, warnings: &warnings)
        case nil:
            return unknown(body, name: name, warnings: &warnings)
        }
    }

    private static func unknown(_ body: ArraySlice<UInt8>, name: String, warnings: inout MailWarnings) -> String {
        if let s = validUTF8(body) {
            warnings.add("unknown charset \(name), read as UTF-8")
            return s
        }
        warnings.add("unknown charset \(name), read as Windows-1252")
        return windows1252(body)
    }

    /// The text if `bytes` are valid UTF-8.
    package static func validUTF8(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { String(validUTF8: $0) }
    }

    private static func isLabelByte(_ b: UInt8) -> Bool {
        (48...57).contains(b) || (97...122).contains(b) || b == 45 || b == 95 || b == 46 || b == 58
    }

    // MARK: Windows-1252

    /// 0x80–0x9F; the five holes map to the C1 control of the same value, as WHATWG does.
    static let cp1252High: [UInt16] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 2)
        bytes.withUnsafeBufferPointer { buf in
            for b in buf {
                if b < 0x80 { out.append(b); continue }
                let u = b < 0xA0 ? UInt32(cp1252High[Int(b) - 0x80]) : UInt32(b)
                if u < 0x800 {
                    out.append(UInt8(0xC0 | (u >> 6))); out.append(UInt8(0x80 | (u & 0x3F)))
                } else {
                    out.append(UInt8(0xE0 | (u >> 12))); out.append(UInt8(0x80 | ((u >> 6) & 0x3F))); out.append(UInt8(0x80 | (u & 0x3F)))
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: iconv

    private static func open(_ code: String) -> iconv_t? {
        let cd = iconv_open("UTF-8", code)
        return Int(bitPattern: cd) == -1 ? nil : cd
    }

    private static func canOpen(_ code: String) -> Bool {
        guard let cd = open(code) else { return false }
        iconv_close(cd)
        return true
    }

    /// UTF-8 bytes and how many invalid sequences became U+FFFD; `nil` when iconv lacks `code`.
    /// Gives up (errors = Int.max) once garbage dominates, so 20 MB of binary labelled Shift_JIS costs
    /// a few thousand iconv calls, not one per byte.
    static func iconvDecode(_ bytes: ArraySlice<UInt8>, from code: String) -> (text: [UInt8], errors: Int)? {
        guard let cd = open(code) else { return nil }
        defer { iconv_close(cd) }
        let limit = max(16, bytes.count / 8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 3 / 2 + 16)
        var errors = 0
        let chunkSize = 16 * 1024
        let chunk = UnsafeMutablePointer<CChar>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        func drain(_ outPtr: UnsafeMutablePointer<CChar>?) {
            guard let outPtr else { return }
            let produced = outPtr - chunk
            if produced > 0 {
                chunk.withMemoryRebound(to: UInt8.self, capacity: produced) { out.append(contentsOf: UnsafeBufferPointer(start: $0, count: produced)) }
            }
        }
        let ok: Bool = bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return true }
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
            var inLeft = buf.count
            while inLeft > 0 {
                var outPtr: UnsafeMutablePointer<CChar>? = chunk
                var outLeft = chunkSize
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                let err = errno
                drain(outPtr)
                if r != -1 { break }
                switch err {
                case E2BIG: continue
                case EILSEQ:
                    errors += 1
                    out.append(contentsOf: replacement)
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                default: // EINVAL: an incomplete sequence at the end.
                    errors += 1
                    out.append(contentsOf: replacement)
                    inLeft = 0
                }
                if errors > limit { return false }
            }
            // Stateful encodings (ISO-2022-JP) may owe a final shift.
            var outPtr: UnsafeMutablePointer<CChar>? = chunk
            var outLeft = chunkSize
            _ = iconv(cd, nil, nil, &outPtr, &outLeft)
            drain(outPtr)
            return true
        }
        return ok ? (out, errors) : (out, Int.max)
    }
}
