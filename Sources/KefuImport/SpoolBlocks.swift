import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase
import KefuModel

/// The import spool's blocks, read back in order: each is a checked batch's messages in
/// `InboundMessageCodec` records after its length. Used by one thread at a time (the reader of the
/// next batch), hence unchecked.
final class SpoolBlocks: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let size: off_t
    private var offset: off_t = 0
    /// The block being read, kept from one to the next (a batch's worth, not one allocation each).
    private var buffer: [UInt8] = []

    /// A block holds a batch of lines (`JSONLImport.batchBytes` and one line more) in binary form, which
    /// can outgrow its JSON (an item `{}` of 2 bytes takes 12): a longer length is damage, not a block.
    static let maxBlockBytes = 8 * (JSONLImport.batchBytes + JSONLImport.maxLineBytes)

    init(fd: Int32, path: String, size: off_t) { self.fd = fd; self.path = path; self.size = size }

    /// `messages` as one block: its length, then their records, in parts written one after another
    /// (encoded on every core: the check that spools them is on the import's critical path).
    static func block(_ messages: [InboundMessage]) -> [[UInt8]] {
        guard !messages.isEmpty else { return [] }
        let parts = inChunks(messages.count, minimum: 64, perCore: 4) { range in
            var part: [UInt8] = []
            for m in messages[range] { InboundMessageCodec.encode(m, into: &part) }
            return part
        }
        let length = UInt32(parts.reduce(0) { $0 + $1.count })
        return [(0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * UInt32($0))) }] + parts
    }

    /// The next block's messages, each with its category guessed if it names none; nil at the end.
    func next() throws -> [InboundMessage]? {
        guard offset < size else { return nil }
        let at = offset
        try read(4)
        let length = buffer[..<4].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard length <= size - offset, length <= Self.maxBlockBytes else { throw damaged(at, "a block of \(length) bytes past the end") }
        try read(length)
        var messages: [InboundMessage]
        do {
            messages = try buffer.withUnsafeBufferPointer { try InboundMessageCodec.decodeAll(UnsafeBufferPointer(rebasing: $0[..<length])) }
        } catch let e as InboundMessageCodec.Damaged { throw damaged(at, "\(e)") }
        for i in messages.indices { JSONLImport.suggestCategory(&messages[i]) }
        return messages
    }

    private func damaged(_ at: off_t, _ what: String) -> KefuError {
        KefuError.data("import spool: block at byte \(at): \(what) (a line that was valid when read: a damaged disk?)")
    }

    /// Exactly `count` bytes at the offset into the front of `buffer`; fewer is an error (the spool
    /// was written whole).
    private func read(_ count: Int) throws {
        if buffer.count < count { buffer = [UInt8](repeating: 0, count: count) }
        var got = 0
        try buffer.withUnsafeMutableBytes { raw in
            while got < count {
                let n = pread(fd, raw.baseAddress! + got, count - got, offset + off_t(got))
                if n > 0 { got += n } else if n == 0 { throw damaged(offset, "ends \(count - got) byte(s) early") } else if errno != EINTR { throw DurableIO.errno("read", path) }
            }
        }
        offset += off_t(count)
    }
}
