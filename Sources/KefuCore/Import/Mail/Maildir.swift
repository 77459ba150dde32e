import Foundation

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
        if let i = name.firstIndex(where: { $0 == ":" || $0 == "!" || $0 == ";" }) { return String(name[..<i]) }
        return name
    }

    /// Every message file in new/ and cur/, in delivery order where the names tell it (they start
    /// with the delivery time), so a thread is filed oldest first.
    public func entries() throws -> [Entry] {
        var out: [Entry] = []
        for sub in ["new", "cur"] {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: path + "/" + sub) } catch {
                throw KefuError.data("\(path)/\(sub): cannot list: \(error.localizedDescription)")
            }
            for n in names where !n.hasPrefix(".") { out.append(Entry(relativePath: sub + "/" + n, key: Self.key(of: n))) }
        }
        out.sort { Self.deliveryOrder($0.key, $1.key) }
        return out
    }

    /// Names start with seconds since 1970 ("1763712000.M12P34Q5.host"); compare that number first.
    static func deliveryOrder(_ a: String, _ b: String) -> Bool {
        let ta = Int(a.prefix { $0.isNumber }) ?? 0, tb = Int(b.prefix { $0.isNumber }) ?? 0
        return ta != tb ? ta < tb : a < b
    }

    /// The file's bytes and its modification time (the delivery time when a mail has no Date header).
    /// A file moved or deleted since the listing gives nil: the mail reader got there first, and the
    /// next scan finds it under its new name.
    public func read(_ e: Entry) -> (Data, Date)? {
        let full = path + "/" + e.relativePath
        guard let data = FileManager.default.contents(atPath: full) else { return nil }
        var st = stat()
        let mtime = stat(full, &st) == 0 ? Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec)) : Date(timeIntervalSince1970: 0)
        return (data, mtime)
    }
}

/// The Maildir names kefu has filed, kept in the store (`intake/maildir-seen`), one per line,
/// appended and fsync'd only after the cases they made were saved: a crash in between reads the
/// mail again, and the Message-ID check then skips it, so nothing is lost and nothing doubles.
public final class MaildirSeen {
    public let path: String
    private var keys: Set<String> = []
    private var file: AppendFile?
    /// An interrupted append left a partial last line: start the next append on a fresh line.
    private var tornTail = false

    public init(storeDirectory: String) throws {
        let dir = storeDirectory + "/intake"
        path = dir + "/maildir-seen"
        if DurableIO.exists(path) {
            let lines = try LineFile(path: path)
            for l in lines.lines { if let s = String(data: l.bytes, encoding: .utf8) { keys.insert(s) } }
            tornTail = lines.tornTail != nil
        }
    }

    public var count: Int { keys.count }
    public var all: Set<String> { keys }
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
