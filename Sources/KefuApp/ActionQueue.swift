import Foundation
import KefuInbox
#if canImport(Glibc)
import Glibc
#endif

/// The one queue every input and every effect's result goes through. Workers post from their
/// threads; each post writes a byte to a pipe the terminal read also waits on (the self-pipe
/// trick), so news wakes the loop at once instead of waiting for a key or the next tick.
public final class ActionQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [InboxAction] = []
    /// Readable when an action waits: the loop's `poll` watches it beside the terminal.
    public let wakeFD: Int32
    private let writeFD: Int32

    public init() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { fatalError("kefu: cannot create the wake pipe: \(String(cString: strerror(errno)))") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)   // a full pipe already says "wake up"
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)                        // not inherited by the editor or the mail command
        }
        wakeFD = fds[0]; writeFD = fds[1]
    }

    deinit { close(wakeFD); close(writeFD) }

    /// Any thread: queue `action` and wake the loop.
    public func post(_ action: InboxAction) {
        lock.lock(); pending.append(action); lock.unlock()
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// The loop: every action posted so far, oldest first; the wake pipe is emptied.
    public func takeAll() -> [InboxAction] {
        var sink = [UInt8](repeating: 0, count: 256)
        while read(wakeFD, &sink, sink.count) > 0 {}
        lock.lock(); defer { lock.unlock() }
        let out = pending
        pending = []
        return out
    }
}
