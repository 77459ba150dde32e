import Foundation
import KefuBase

/// A file name for a copy of an attachment, made from the sender's name: one path component (no "/",
/// "\", no leading dot, never "." or ".."), no control, bidi or line-break character, at most 120 bytes
/// with its extension kept. So a hostile name such as "../../x" or one carrying ESC sequences can
/// neither leave the folder it is saved in nor do anything when printed.
public enum SafeFileName {
    static let maxBytes = 120

    public static func make(_ name: String?, type: String, index: Int) -> String {
        var s = name ?? ""
        if let cut = s.lastIndex(where: { $0 == "/" || $0 == "\\" }) { s = String(s[s.index(after: cut)...]) }
        var clean = String.UnicodeScalarView()
        for u in s.unicodeScalars where !TerminalText.isNeutralised(u.value) && u != ":" {
            clean.append(u.properties.isWhitespace ? " " : u)
        }
        s = String(clean).trimmingCharacters(in: .whitespaces)
        while s.hasPrefix(".") { s.removeFirst() }
        let unnamed = "attachment-\(index)" + (extensionFor(type).map { "." + $0 } ?? "")
        if s.isEmpty { return unnamed }
        guard s.utf8.count > maxBytes else { return s }
        let ext = (s as NSString).pathExtension
        let keepExt = !ext.isEmpty && ext.utf8.count <= 10
        let stem = keepExt ? String(s.dropLast(ext.count + 1)) : s
        var cut = ""
        for ch in stem where cut.utf8.count + ch.utf8.count <= maxBytes - (keepExt ? ext.utf8.count + 1 : 0) { cut.append(ch) }
        // One character larger than the limit leaves nothing: "" would name the folder, ".jpg" hide the file.
        return cut.isEmpty ? unnamed : cut + (keepExt ? "." + ext : "")
    }

    /// The usual extension of a type kefu meets in after-sales mail; nil for others.
    public static func extensionFor(_ type: String) -> String? {
        switch type.lowercased() {
        case "image/jpeg", "image/jpg", "image/pjpeg": return "jpg"
        case "image/png": return "png"
        case "image/gif": return "gif"
        case "image/webp": return "webp"
        case "image/heic": return "heic"
        case "image/tiff": return "tif"
        case "image/bmp": return "bmp"
        case "application/pdf": return "pdf"
        case "text/plain": return "txt"
        case "application/msword": return "doc"
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return "docx"
        case "video/mp4": return "mp4"
        case "video/quicktime": return "mov"
        default: return nil
        }
    }

    /// The type kefu sends a file of this name as (by its extension): the inverse of `extensionFor`.
    public static func typeFor(fileName: String) -> String {
        switch (fileName as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "heic": return "image/heic"
        case "tif", "tiff": return "image/tiff"
        case "bmp": return "image/bmp"
        case "pdf": return "application/pdf"
        case "txt": return "text/plain"
        case "doc": return "application/msword"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "mp4": return "video/mp4"
        case "mov": return "video/quicktime"
        default: return "application/octet-stream"
        }
    }
}
