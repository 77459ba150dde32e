import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase
import KefuModel
import KefuCategories

/// A JSONL import that reads each input once and holds one batch at a time, yet still rejects a file
/// with a bad line whole: `check` reads a file, reports its problems and copies its valid lines into a
/// private spool (a temporary file, unlinked at once, so nothing of a buyer's is left behind); a
/// rejected file's part is cut off again. `file` then hands the spooled messages over a batch at a
/// time. The spool holds exactly the messages checked, so a file changed meanwhile cannot slip anything
/// in; it holds them parsed (`InboundMessageCodec`, a block per batch), so no line is parsed twice.
public final class JSONLSpool {
    private let fd: Int32
    private let path: String
    private var size: off_t = 0

    public init() throws {
        guard let (fd, path) = TempFile.create(prefix: "kefu-import-", suffix: ".jsonl") else {
            throw DurableIO.errno("create a temporary file in", NSTemporaryDirectory())
        }
        unlink(path)
        self.fd = fd
        self.path = path
        // Filing guesses categories: their cue tables are compiled meanwhile, off the critical path.
        DispatchQueue.global().async { CategorySuggester.prepare() }
    }

    deinit { close(fd) }

    /// What checking one file found.
    public struct Checked: Sendable {
        public var messages = 0
        /// Lines with at least one problem.
        public var badLines = 0
    }

    /// Reads `path` a batch at a time, reports each problem, and spools the valid lines' messages; with
    /// `rejectIfBad`, a file with any bad line leaves nothing in the spool.
    public func check(path: String, rejectIfBad: Bool, problem: (ImportProblem) -> Void) throws -> Checked {
        let start = size
        var checked = Checked()
        let (lines, closeFile) = try LineBatches.open(path: path, maxLineBytes: JSONLImport.maxLineBytes)
        defer { closeFile() }
        while let batch = try lines.next(maxLines: JSONLImport.batchLines, maxBytes: JSONLImport.batchBytes) {
            let parsed = JSONLImport.parse(batch, file: path, suggest: false)
            parsed.problems.forEach(problem)
            checked.badLines += Set(parsed.problems.map(\.line)).count
            checked.messages += parsed.messages.count
            if rejectIfBad && checked.badLines > 0 { continue }   // nothing of it will be filed: keep reading for its problems
            try append(SpoolBlocks.block(parsed.messages))
        }
        if rejectIfBad && checked.badLines > 0 { try cut(to: start) }
        return checked
    }

    /// The spooled messages, a batch at a time, in the order checked.
    public func file(_ body: ([InboundMessage]) throws -> Void) throws {
        let blocks = SpoolBlocks(fd: fd, path: path, size: size)
        // The next batch is decoded (and its categories guessed) on another thread while this one is
        // filed: filing is one thread's work, and the longest part of an import.
        let decoding = DispatchQueue(label: "kefu.import.decode")
        let group = DispatchGroup()
        defer { group.wait() }
        var current = try blocks.next()
        while let messages = current {
            let next = ResultSlots<Result<[InboundMessage]?, Error>>(count: 1)
            decoding.async(group: group) { next.set(0, Result { try blocks.next() }) }
            try body(messages)
            group.wait()
            current = try next.values[0]!.get()
        }
    }

    private func append(_ parts: [[UInt8]]) throws {
        for part in parts {
            try part.withUnsafeBytes { try DurableIO.writeAll(fd, $0, path: path) }
            size += off_t(part.count)
        }
    }

    private func cut(to offset: off_t) throws {
        guard ftruncate(fd, offset) == 0, lseek(fd, offset, SEEK_SET) == offset else { throw DurableIO.errno("truncate", path) }
        size = offset
    }
}
