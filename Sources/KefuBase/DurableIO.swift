import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// POSIX file operations with the durability the store promises: every write is fsync'd before it
/// returns, replacements are atomic (temp file + rename + directory fsync), and everything is
/// created private (files 0600, directories 0700) because the store holds buyers' personal data.
package enum DurableIO {
    package static let fileMode: mode_t = 0o600
    static let dirMode: mode_t = 0o700

    package static func errno(_ what: String, _ path: String) -> KefuError {
        let code = Glibc.errno
        // The inbox shows this one in its status line; it is the failure an agent can fix.
        let reason = code == ENOSPC || code == EDQUOT ? "disk full" : String(cString: strerror(code))
        return .data("\(path): \(what) failed: \(reason)")
    }

    package static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw KefuError.data("\(path): exists and is not a directory") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectory(parent) }
        guard mkdir(path, dirMode) == 0 || Glibc.errno == EEXIST else { throw errno("mkdir", path) }
        chmod(path, dirMode)
    }

    package static func fsyncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw errno("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw errno("fsync", path) }
    }

    /// The size of a regular file, not following a link; -1 for anything else or nothing.
    package static func regularFileSize(_ path: String) -> Int {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : -1
    }

    package static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { try writeAll(fd, $0, path: path) }
    }

    package static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, path: String) throws {
        var off = 0
        while off < raw.count {
            let n = write(fd, raw.baseAddress! + off, raw.count - off)
            if n < 0 { if Glibc.errno == EINTR { continue }; throw errno("write", path) }
            off += n
        }
    }

    /// Replaces `path` atomically with `data`: readers see the old file or the new one, never a mix.
    /// The temporary file is created exclusively under an unpredictable name beside the target, so
    /// another user's file or symlink can never be written through; a missing directory is an error.
    package static func replace(_ path: String, with data: Data) throws {
        try replace(path) { write in try write(data) }
    }

    /// The same, written piece by piece: `body` gets a `write` to call as often as it likes, so a large
    /// file (a snapshot of thousands of cases) never has to be held whole in memory.
    package static func replace(_ path: String, writing body: ((Data) throws -> Void) throws -> Void) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let base = String((path as NSString).lastPathComponent.utf8.prefix(200)) ?? "kefu"
        guard let (fd, tmp) = TempFile.create(in: dir.isEmpty ? "." : dir, prefix: "." + base + ".", suffix: ".tmp") else {
            throw errno("create a temporary file in", dir.isEmpty ? "." : dir)
        }
        do {   // TempFile made it close-on-exec already
            fchmod(fd, fileMode)
            try body { try writeAll(fd, $0, path: tmp) }
            guard fsync(fd) == 0 else { throw errno("fsync", tmp) }
        } catch { close(fd); unlink(tmp); throw error }
        close(fd)
        guard rename(tmp, path) == 0 else { let e = errno("rename", tmp); unlink(tmp); throw e }
        try fsyncDirectory(dir.isEmpty ? "." : dir)
    }

    package static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    package static func read(_ path: String) throws -> Data {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw KefuError.data("\(path): cannot read (\(exists(path) ? "permission denied?" : "missing"))")
        }
        return d
    }
}

/// An append-only file of lines, held open for the writer. Each append is one `write` of whole
/// lines followed by `fsync`: after `append` returns, the lines survive a crash or power loss.
/// A failed append (a full disk mid-write, a failed fsync) is cut back to the last whole record
/// before anything else is written, so a later append never lands after half a record.
package final class AppendFile {
    let path: String
    private let fd: Int32
    /// The size after the last append that completed: everything before it is whole records.
    private var cleanSize: off_t

    package init(path: String) throws {
        self.path = path
        let existed = DurableIO.exists(path)
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, DurableIO.fileMode)
        guard fd >= 0 else { throw DurableIO.errno("open", path) }
        fchmod(fd, DurableIO.fileMode)
        cleanSize = lseek(fd, 0, SEEK_END)
        if !existed {
            do { try DurableIO.fsyncDirectory((path as NSString).deletingLastPathComponent) } catch { close(fd); throw error }
        }
    }

    deinit { close(fd) }

    /// The length of the file's whole records: where the next append starts.
    package var size: UInt64 { UInt64(cleanSize) }

    /// Tests only: the disk fills after this many more bytes (the write stops there with ENOSPC).
    package var spaceLeft: Int?

    package func append(_ data: Data) throws {
        try cutBack()
        do {
            if let left = spaceLeft, left < data.count {
                try DurableIO.writeAll(fd, data.prefix(left), path: path)
                spaceLeft = 0
                Glibc.errno = ENOSPC
                throw DurableIO.errno("write", path)
            }
            spaceLeft = spaceLeft.map { $0 - data.count }
            try DurableIO.writeAll(fd, data, path: path)
            guard fsync(fd) == 0 else { throw DurableIO.errno("fsync", path) }
        } catch {
            try? cutBack() // best effort now; the next append insists
            throw error
        }
        cleanSize += off_t(data.count)
    }

    /// Removes whatever a failed append left after the last whole record.
    private func cutBack() throws {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw DurableIO.errno("stat", path) }
        guard st.st_size > cleanSize else { return } // only ever shrink: growing would write zeros
        guard ftruncate(fd, cleanSize) == 0, fsync(fd) == 0 else { throw DurableIO.errno("truncate", path) }
    }

    package func truncate() throws {
        guard ftruncate(fd, 0) == 0 else { throw DurableIO.errno("truncate", path) }
        cleanSize = 0
        guard fsync(fd) == 0 else { throw DurableIO.errno("fsync", path) }
    }
}

/// A line file read a piece at a time, for files too large to hold (the history index at 500,000 cases).
package enum LineStream {
    /// Calls `body` with each complete line from byte `offset` on and the offset it starts at; bytes after
    /// the last newline (a torn write) are not lines. Returns the offset just past the last whole line.
    @discardableResult
    package static func forEachLine(_ path: String, from offset: UInt64 = 0, chunk: Int = 1 << 20,
                                    _ body: (Data, UInt64) throws -> Void) throws -> UInt64 {
        guard DurableIO.exists(path) else { return offset }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableIO.errno("open", path) }
        defer { close(fd) }
        var carry = Data(), start = offset, at = off_t(offset)
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, chunk, at) }
            if n < 0 { if Glibc.errno == EINTR { continue }; throw DurableIO.errno("read", path) }
            if n == 0 { return start }
            at += off_t(n)
            carry.append(contentsOf: buffer[0..<n])
            // memchr, not Data's generic search: this runs over every byte of the file.
            let ends: [Int] = carry.withUnsafeBytes { raw in
                var out: [Int] = [], i = 0
                while i < raw.count, let p = memchr(raw.baseAddress! + i, 0x0A, raw.count - i) {
                    i = raw.baseAddress!.distance(to: UnsafeRawPointer(p)) + 1
                    out.append(i - 1)
                }
                return out
            }
            var from = 0
            for nl in ends {
                if nl > from { try body(carry[carry.startIndex + from..<carry.startIndex + nl], start) }
                start += UInt64(nl - from + 1)
                from = nl + 1
            }
            carry = Data(carry[(carry.startIndex + from)...])
        }
    }

    /// The line of `fd` starting at `offset`, without its newline; nil if none ends within `limit` bytes.
    package static func line(_ fd: Int32, at offset: UInt64, limit: Int) -> Data? {
        var line = Data(), at = off_t(offset)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while line.count < limit {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, at) }
            guard n > 0 else { return nil }
            if let nl = chunk[0..<n].firstIndex(of: 0x0A) { return line + chunk[0..<nl] }
            line.append(contentsOf: chunk[0..<n])
            at += off_t(n)
        }
        return nil
    }
}

/// A line file read back: complete lines, plus a torn tail if the last write was interrupted.
package struct LineFile {
    package struct Line { package let number: Int; package let bytes: Data }
    package let path: String
    package var lines: [Line] = []
    /// Bytes after the last newline: a write that never completed, so was never reported done.
    package var tornTail: Data?
    package var tornLineNumber: Int { lines.count + 1 }

    package init(path: String) throws {
        self.path = path
        guard DurableIO.exists(path) else { return }
        let data = try DurableIO.read(path)
        let start = data.startIndex
        var number = 0
        // Split on '\n' without copying per line beyond the slice.
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let base = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = base.count
            while i < n {
                if let nl = memchr(base.baseAddress! + i, 0x0A, n - i) {
                    let end = base.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                    number += 1
                    if end > i { lines.append(Line(number: number, bytes: data[(start + i)..<(start + end)])) }
                    i = end + 1
                } else {
                    tornTail = data[(start + i)..<(start + n)]
                    i = n
                }
            }
        }
    }
}
