import Foundation
import KefuBase
import KefuStore

/// A Maildir as mbsync, getmail, fetchmail or offlineimap write it: mail arrives in `new/` and the
/// mail reader moves it to `cur/`, appending `:2,FLAGS` to the name. kefu only reads: it never
/// renames, flags or deletes the user's mail.
public struct Maildir: Sendable {
    public struct Entry: Sendable, Equatable {
        /// `new/NAME` or `cur/NAME`, relative to the Maildir.
        public var relativePath: String
        /// The name without its flags: the same message keeps it when it moves from new/ to cur/.
        public var key: String
    }

    public let path: String

    /// Checks the layout first, so a typo in the path is a clear error, not an empty import.
    public init(path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw KefuError.data("\(path): no such directory")
        }
        for sub in ["new", "cur"] where !FileManager.default.fileExists(atPath: path + "/" + sub, isDirectory: &isDir) || !isDir.boolValue {
            throw KefuError.data("\(path): not a Maildir (no \(sub)/ directory)")
        }
        self.path = path
    }

    /// The unique part of a Maildir name: everything before the info separator (":" on Unix, "!" or
    /// ";" where ":" is not allowed in names).
    public static func key(of name: String) -> String {
        // Bytes, not characters: a rescan takes the key of every name in the Maildir.
        if let i = name.utf8.firstIndex(where: { $0 == 0x3A || $0 == 0x21 || $0 == 0x3B }) { return String(name[..<i]) }
        return name
    }

    /// Every message file in new/ and cur/, in delivery order where the names tell it (they start
    /// with the delivery time), so a thread is filed oldest first. Names only: no file is opened or stat'd.
    public func entries(sorted: Bool = true) throws -> [Entry] {
        var out: [Entry] = []
        for sub in ["new", "cur"] {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: path + "/" + sub) } catch {
                throw KefuError.data("\(path)/\(sub): cannot list: \(error.localizedDescription)")
            }
            for n in names where !n.hasPrefix(".") { out.append(Entry(relativePath: sub + "/" + n, key: Self.key(of: n))) }
        }
        if sorted { out.sort { Self.deliveryOrder($0.key, $1.key) } }
        return out
    }

    /// Names start with seconds since 1970 ("1763712000.M12P34Q5.host"); compare that number first.
    static func deliveryOrder(_ a: String, _ b: String) -> Bool {
        let ta = Int(a.prefix { $0.isNumber }) ?? 0, tb = Int(b.prefix { $0.isNumber }) ?? 0
        return ta != tb ? ta < tb : a < b
    }

    /// What reading one listed file gave.
    public enum ReadResult: Sendable {
        /// The bytes (at most `maxBytes`), the modification time (the delivery time when a mail has no
        /// Date header) and the file's whole size when it was longer than what was read.
        case mail(Data, Date, truncatedFrom: Int?)
        /// Moved or deleted since the listing: the mail reader got there first, and the next scan
        /// finds it under its new name.
        case vanished
        /// Not a regular file (a symbolic link, FIFO, socket, device or directory): why, for a warning.
        /// Never followed, never opened in a way that could block.
        case skipped(String)
        /// A regular file that could not be read this time (permissions, too many open files, an I/O
        /// error): why, for a warning; worth another try later.
        case unreadable(String)
    }

    /// Mail read per file: a bigger file is kept up to here with a warning, never read whole.
    public static let maxBytes = 32 << 20

    /// Reads one listed file without following symbolic links or blocking on a FIFO: `lstat` first,
    /// then `open(O_NOFOLLOW | O_NONBLOCK)` and `fstat` on the descriptor (a file swapped for a link
    /// or a FIFO in between is caught there), then at most `maxBytes`.
    public func read(_ e: Entry, maxBytes: Int = Maildir.maxBytes) -> ReadResult {
        let full = path + "/" + e.relativePath
        var st = stat()
        guard lstat(full, &st) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .vanished : .unreadable("cannot read: \(String(cString: strerror(errno)))")
        }
        if let what = Self.notRegular(st.st_mode) { return .skipped("\(what), skipped (not followed)") }
        let fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return .vanished }
            if errno == ELOOP { return .skipped("a symbolic link, skipped (not followed)") }
            return .unreadable("cannot read: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        guard fstat(fd, &st) == 0 else { return .unreadable("cannot read: \(String(cString: strerror(errno)))") }
        if let what = Self.notRegular(st.st_mode) { return .skipped("\(what), skipped (not followed)") }
        let size = Int(st.st_size)
        let mtime = Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec))
        // Read to the end (a file may grow while a mail program writes it), but never past the limit.
        var buf = [UInt8](repeating: 0, count: min(max(size, 0), maxBytes) + 1)
        var got = 0
        while got < buf.count {
            let n = buf.withUnsafeMutableBytes { readFile(fd, $0.baseAddress! + got, $0.count - got) }
            if n < 0 {
                if errno == EINTR { continue }
                return .unreadable("cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            got += n
            if got == buf.count, got <= maxBytes { buf.append(contentsOf: repeatElement(0, count: min(got, maxBytes + 1 - got))) }
        }
        let truncated = got > maxBytes
        return .mail(Data(buf[0..<min(got, maxBytes)]), mtime, truncatedFrom: truncated ? max(size, got) : nil)
    }

    /// What a file is when it is not a regular file, in words.
    static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFLNK: return "a symbolic link"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFDIR: return "a directory"
        default: return "not a regular file"
        }
    }
}

/// `read(2)`, named apart from `Maildir.read`.
private func readFile(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, into, count) }

/// The Maildir names kefu has filed, kept in the store (`intake/maildir-seen`), one per line,
/// appended and fsync'd only after the cases they made were saved: a crash in between reads the
/// mail again, and the Message-ID check then skips it, so nothing is lost and nothing doubles.
public final class MaildirSeen: MaildirSeenList {
    public let path: String
    private var keys: Set<String> = []
    private var file: AppendFile?
    /// An interrupted append left a partial last line: start the next append on a fresh line.
    private var tornTail = false

    static func path(storeDirectory: String) -> String { storeDirectory + "/intake/maildir-seen" }

    public init(storeDirectory: String) throws {
        path = Self.path(storeDirectory: storeDirectory)
        if DurableIO.exists(path) {
            let lines = try LineFile(path: path)
            keys.reserveCapacity(lines.lines.count)
            for l in lines.lines { if let s = String(validating: l.bytes, as: UTF8.self) { keys.insert(s) } }
            tornTail = lines.tornTail != nil
        }
    }

    public var count: Int { keys.count }
    public var all: Set<String> { keys }
    public func allKeys() -> Set<String> { keys }
    public func contains(_ key: String) -> Bool { keys.contains(key) }

    public func add(_ new: [String]) throws {
        let fresh = new.filter { !keys.contains($0) && !$0.contains("\n") }
        guard !fresh.isEmpty else { return }
        if file == nil {
            let dir = (path as NSString).deletingLastPathComponent
            if !DurableIO.exists(dir) { try DurableIO.makeDirectory(dir) }
            file = try AppendFile(path: path)
        }
        try file!.append(Data(((tornTail ? "\n" : "") + fresh.map { $0 + "\n" }.joined()).utf8))
        tornTail = false
        keys.formUnion(fresh)
    }
}
