import Foundation
import KefuBase
import KefuModel
#if canImport(Glibc)
import Glibc
#endif

/// Inbound attachments kept in the store, content-addressed: `attachments/<2 hex>/<sha256>`, 0600 in
/// 0700 directories. The same photo sent twice is one file. A file is written whole (temporary file,
/// fsync, rename) before any case names it, so a case never points at half a file; a crash in between
/// leaves an unnamed file, which `kefu check` counts.
public struct AttachmentStore: Sendable {
    public let directory: String

    public init(storeDirectory: String) { directory = storeDirectory + "/attachments" }

    /// 64 lowercase hex digits: the only names this store makes paths of.
    public static func isDigest(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public func path(_ sha: String) -> String? {
        guard Self.isDigest(sha) else { return nil }
        return directory + "/" + sha.prefix(2) + "/" + sha
    }

    /// Keeps `data`; returns its SHA-256. Nothing is written when the file is there already.
    @discardableResult
    public func put(_ data: Data) throws -> String {
        let sha = SHA256.hex(data)
        let target = path(sha)!
        if Self.fileSize(target) == data.count { return sha }
        let dir = (target as NSString).deletingLastPathComponent
        let newDirs = !DurableIO.exists(dir)
        try DurableIO.makeDirectory(dir)
        if newDirs { try DurableIO.fsyncDirectory(directory); try DurableIO.fsyncDirectory((directory as NSString).deletingLastPathComponent) }
        try DurableIO.replace(target, with: data)
        return sha
    }

    /// The kept bytes, checked against their name: a damaged file is an error, never shown as the buyer's.
    public func read(_ sha: String) throws -> Data {
        guard let p = path(sha) else { throw KefuError.data("not an attachment hash: \(sha)") }
        let data = try DurableIO.read(p)
        guard SHA256.hex(data) == sha else { throw KefuError.data("\(p): damaged (its content no longer matches its SHA-256)") }
        return data
    }

    /// Every kept file: hash and size. Files not named by a hash (a temporary file of an interrupted write) are skipped.
    public func all() -> [(sha: String, size: Int)] {
        var out: [(String, Int)] = []
        let fm = FileManager.default
        for sub in ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).sorted() where sub.utf8.count == 2 {
            for name in ((try? fm.contentsOfDirectory(atPath: directory + "/" + sub)) ?? []).sorted()
            where Self.isDigest(name) && name.hasPrefix(sub) {
                out.append((name, Self.fileSize(directory + "/" + sub + "/" + name)))
            }
        }
        return out
    }

    /// Removes the files of `shas` (missing ones are no error); returns how many went.
    @discardableResult
    public func remove(_ shas: Set<String>) throws -> Int {
        var n = 0
        var dirs: Set<String> = []
        for sha in shas {
            guard let p = path(sha) else { continue }
            if unlink(p) == 0 { n += 1; dirs.insert((p as NSString).deletingLastPathComponent) } else if errno != ENOENT { throw DurableIO.errno("unlink", p) }
        }
        for d in dirs { try DurableIO.fsyncDirectory(d) }
        return n
    }

    static func fileSize(_ path: String) -> Int { DurableIO.regularFileSize(path) }
}
