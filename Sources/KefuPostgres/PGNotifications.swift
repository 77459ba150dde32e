import Foundation
import CLibPQ

/// A NOTIFY received on a channel this connection LISTENs to.
public struct PGNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// The server process that sent it (compare with `backendPID` to skip one's own).
    public var senderPID: Int32
}

extension PGConnection {
    /// The socket to poll for readability; -1 when not connected. After a reconnect it may change.
    public var socket: Int32 { (try? handle()).map { PQsocket($0) } ?? -1 }

    /// Reads what the server sent (call when `socket` is readable) and returns the notifications that
    /// arrived. Throws when the connection broke.
    public func consumeNotifications() throws -> [PGNotification] {
        let conn = try handle()
        guard PQconsumeInput(conn) == 1 else { throw PGError("\(displayURL): \(lastError)") }
        var out: [PGNotification] = []
        while let n = PQnotifies(conn) {
            out.append(PGNotification(channel: String(cString: n.pointee.relname),
                                      payload: String(cString: n.pointee.extra), senderPID: n.pointee.be_pid))
            PQfreemem(n)
        }
        return out
    }

    /// Waits up to `timeout` seconds for notifications (poll on the socket). Returns those that arrived,
    /// empty on timeout; throws when the connection broke.
    public func waitForNotifications(timeout: TimeInterval) throws -> [PGNotification] {
        let pending = try consumeNotifications()
        if !pending.isEmpty { return pending }
        var fds = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&fds, 1, Int32(max(0, timeout * 1000)))
        if ready < 0 && errno != EINTR { throw PGError("\(displayURL): poll failed (errno \(errno))") }
        return ready > 0 ? try consumeNotifications() : []
    }

    /// Sends a notification on `channel` with `payload` as parameters (`pg_notify`): inside a
    /// transaction it is delivered when, and only if, the transaction commits.
    public func notify(channel: String, payload: String) throws {
        try query("SELECT pg_notify($1, $2)", [.text(channel), .text(payload)])
    }
}
