import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase
import KefuModel

/// A JSONL import that reads each input once and holds one batch at a time, yet still rejects a file
/// with a bad line whole: `check` reads a file, reports its problems and copies its valid lines into a
/// private spool (a temporary file, unlinked at once, so nothing of a buyer's is left behind); a
/// rejected file's lines are cut off again. `file` then hands the spooled messages over a batch at a
/// time. The spool holds exactly the lines checked, so a file changed meanwhile cannot slip anything in.
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
    }

    deinit { close(fd) }

    /// What checking one file found.
    public struct Checked: Sendable {
        public var messages = 0
        /// Lines with at least one problem.
        public var badLines = 0
    }

    /// Reads `path` a batch at a time, reports each problem, and spools the valid lines; with
    /// `rejectIfBad`, a file with any bad line leaves nothing in the spool.
    public func check(path: String, rejectIfBad: Bool, problem: (ImportProblem) -> Void) throws -> Checked {
        let start = size
        var checked = Checked()
        let (lines, closeFile) = try LineBatches.open(path: path, maxLineBytes: JSONLImport.maxLineBytes)
        defer { closeFile() }
        while let batch = try lines.next(maxLines: JSONLImport.batchLines, maxBytes: JSONLImport.batchBytes) {
            let parsed = JSONLImport.parse(batch, file: path, suggest: false)
            parsed.problems.forEach(problem)
            let bad = Set(parsed.problems.map(\.line))
            checked.badLines += bad.count
            checked.messages += parsed.messages.count
            if rejectIfBad && checked.badLines > 0 { continue }   // nothing of it will be filed: keep reading for its problems
            var out: [UInt8] = []
            out.reserveCapacity(batch.bytes.count + batch.lines.count)
            for (n, range) in batch.lines where !bad.contains(n) { out += batch.bytes[range]; out.append(0x0A) }
            try append(out)
        }
        if rejectIfBad && checked.badLines > 0 { try cut(to: start) }
        return checked
    }

    /// The spooled messages, a batch at a time, in the order checked.
    public func file(_ body: ([InboundMessage]) throws -> Void) throws {
        var offset: off_t = 0
        let lines = LineBatches(maxLineBytes: JSONLImport.maxLineBytes) { [fd, path] into in
            while true {
                let n = pread(fd, into.baseAddress!, into.count, offset)
                if n >= 0 { offset += off_t(n); return n }
                if errno != EINTR { throw DurableIO.errno("read", path) }
            }
        }
        // The next batch is parsed on another thread while this one is filed (filing is one thread's work).
        let parsing = DispatchQueue(label: "kefu.import.parse")
        let group = DispatchGroup()
        defer { group.wait() }
        var current = try lines.next(maxLines: JSONLImport.batchLines, maxBytes: JSONLImport.batchBytes).map { JSONLImport.parse($0, file: "import spool") }
        while let parsed = current {
            let next = ResultSlots<JSONLImport.Parsed>(count: 1)
            if let batch = try lines.next(maxLines: JSONLImport.batchLines, maxBytes: JSONLImport.batchBytes) {
                parsing.async(group: group) { next.set(0, JSONLImport.parse(batch, file: "import spool")) }
            }
            // Each line passed the same check when spooled: a problem now is a bug or a damaged disk.
            if let p = parsed.problems.first { throw KefuError.data("\(p) (a line that was valid when read)") }
            try body(parsed.messages)
            group.wait()
            current = next.values[0]
        }
    }

    private func append(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try DurableIO.writeAll(fd, Data(bytes), path: path)
        size += off_t(bytes.count)
    }

    private func cut(to offset: off_t) throws {
        guard ftruncate(fd, offset) == 0, lseek(fd, offset, SEEK_SET) == offset else { throw DurableIO.errno("truncate", path) }
        size = offset
    }
}
