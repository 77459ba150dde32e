import Foundation
import Testing
@testable import KefuPostgres

/// The test server: `KEFU_TEST_PG_URL` (`.ci/run` starts a local PostgreSQL and exports it). Without
/// it the tests skip with a printed message, except in CI (`CI` or `KEFU_CI`, set by `.ci/run`),
/// where a missing server is a failure: PostgreSQL tests must never pass by not running.
enum PGTestServer {
    static let environment = ProcessInfo.processInfo.environment

    static var inCI: Bool { environment["CI"].map { !$0.isEmpty } ?? false || environment["KEFU_CI"] == "1" }

    /// The server URL, or nil (after printing why, or recording a failure in CI) when there is none.
    static func url(_ test: String = #function) -> String? {
        if let url = environment["KEFU_TEST_PG_URL"], !url.isEmpty { return url }
        if inCI {
            Issue.record("KEFU_TEST_PG_URL is not set in CI: .ci/run should have started PostgreSQL")
        } else {
            print("◇ SKIPPED \(test): no PostgreSQL (set KEFU_TEST_PG_URL, e.g. by running .ci/run)")
        }
        return nil
    }

    /// A fresh schema of its own for one test, and a URL whose connections use it (`search_path`),
    /// so tests run in parallel without seeing each other's tables.
    static func isolatedURL(_ test: String = #function) throws -> String? {
        guard let base = url(test) else { return nil }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let c = try PGConnection(url: base)
        // A schema's name cannot be a parameter: a session-local function quotes it (%I) on the server.
        try c.execute("""
            CREATE FUNCTION pg_temp.kefu_make_schema(name text) RETURNS void LANGUAGE plpgsql
            AS $$ BEGIN EXECUTE format('CREATE SCHEMA %I', name); END $$
            """)
        try c.query("SELECT pg_temp.kefu_make_schema($1)", [.text(schema)])
        let sep = base.contains("?") ? "&" : "?"
        return base + sep + "options=-csearch_path%3D" + schema
    }
}
