import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase

/// A text file's lines, a batch at a time, read a bounded chunk at a time: memory holds one chunk
/// and one batch however long the file. A line longer than `maxLineBytes` is never held whole: it is
/// skipped to its end and reported by number, so a hostile line cannot make kefu allocate without bound.
/// Lines are numbered as an editor numbers them (blank ones count); blank lines, a trailing CR and a
/// UTF-8 byte order mark on line 1 are dropped.
package final class LineBatches {
    package struct Batch: Sendable {
        /// The lines' bytes, one after another; `lines` holds each line's number and range in them.
        package var bytes: [UInt8] = []
        package var lines: [(number: Int, range: Range<Int>)] = []
        /// Lines skipped for their length: number and length in bytes.
        package var tooLong: [(number: Int, bytes: Int)] = []
        package var isEmpty: Bool { lines.isEmpty && tooLong.isEmpty }
    }

    /// Reads up to `count` bytes into the buffer; 0 at the end.
    package typealias Source = (UnsafeMutableRawBufferPointer) throws -> Int

    package let maxLineBytes: Int
    private let source: Source
    private let chunkBytes: Int
    private var buf: [UInt8]
    private var lo = 0, hi = 0
    private var atEnd = false
    private var lineNumber = 0
    /// Bytes of an over-long line seen so far while skipping to its end.
    private var skipping: Int?

    /// The read buffer's size: one chunk, more only while a line longer than a chunk is read.
    package var bufferBytes: Int { buf.count }

    package init(maxLineBytes: Int, chunkBytes: Int = 1 << 20, source: @escaping Source) {
        self.maxLineBytes = maxLineBytes
        self.chunkBytes = chunkBytes
        self.source = source
        buf = [UInt8](repeating: 0, count: chunkBytes)
    }

    /// The lines of `data` (already in memory).
    package convenience init(data: Data, maxLineBytes: Int) {
        var offset = 0
        self.init(maxLineBytes: maxLineBytes, chunkBytes: max(1, min(data.count, 1 << 20))) { into in
            let n = min(into.count, data.count - offset)
            data.withUnsafeBytes { from in into.baseAddress!.copyMemory(from: from.baseAddress! + offset, byteCount: n) }
            offset += n
            return n
        }
    }

    /// The lines of the file at `path`, read with `read(2)` (a pipe or FIFO streams the same way).
    package static func open(path: String, maxLineBytes: Int) throws -> (LineBatches, close: () -> Void) {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw KefuError.data("\(path): cannot read: \(String(cString: strerror(errno)))") }
        let lines = LineBatches(maxLineBytes: maxLineBytes) { into in
            while true {
                let n = Glibc.read(fd, into.baseAddress!, into.count)
                if n >= 0 { return n }
                if errno != EINTR { throw KefuError.data("\(path): cannot read: \(String(cString: strerror(errno)))") }
            }
        }
        return (lines, { Glibc.close(fd) })
    }

    /// The next lines, at most `maxLines` of them and about `maxBytes` (one line may pass it); nil at the end.
    package func next(maxLines: Int, maxBytes: Int) throws -> Batch? {
        var batch = Batch()
        while batch.lines.count < maxLines, batch.bytes.count < maxBytes {
            if let nl = newline() {
                take(lo..<nl, into: &batch)
                lo = nl + 1
                continue
            }
            // No whole line left: an over-long one is counted and dropped, the rest waits for more bytes.
            if let seen = skipping {
                skipping = seen + (hi - lo); lo = hi
            } else if hi - lo > maxLineBytes {
                skipping = hi - lo; lo = hi
            }
            if atEnd {
                if lo < hi || skipping != nil { take(lo..<hi, into: &batch); lo = hi }
                break
            }
            try fill()
        }
        return batch.isEmpty ? nil : batch
    }

    private func newline() -> Int? {
        guard lo < hi else { return nil }
        return buf.withUnsafeBytes { raw in
            memchr(raw.baseAddress! + lo, 0x0A, hi - lo).map { raw.baseAddress!.distance(to: UnsafeRawPointer($0)) }
        }
    }

    /// Moves what is left to the front and reads more after it; the buffer grows only while a line
    /// is longer than it (up to `maxLineBytes` and one chunk).
    private func fill() throws {
        if lo > 0 {
            buf.withUnsafeMutableBytes { raw in _ = memmove(raw.baseAddress!, raw.baseAddress! + lo, hi - lo) }
            hi -= lo; lo = 0
        }
        if buf.count - hi < max(chunkBytes / 2, 1) { buf.append(contentsOf: repeatElement(0, count: chunkBytes)) }
        let n = try buf.withUnsafeMutableBytes { raw in try source(UnsafeMutableRawBufferPointer(rebasing: raw[hi...])) }
        if n == 0 { atEnd = true } else { hi += n }
    }

    private func take(_ range: Range<Int>, into batch: inout Batch) {
        lineNumber += 1
        if let seen = skipping {
            batch.tooLong.append((lineNumber, seen + range.count))
            skipping = nil
            return
        }
        var r = range
        if r.count > maxLineBytes { batch.tooLong.append((lineNumber, r.count)); return }
        if lineNumber == 1, r.count >= 3, buf[r.lowerBound] == 0xEF, buf[r.lowerBound + 1] == 0xBB, buf[r.lowerBound + 2] == 0xBF {
            r = (r.lowerBound + 3)..<r.upperBound   // BOM
        }
        if r.count > 0, buf[r.upperBound - 1] == 0x0D { r = r.lowerBound..<(r.upperBound - 1) }
        if buf[r].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        let start = batch.bytes.count
        batch.bytes.append(contentsOf: buf[r])
        batch.lines.append((lineNumber, start..<batch.bytes.count))
    }
}
