import Foundation

extension String {
    /// The text of `bytes` if they are valid UTF-8, else nil. Decoding repairs bad UTF-8 and a repair
    /// always changes the bytes, so the same bytes back means they were valid: several times faster
    /// than the generic `String(validating:)` (and that needs macOS 15).
    package init?(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        var s = String(decoding: bytes, as: UTF8.self)
        let same = s.withUTF8 { $0.count == bytes.count && (bytes.isEmpty || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0) }
        guard same else { return nil }
        self = s
    }
}
