import Foundation
import Testing
@testable import KefuCore

/// The real `kefu` binary: commands, exit codes (0 ok, 1 usage, 2 data) and `list --json`.
@Suite struct CLITests {
    @Test func demoThenListJSONCarriesTheDocumentedFieldsInQueueOrder() throws {
        let dir = tempDir("kefu-cli")
        let demo = try run("kefu", ["demo", "--store", dir, "--no-inbox"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let list = try run("kefu", ["list", "--store", dir, "--json"])
        #expect(list.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count >= 30)
        for key in ["id", "channel", "marketplace", "kinds", "category", "status", "orderId", "buyer", "sku", "dueAt", "clock", "remainingSeconds", "overdue"] {
            #expect(rows.allSatisfy { $0.keys.contains(key) }, "field \(key)")
        }
        #expect(!rows.contains { $0["status"] as? String == "resolved" })
        // Ordered by the earliest deadline: remaining seconds never decrease along the rows that have one.
        let remaining = rows.compactMap { $0["remainingSeconds"] as? Int }
        #expect(remaining == remaining.sorted())
        #expect(rows.first?["overdue"] as? Bool == true)
        let overdue = try run("kefu", ["list", "--store", dir, "--json", "--overdue"])
        let od = try #require(try JSONSerialization.jsonObject(with: Data(overdue.stdout.utf8)) as? [[String: Any]])
        #expect(!od.isEmpty && od.allSatisfy { $0["overdue"] as? Bool == true })
        let all = try run("kefu", ["list", "--store", dir, "--json", "--all"])
        let allRows = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(allRows.contains { $0["status"] as? String == "resolved" })
        let waiting = try run("kefu", ["list", "--store", dir, "--status", "waiting-buyer", "--json"])
        let w = try #require(try JSONSerialization.jsonObject(with: Data(waiting.stdout.utf8)) as? [[String: Any]])
        #expect(!w.isEmpty && w.allSatisfy { $0["status"] as? String == "waiting-buyer" })
        let text = try run("kefu", ["list", "--store", dir])
        #expect(text.status == 0 && text.stdout.hasPrefix("DUE") && text.stdout.contains("! Overdue"))
        // A second demo into the same store refuses instead of overwriting.
        let again = try run("kefu", ["demo", "--store", dir, "--no-inbox"])
        #expect(again.status == 2 && again.stderr.contains("already holds cases"))
    }

    @Test func importRejectsABadFileWholeAndReportsEveryLine() throws {
        let dir = tempDir("kefu-cli")
        let file = dir + "-in.jsonl"
        let good = jsonl([msg("m1"), msg("m2", at: "2026-11-21T09:00:00Z")])
        var bad = msg("m3"); bad["channel"] = "fax"
        var bad2 = msg("m4"); bad2["receivedAt"] = nil
        let text = String(decoding: good, as: UTF8.self) + "\n" + String(decoding: jsonl([bad, bad2]), as: UTF8.self) + "\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try run("kefu", ["import", "--store", dir, file])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(file):3: channel: unknown value \"fax\""))
        #expect(r.stderr.contains("\(file):4: receivedAt: required"))
        #expect(r.stdout.contains("imported 0 message(s)"))
        let skip = try run("kefu", ["import", "--store", dir, "--skip-invalid", file])
        #expect(skip.stdout.contains("imported 2 message(s) into 1 new case(s)"))
        let again = try run("kefu", ["import", "--store", dir, "--skip-invalid", file])
        #expect(again.stdout.contains("imported 0 message(s)") && again.stdout.contains("2 duplicate(s)"))
        let show = try run("kefu", ["show", "--store", dir, "K-1001", "--json"])
        let c = try KefuJSON.decoder().decode(Case.self, from: Data(show.stdout.utf8))
        #expect(c.messages.map(\.sourceId) == ["m1", "m2"])
    }

    @Test func exitCodesAndOneLineErrors() throws {
        let dir = tempDir("kefu-cli")
        let usage = try run("kefu", ["list", "--store", dir, "--status", "sleeping"])
        #expect(usage.status == 1 && usage.stderr.hasPrefix("kefu: --status: unknown status"))
        let missing = try run("kefu", ["show", "--store", dir, "K-1"])
        #expect(missing.status == 2 && missing.stderr.contains("no kefu store"))
        let badFlag = try run("kefu", ["list", "--frobnicate"])
        #expect(badFlag.status == 1)
        let badNow = try run("kefu", ["list", "--store", dir], env: ["KEFU_NOW": "tomorrow"])
        #expect(badNow.status == 1 && badNow.stderr.contains("KEFU_NOW"))
    }

    @Test func plainOutputNeutralisesHostileBuyerText() throws {
        let dir = tempDir("kefu-cli")
        var hostile = msg("h1")
        hostile["body"] = "\u{1B}[2J\u{1B}]0;pwned\u{07}evil\rover\u{202E}txt.exe"
        hostile["from"] = ["name": "Eve\u{1B}[31m"]
        let file = dir + "-h.jsonl"
        try jsonl([hostile]).write(to: URL(fileURLWithPath: file))
        #expect(try run("kefu", ["import", "--store", dir, file]).status == 0)
        for args in [["list", "--store", dir], ["show", "--store", dir, "K-1001"]] {
            let out = try run("kefu", args).stdout
            #expect(!out.contains("\u{1B}") && !out.contains("\r") && !out.contains("\u{202E}") && !out.contains("\u{07}"), "\(args[0])")
        }
        // The store keeps the raw text untouched.
        let json = try run("kefu", ["show", "--store", dir, "K-1001", "--json"]).stdout
        let c = try KefuJSON.decoder().decode(Case.self, from: Data(json.utf8))
        #expect(c.messages[0].body == "\u{1B}[2J\u{1B}]0;pwned\u{07}evil\rover\u{202E}txt.exe")
    }
}
