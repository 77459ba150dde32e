import Foundation
import CLibPQ

/// One connection to a PostgreSQL server through libpq. Statements are constant SQL text
/// (`StaticString`: a literal in the source, so no value can be spliced into one) with values passed
/// as parameters. Not thread-safe: one thread uses a connection at a time (libpq's rule); a thread
/// that needs its own (a listener, the intake) opens its own.
public final class PGConnection {
    private var conn: OpaquePointer?
    /// The URL with its password hidden, for messages.
    public let displayURL: String

    /// Connects, waiting at most `timeout` seconds (the URL's own `connect_timeout` wins). Throws a
    /// `PGError` naming the URL (password redacted) and the server's reason.
    public init(url: String, timeout: Int = 5, applicationName: String = "kefu") throws {
        displayURL = PGURL.redacted(url)
        // Later keywords win over earlier ones, and the expanded URL's over those before it: the defaults
        // come first so the URL can override them.
        let keys = ["connect_timeout", "application_name", "dbname"]
        let values = [String(timeout), applicationName, url]
        conn = withCStrings(keys) { k in withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let reason = conn.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            if let conn { PQfinish(conn) }
            self.conn = nil
            throw PGError("cannot connect to \(displayURL): \(reason)")
        }
        kefu_pq_silence_notices(conn)
    }

    deinit { if let conn { PQfinish(conn) } }

    /// Closes the connection now (also done when the object goes away).
    public func close() {
        if let conn { PQfinish(conn) }
        conn = nil
    }

    /// True while the connection is up (as far as libpq knows: a dead server is noticed by the next call).
    public var isConnected: Bool { conn.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Reconnects with the same parameters after the connection broke. LISTENs are not restored:
    /// the caller listens again (and resyncs what it may have missed).
    public func reconnect() throws {
        guard let conn else { throw PGError("\(displayURL): the connection was closed") }
        PQreset(conn)
        guard PQstatus(conn) == CONNECTION_OK else { throw PGError("cannot reconnect to \(displayURL): \(lastError)") }
        kefu_pq_silence_notices(conn)
    }

    /// The server process serving this connection (what NOTIFY reports as the sender).
    public var backendPID: Int32 { conn.map { PQbackendPID($0) } ?? 0 }

    var lastError: String { conn.map { String(cString: PQerrorMessage($0)) } ?? "connection closed" }

    func handle() throws -> OpaquePointer {
        guard let conn else { throw PGError("\(displayURL): the connection was closed") }
        return conn
    }

    // MARK: Statements

    /// Runs constant SQL without parameters; may hold several statements (schema migrations).
    public func execute(_ sql: StaticString) throws {
        let conn = try handle()
        let res = PQexec(conn, sql.description)
        _ = try Self.check(res, conn: conn, keep: false)
    }

    /// Runs one statement with its values as parameters (`$1`, `$2`, … in `sql`) and returns its rows.
    @discardableResult
    public func query(_ sql: StaticString, _ params: [PGValue] = []) throws -> PGRows {
        let conn = try handle()
        let text = sql.description
        // Text values as C strings, bytes as binary; both kept alive for the call.
        let storage: [Data] = params.map { p in
            switch p {
            case .null: return Data()
            case .text(let s): return Data(s.utf8) + Data([0])
            case .bytes(let d): return d
            }
        }
        let lengths = storage.map { Int32($0.count) }
        let formats: [Int32] = params.map { if case .bytes = $0 { return 1 } else { return 0 } }
        let res: OpaquePointer? = withBuffers(storage) { pointers in
            let values: [UnsafePointer<CChar>?] = zip(params, pointers).map { p, ptr in
                if case .null = p { return nil } else { return ptr }
            }
            return PQexecParams(conn, text, Int32(params.count), nil, values, lengths, formats, 0)
        }
        return try Self.check(res, conn: conn, keep: true)!
    }

    /// Runs `body` in a transaction: COMMIT when it returns (a failed COMMIT throws), ROLLBACK when it
    /// throws. Returns only once the server has committed.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        let value: T
        do { value = try body() } catch {
            try? execute("ROLLBACK")
            throw error
        }
        try execute("COMMIT")
        return value
    }

    /// Checks a result and copies its rows out (when `keep`), always freeing it.
    private static func check(_ res: OpaquePointer?, conn: OpaquePointer, keep: Bool) throws -> PGRows? {
        guard let res else { throw PGError(String(cString: PQerrorMessage(conn))) }
        defer { PQclear(res) }
        let status = PQresultStatus(res)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            let state = PQresultErrorField(res, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = String(cString: PQresultErrorMessage(res))
            throw PGError(message.isEmpty ? String(cString: PQerrorMessage(conn)) : message, sqlState: state)
        }
        guard keep else { return nil }
        let nRows = Int(PQntuples(res)), nCols = Int(PQnfields(res))
        let columns = (0..<nCols).map { String(cString: PQfname(res, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(nRows)
        for r in 0..<nRows {
            rows.append((0..<nCols).map { c in
                PQgetisnull(res, Int32(r), Int32(c)) == 1 ? nil : String(cString: PQgetvalue(res, Int32(r), Int32(c)))
            })
        }
        return PGRows(columns: columns, rows: rows, affected: Int(String(cString: PQcmdTuples(res))) ?? 0)
    }
}

/// Calls `body` with the strings as NUL-terminated C strings and a NULL-terminated array of them.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let array: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
    return array.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Calls `body` with a stable pointer to each buffer's bytes (an empty one gets a valid pointer too).
private func withBuffers<R>(_ buffers: [Data], _ body: ([UnsafePointer<CChar>]) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>] = buffers.map { d in
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: max(d.count, 1))
        d.withUnsafeBytes { raw in if let base = raw.baseAddress { memcpy(p, base, d.count) } }
        return p
    }
    defer { copies.forEach { $0.deallocate() } }
    return body(copies.map { UnsafePointer($0) })
}
