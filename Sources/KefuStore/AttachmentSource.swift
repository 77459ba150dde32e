import Foundation
import KefuBase
import KefuModel
import KefuMail
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a message's attachment, wherever they are: in the store by hash, or still in the
/// Maildir (above the cap), where the mail file is read again whole and the part is checked against
/// the size and hash taken at intake — a mail file changed since is an error, not someone else's file.
public enum AttachmentSource {
    /// Mail files read again for a part left in the Maildir: the largest kefu reads at all.
    public static let maxMailBytes = 256 << 20

    public static func bytes(of f: AttachmentFile, storeDirectory: String) throws -> Data {
        if f.isKept, let sha = f.sha256 { return try AttachmentStore(storeDirectory: storeDirectory).read(sha) }
        guard let mailFile = f.leftIn, let part = f.part else { throw KefuError.data("\(f.name ?? "attachment"): not kept, and no mail file named") }
        let path = try locate(mailFile)
        let size = AttachmentStore.fileSize(path)
        guard size >= 0, size <= maxMailBytes else { throw KefuError.data("\(path): not a regular file of at most \(maxMailBytes >> 20) MB") }
        let mail = MIMEParser.parse(try DurableIO.read(path), keepingOnly: part)
        guard part < mail.attachments.count, let data = mail.attachments[part].data else {
            throw KefuError.data("\(path): has no attachment number \(part + 1) any more")
        }
        if let sha = f.sha256, SHA256.hex(data) != sha { throw KefuError.data("\(path): attachment \(part + 1) changed since it was filed") }
        return data
    }

    /// The mail file as named at intake, else the same message under its other Maildir name (a mail
    /// reader moves new/NAME to cur/NAME:2,S).
    static func locate(_ path: String) throws -> String {
        if DurableIO.exists(path) { return path }
        let dir = (path as NSString).deletingLastPathComponent, root = (dir as NSString).deletingLastPathComponent
        // The Maildir key: the name before its info part (":2,S", or "!"/";" where ":" is not allowed).
        func key(_ name: String) -> Substring { name.prefix { $0 != ":" && $0 != "!" && $0 != ";" } }
        let wanted = key((path as NSString).lastPathComponent)
        for sub in ["cur", "new"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + sub)) ?? []
            if let n = names.first(where: { key($0) == wanted }) { return root + "/" + sub + "/" + n }
        }
        throw KefuError.data("\(path): the mail file is gone from the Maildir")
    }

    /// Writes a copy into `directory` under `SafeFileName` (a number added if the name is taken): created
    /// exclusively, 0600, never through a link. Returns the path.
    public static func saveCopy(_ data: Data, of f: AttachmentFile, index: Int, to directory: String) throws -> String {
        let name = SafeFileName.make(f.name, type: f.type, index: index)
        return try saveCopy(data, named: name, to: directory)
    }

    public static func saveCopy(_ data: Data, named name: String, to directory: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw KefuError.data("\(directory): no such folder")
        }
        let ext = (name as NSString).pathExtension, stem = (name as NSString).deletingPathExtension
        for n in 0..<1000 {
            let candidate = n == 0 ? name : "\(stem)-\(n)" + (ext.isEmpty ? "" : "." + ext)
            let path = directory + "/" + candidate
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, DurableIO.fileMode)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw DurableIO.errno("create", path)
            }
            do {
                try DurableIO.writeAll(fd, data, path: path)
                guard fsync(fd) == 0 else { throw DurableIO.errno("fsync", path) }
            } catch { close(fd); unlink(path); throw error }
            close(fd)
            return path
        }
        throw KefuError.data("\(directory): 1000 files named like \(name) already")
    }

    /// "shade.jpg (image/jpeg, 2 KB) — JPEG image, 16×16 pixels": what the agent reads when no viewer exists.
    public static func describe(_ f: AttachmentFile, data: Data?) -> String {
        var s = f.summary
        if f.isImage, let data, let info = ImageInfo.read(data) { s += " — " + info.description }
        return s
    }
}
