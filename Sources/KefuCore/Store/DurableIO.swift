import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// POSIX file operations with the durability the store promises: every write is fsync'd before it
/// returns, replacements are atomic (temp file + rename + directory fsync), and everything is
/// created private (files 0600, directories 0700) because the store holds buyers' personal data.
enum DurableIO {
    static let fileMode: mode_t = 0o600
    static let dirMode: mode_t = 0o700

    static func errno(_ what: String, _ path: String) -> KefuError {
        .data("\(path): \(what) failed: \(String(cString: strerror(Glibc.errno)))")
    }

    static func makeDirectory(_ path: String) throws {
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

    static func fsyncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw errno("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw errno("fsync", path) }
    }

    static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if Glibc.errno == EINTR { continue }; throw errno("write", path) }
                off += n
            }
        }
    }

    /// Replaces `path` atomically with `data`: readers see the old file or the new one, never a mix.
    static func replace(_ path: String, with data: Data) throws {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw errno("open", tmp) }
        do {
            fchmod(fd, fileMode)
            try writeAll(fd, data, path: tmp)
            guard fsync(fd) == 0 else { throw errno("fsync", tmp) }
        } catch { close(fd); unlink(tmp); throw error }
        close(fd)
        guard rename(tmp, path) == 0 else { throw errno("rename", tmp) }
        try fsyncDirectory((path as NSString).deletingLastPathComponent)
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func read(_ path: String) throws -> Data {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw KefuError.data("\(path): cannot read (\(exists(path) ? "permission denied?" : "missing"))")
        }
        return d
    }
}

/// An append-only file of lines, held open for the writer. Each append is one `write` of whole
/// lines followed by `fsync`: after `append` returns, the lines survive a crash or power loss.
final class AppendFile {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        let existed = DurableIO.exists(path)
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, DurableIO.fileMode)
        guard fd >= 0 else { throw DurableIO.errno("open", path) }
        fchmod(fd, DurableIO.fileMode)
        if !existed { try DurableIO.fsyncDirectory((path as NSString).deletingLastPathComponent) }
    }

    deinit { close(fd) }

    func append(_ data: Data) throws {
        try DurableIO.writeAll(fd, data, path: path)
        guard fsync(fd) == 0 else { throw DurableIO.errno("fsync", path) }
    }

    func truncate() throws {
        guard ftruncate(fd, 0) == 0, fsync(fd) == 0 else { throw DurableIO.errno("truncate", path) }
    }
}

/// A line file read back: complete lines, plus a torn tail if the last write was interrupted.
struct LineFile {
    struct Line { let number: Int; let bytes: Data }
    let path: String
    var lines: [Line] = []
    /// Bytes after the last newline: a write that never completed, so was never reported done.
    var tornTail: Data?
    var tornLineNumber: Int { lines.count + 1 }

    init(path: String) throws {
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
