import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private (0600, close-on-exec) file in the temporary directory: `mkstemps` with `prefix`, random letters and
/// `suffix`. Returns the open descriptor and the path, or nil with `errno` set.
public enum TempFile {
    public static func create(prefix: String, suffix: String = "") -> (fd: Int32, path: String)? {
        create(in: NSTemporaryDirectory(), prefix: prefix, suffix: suffix)
    }

    /// The same in `directory` (`mkstemps` opens it `O_CREAT|O_EXCL`, so nothing planted under the
    /// name, a symlink included, is ever written through).
    public static func create(in directory: String, prefix: String, suffix: String = "") -> (fd: Int32, path: String)? {
        var template = Array((directory + "/\(prefix)XXXXXX\(suffix)").utf8CString)
        let fd = mkstemps(&template, Int32(suffix.utf8.count))
        guard fd >= 0 else { return nil }
        // Close-on-exec: a command started meanwhile on another thread must not inherit it (glibc has
        // mkostemps, but Swift's Glibc module does not show it).
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return (fd, String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
