import Foundation
import Testing
import KefuBase
@testable import KefuPostgres

@Suite struct PGConnectionTests {
    @Test func parametersRoundTripAndAreNeverSQL() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let c = try PGConnection(url: url)
        try c.execute("CREATE TABLE t (k text PRIMARY KEY, n bigint, b bytea)")
        let hostile = "x'); DROP TABLE t; --\u{1B}[2J"
        let blob = Data([0, 1, 2, 255, 0x5C, 0x78])
        try c.query("INSERT INTO t (k, n, b) VALUES ($1, $2, $3)", [.text(hostile), .int(-42), .bytes(blob)])
        try c.query("INSERT INTO t (k, n, b) VALUES ($1, $2, $3)", [.text("empty"), .null, .bytes(Data())])
        let rows = try c.query("SELECT k, n, b FROM t ORDER BY k")
        #expect(rows.count == 2)
        #expect(rows.text(0, 0) == "empty" && rows.int(0, 1) == nil && rows.bytes(0, 2) == Data())
        #expect(rows.text(1, 0) == hostile && rows.int(1, 1) == -42 && rows.bytes(1, 2) == blob)
        let any = try c.query("SELECT count(*) FROM t WHERE k = ANY($1::text[])", [.textArray([hostile, "a\"b\\c", "none"])])
        #expect(any.int(0, 0) == 1)
    }

    @Test func aTransactionCommitsOnReturnAndRollsBackOnThrow() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let c = try PGConnection(url: url)
        try c.execute("CREATE TABLE t (k text PRIMARY KEY)")
        try c.transaction { try c.query("INSERT INTO t VALUES ($1)", [.text("kept")]) }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try c.transaction {
                try c.query("INSERT INTO t VALUES ($1)", [.text("dropped")])
                throw Boom()
            }
        }
        // A failing statement rolls back the whole transaction, and its error carries the server's words.
        let e = #expect(throws: PGError.self) {
            try c.transaction {
                try c.query("INSERT INTO t VALUES ($1)", [.text("also dropped")])
                try c.query("INSERT INTO t VALUES ($1)", [.text("kept")])
            }
        }
        #expect(e?.sqlState == "23505")
        #expect(e?.message.contains("duplicate key") == true)
        let other = try PGConnection(url: url)
        #expect(try other.query("SELECT k FROM t ORDER BY k").rows == [["kept"]])
    }

    @Test func serverMessagesAreNeutralisedForTheTerminal() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let c = try PGConnection(url: url)
        let e = #expect(throws: PGError.self) {
            try c.query("SELECT $1::int", [.text("\u{1B}]0;owned\u{07}")])
        }
        #expect(e?.sqlState == "22P02")
        #expect(e?.message.contains("\u{1B}") == false && e?.message.contains("\u{07}") == false)
        #expect(e?.message.contains("invalid input syntax") == true)
    }

    @Test func anUnreachableServerIsNamedWithoutItsPassword() throws {
        let e = #expect(throws: PGError.self) {
            _ = try PGConnection(url: "postgresql://agent:s3cret@127.0.0.1:1/kefu", timeout: 2)
        }
        #expect(e?.message.contains("postgresql://agent:***@127.0.0.1:1/kefu") == true)
        #expect(e?.message.contains("s3cret") == false)
        #expect(PGURL.redacted("postgres://u@h/db?sslmode=require&password=x&a=b") == "postgres://u@h/db?sslmode=require&password=***&a=b")
        #expect(StoreURL.isPostgres("PostgreSQL://h/db") && !StoreURL.isPostgres("/home/lin/kefu"))
    }

    @Test func aSecondConnectionHearsACommittedNotifyWithinASecond() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let listener = try PGConnection(url: url), sender = try PGConnection(url: url)
        let channel = "kefu_test_" + UUID().uuidString.prefix(8).lowercased()
        try listener.query("SELECT 1") // connected
        try listenOn(listener, channel)
        #expect(listener.socket >= 0)
        // Inside a transaction: nothing until the commit, nothing at all after a rollback.
        try sender.execute("BEGIN")
        try sender.notify(channel: channel, payload: "rolled back")
        try sender.execute("ROLLBACK")
        try sender.transaction { try sender.notify(channel: channel, payload: "K-1001,K-1002") }
        let start = Date()
        var got: [PGNotification] = []
        while got.isEmpty && Date().timeIntervalSince(start) < 1 { got += try listener.waitForNotifications(timeout: 0.1) }
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(got.map(\.payload) == ["K-1001,K-1002"])
        #expect(got.first?.channel == channel && got.first?.senderPID == sender.backendPID)
    }

    /// LISTEN takes an identifier, not a parameter: a session-local function quotes it on the server.
    private func listenOn(_ c: PGConnection, _ channel: String) throws {
        try c.execute("""
            CREATE FUNCTION pg_temp.kefu_listen(name text) RETURNS void LANGUAGE plpgsql
            AS $$ BEGIN EXECUTE format('LISTEN %I', name); END $$
            """)
        try c.query("SELECT pg_temp.kefu_listen($1)", [.text(channel)])
    }
}
