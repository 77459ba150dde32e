import Foundation
import KefuBase
import KefuModel

/// A file sent with a reply (a manual, a return label). Its bytes travel inside the outbox file, so a
/// queued reply does not depend on the file staying where it was.
public struct OutgoingAttachment: Sendable, Equatable {
    /// The name the buyer sees: a path's last component, cleaned like a header text.
    public var name: String
    /// Lowercased `type/subtype`.
    public var type: String
    public var data: Data

    public init(name: String, type: String, data: Data) {
        self.name = SafeFileName.make(name, type: type, index: 1)
        self.type = type.lowercased()
        self.data = data
    }

    /// Largest file read for a reply: above any marketplace's limit, so the lint (not the reader) says no.
    public static let maxReadBytes = 64 << 20

    /// Reads `path` (a `~` is the home directory) as an attachment, its type from the file name.
    public static func load(_ path: String) throws -> OutgoingAttachment {
        let full = (path as NSString).expandingTildeInPath
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else { throw KefuError.data("\(full): no such file") }
        guard !isDir.boolValue else { throw KefuError.data("\(full): a folder, not a file") }
        let size = DurableIO.regularFileSize(full)
        guard size >= 0 else { throw KefuError.data("\(full): not a regular file") }
        guard size <= maxReadBytes else { throw KefuError.data("\(full): \(AttachmentFile.sizeText(size)) is too large to send") }
        let name = (full as NSString).lastPathComponent
        return OutgoingAttachment(name: name, type: SafeFileName.typeFor(fileName: name), data: try DurableIO.read(full))
    }

    /// "manual.pdf (application/pdf, 120 KB)": how the reply records it on the case.
    public var summary: String { "\(name) (\(type), \(AttachmentFile.sizeText(data.count)))" }
}

extension MIMEEncoding {
    /// RFC 2231 parameter: `name*=UTF-8''%E2%80%A6` for anything but plain ASCII, else `name="…"`;
    /// long values are split into `name*0*=`, `name*1*=` … so no header line passes 78 characters.
    static func parameter(_ key: String, _ value: String) -> String {
        let plain = value.utf8.allSatisfy { (32...126).contains($0) && $0 != 34 && $0 != 92 } && value.utf8.count + key.utf8.count <= 60
        if plain { return "\(key)=\"\(value)\"" }
        let encoded = value.utf8.map { b -> String in
            let safe = (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || "!#$&+-.^_`|~".utf8.contains(b)
            return safe ? String(UnicodeScalar(b)) : "%" + hex(b)
        }
        // Pieces never split a %XX escape.
        var pieces: [String] = [], current = ""
        for e in encoded {
            if current.utf8.count + e.utf8.count > 50 { pieces.append(current); current = "" }
            current += e
        }
        pieces.append(current)
        if pieces.count == 1 { return "\(key)*=UTF-8''\(pieces[0])" }
        return pieces.enumerated().map { "\(key)*\($0.offset)*=" + ($0.offset == 0 ? "UTF-8''" : "") + $0.element }.joined(separator: ";\r\n ")
    }

    /// Base64 in lines of 76 characters, CRLF between them.
    static func base64Lines(_ data: Data) -> String {
        let s = data.base64EncodedString()
        var lines: [Substring] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: bodyLine, limitedBy: s.endIndex) ?? s.endIndex
            lines.append(s[i..<j])
            i = j
        }
        return lines.joined(separator: "\r\n")
    }
}
