import Foundation
#if canImport(Glibc)
import Glibc
import KefuBase
#endif

/// One writer per store: an exclusive `flock` on `DIR/lock`, released by the kernel when the process
/// dies (so a kill -9 never leaves a stale lock). The holder's pid is written for the message.
final class StoreLock {
    private let fd: Int32

    /// Returns nil when another process holds the lock; `holder` then names its pid if known.
    static func acquire(directory: String) throws -> (lock: StoreLock?, holder: String?) {
        let path = directory + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, DurableIO.fileMode)
        guard fd >= 0 else { throw DurableIO.errno("open", path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            return (nil, holder?.isEmpty == false ? holder : nil)
        }
        fchmod(fd, DurableIO.fileMode)
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        return (StoreLock(fd: fd), nil)
    }

    private init(fd: Int32) { self.fd = fd }
    deinit { flock(fd, LOCK_UN); close(fd) }
}
