import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase
import KefuModel

/// Open cases a large import saved and then let go of (`CaseStore.writeThrough`): each one's bytes —
/// the very bytes its journal record holds, so a snapshot can copy them without encoding again — in a
/// private file beside the store (unlinked at once: nothing is left behind, and it is never the record;
/// the journal is). Memory keeps a few numbers per case, so an import of 100,000 new cases holds no
/// more than one batch of them: 32 bytes in `rows` and the id's key in `entries`.
final class WrittenThrough {
    struct Entry: Equatable {
        var offset: UInt64
        var number: Int
        /// What compaction needs to decide on retiring the case without reading it (a `Date`'s
        /// seconds: a plain number keeps the entry 32 bytes).
        var updatedAt: Double
        var length: UInt32
        var resolved: Bool
    }

    /// Each case's row in `rows`.
    private(set) var entries: [String: Int32] = [:]
    private var rows: [Entry] = []
    /// Rows of removed cases, reused before `rows` grows.
    private var freeRows: [Int32] = []
    private let fd: Int32
    private let path: String
    private var size: UInt64 = 0

    init(directory: String) throws {
        guard let (fd, path) = TempFile.create(in: directory, prefix: ".written-through-") else {
            throw DurableIO.errno("create a temporary file in", directory)
        }
        unlink(path)
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    var count: Int { entries.count }
    func contains(_ id: String) -> Bool { entries[id] != nil }
    func remove(_ id: String) { if let r = entries.removeValue(forKey: id) { freeRows.append(r) } }

    /// Keeps each case as the bytes at its range of `written` (a journal record, or one case's
    /// encoding), in one write; a later version of a case replaces an earlier one.
    func put(_ cases: [Case], in written: Data, at ranges: [Range<Int>]) throws {
        precondition(cases.count == ranges.count)
        // Checked before writing: the rows keep a length in 32 bits (the caller keeps such a case in memory).
        guard ranges.allSatisfy({ $0.count <= UInt32.max }) else { throw KefuError.data("\(path): a case of 4 GB cannot be written through") }
        do { try DurableIO.writeAll(fd, written, path: path) } catch {
            // The file offset is wherever the failed write left it: the next put starts where it should.
            guard lseek(fd, off_t(size), SEEK_SET) == off_t(size) else { throw DurableIO.errno("seek", path) }
            throw error
        }
        for k in cases.indices {
            // Fields read in place: a copy of each case would retain all its strings and arrays.
            let id = cases[k].id, r = ranges[k]
            let e = Entry(offset: size + UInt64(r.lowerBound), number: Case.number(id), updatedAt: cases[k].updatedAt.timeIntervalSinceReferenceDate,
                          length: UInt32(r.count), resolved: cases[k].status == .resolved)
            if let row = entries[id] { rows[Int(row)] = e; continue }   // a later version replaces the earlier one
            let row = freeRows.popLast() ?? Int32(rows.count)
            if row == rows.count { rows.append(e) } else { rows[Int(row)] = e }
            entries[id] = row
        }
        size += UInt64(written.count)
    }

    /// The bytes kept for `e`.
    func bytes(_ e: Entry) throws -> Data { try bytes(at: e.offset, count: Int(e.length)) }

    private func bytes(at offset: UInt64, count length: Int) throws -> Data {
        var data = Data(count: length)
        try data.withUnsafeMutableBytes { raw in
            var done = 0
            while done < length {
                let n = pread(fd, raw.baseAddress! + done, length - done, off_t(offset) + off_t(done))
                if n < 0 { if errno == EINTR { continue }; throw DurableIO.errno("read", path) }
                if n == 0 { throw KefuError.data("\(path): cut short (a case written through is missing)") }
                done += n
            }
        }
        return data
    }

    /// Reads entries through a window of the file: a snapshot copies them in number order, which is
    /// mostly the order they were written in, so one read serves a megabyte of cases, not one each.
    struct Window {
        let through: WrittenThrough
        private var data = Data()
        private var start: UInt64 = 0
        init(_ through: WrittenThrough) { self.through = through }

        /// `e`'s bytes (a slice of the window: no copy).
        mutating func bytes(_ e: Entry) throws -> Data {
            let end = e.offset + UInt64(e.length)
            if e.offset < start || end > start + UInt64(data.count) {
                let length = min(max(1 << 20, Int(e.length)), Int(through.size - e.offset))
                data = try through.bytes(at: e.offset, count: length)
                start = e.offset
            }
            let from = data.startIndex + Int(e.offset - start)
            return data[from..<from + Int(e.length)]
        }
    }

    func read(_ id: String) throws -> Case? {
        guard let row = entries[id] else { return nil }
        return try CaseReader.decodeCase(try bytes(rows[Int(row)]))
    }

    /// The entries in number order, skipping `gone` (a plain array: no copy of the table).
    func byNumber(skipping gone: Set<String>) -> [Entry] {
        var out: [Entry] = []
        out.reserveCapacity(entries.count)
        for (id, row) in entries where !gone.contains(id) { out.append(rows[Int(row)]) }
        out.sort { $0.number < $1.number }
        return out
    }

    /// The resolved cases whose last change `due` accepts, read back.
    func resolved(_ due: (Date) -> Bool) throws -> [Case] {
        var out: [Case] = []
        for (id, row) in entries {
            let e = rows[Int(row)]
            if e.resolved, due(Date(timeIntervalSinceReferenceDate: e.updatedAt)), let c = try read(id) { out.append(c) }
        }
        return out
    }
}

extension CaseStore {
    /// Every open case's snapshot line, in number order, those in memory encoded and those written
    /// through copied as they are; `gone` (retiring) left out.
    func snapshotLines(skipping gone: Set<String>, _ line: (Data) throws -> Void) throws {
        let inMemory = cases.values.filter { !gone.contains($0.id) }.sortedByNumber()
        let through = writtenThrough?.byNumber(skipping: gone) ?? []
        var window = writtenThrough.map { WrittenThrough.Window($0) }
        var i = 0, j = 0
        while i < inMemory.count || j < through.count {
            if i < inMemory.count, j == through.count || inMemory[i].number < through[j].number {
                try line(try encoder.encode(inMemory[i])); i += 1
            } else {
                try line(try window!.bytes(through[j])); j += 1
            }
        }
    }

    /// The open cases written through that compaction retires now, read back.
    func writtenThroughRetiring(now: Date, retireAfter: TimeInterval) throws -> [Case] {
        try writtenThrough?.resolved { now.timeIntervalSince($0) > retireAfter } ?? []   // as for the cases in memory
    }
}
