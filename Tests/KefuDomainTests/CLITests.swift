import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
import KefuReports

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
        #expect(text.status == 0 && text.stdout.hasPrefix("DUE") && text.stdout.contains(" late "))
        // A second demo into the same store refuses instead of overwriting.
        let again = try run("kefu", ["demo", "--store", dir, "--no-inbox"])
        #expect(again.status == 2 && again.stderr.contains("already holds cases"))
    }

    /// `kefu demo` leaves its signature in the store's config.toml, so `kefu --store DIR` (as the demo
    /// suggests) can reply; the precedence is --config > $KEFU_CONFIG > the XDG file > DIR/config.toml.
    @Test func theDemoStoreKeepsItsSignatureForKefuStore() throws {
        let dir = tempDir("kefu-firstrun")
        let xdg = dir + "-xdg"
        try FileManager.default.createDirectory(atPath: xdg + "/kefu", withIntermediateDirectories: true)
        func signer(_ name: String) -> String { "[store]\nname = \"Shop \(name)\"\n[agent]\nname = \"\(name)\"\n[mail]\nfrom = \"a@b.example\"\n" }
        let env = ["XDG_CONFIG_HOME": xdg, "KEFU_CONFIG": ""]
        let demo = try run("kefu", ["demo", "--store", dir, "--no-inbox"], env: env)
        #expect(demo.status == 0 && demo.stderr.contains("kefu --store \(dir)") && demo.stderr.contains(dir + "/config.toml"), "\(demo.stderr)")
        let written = try String(contentsOfFile: dir + "/config.toml", encoding: .utf8)
        #expect(written.contains("[agent]\nname = \"Alex\"") && written.contains("[store]\nname = \"Lumen Home (demo)\"")
                && written.contains("[mail]\nfrom = \"support@lumen-home.example\""), "\(written)")
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/config.toml")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // With no config of the agent's own the store's file signs; $KEFU_CONFIG, --config and the XDG
        // file win over it.
        func signature(_ extra: [String] = [], env more: [String: String] = [:]) throws -> String {
            let r = try run("kefu", ["reply", "--store", dir, "K-1001", "--offer", "1"] + extra, env: env.merging(more) { $1 })
            #expect(r.status == 0, "\(r.stderr)")
            return String(r.stdout.split(separator: "\n").suffix(2).joined(separator: "|"))
        }
        #expect(try signature() == "Alex|Lumen Home (demo)")
        try signer("Mia").write(toFile: dir + "-mia.toml", atomically: true, encoding: .utf8)
        try signer("Ned").write(toFile: dir + "-ned.toml", atomically: true, encoding: .utf8)
        #expect(try signature(env: ["KEFU_CONFIG": dir + "-mia.toml"]) == "Mia|Shop Mia")
        #expect(try signature(["--config", dir + "-ned.toml"], env: ["KEFU_CONFIG": dir + "-mia.toml"]) == "Ned|Shop Ned")
        try signer("Xena").write(toFile: xdg + "/kefu/config.toml", atomically: true, encoding: .utf8)
        #expect(try signature() == "Xena|Shop Xena")
        #expect(try signature(env: ["KEFU_CONFIG": dir + "-mia.toml"]) == "Mia|Shop Mia")
        try FileManager.default.removeItem(atPath: xdg + "/kefu/config.toml")
        #expect(try signature() == "Alex|Lumen Home (demo)")
        // A demo into an empty store (made by importing nothing) keeps the agent's own config.toml there.
        let own = tempDir("kefu-firstrun-own")
        try "".write(toFile: own + ".jsonl", atomically: true, encoding: .utf8)
        #expect(try run("kefu", ["import", "--store", own, own + ".jsonl"], env: env).status == 0)
        try signer("Ola").write(toFile: own + "/config.toml", atomically: true, encoding: .utf8)
        #expect(try run("kefu", ["demo", "--store", own, "--no-inbox"], env: env).status == 0)
        #expect(try String(contentsOfFile: own + "/config.toml", encoding: .utf8) == signer("Ola"))
    }

    /// `kefu --version` prints the one version constant; completions come from swift-argument-parser.
    @Test func versionAndCompletions() throws {
        let source = try String(contentsOfFile: packageRootPath() + "/Sources/kefu/KefuVersion.swift", encoding: .utf8)
        let constant = try #require(source.firstMatch(of: /static let current = "([^"]+)"/)?.1)
        let version = try run("kefu", ["--version"])
        #expect(version.status == 0 && version.stdout == constant + "\n", "\(version.stdout)\(version.stderr)")
        let bash = try run("kefu", ["--generate-completion-script", "bash"])
        #expect(bash.status == 0 && bash.stdout.contains("-F _kefu kefu") && bash.stdout.contains("_kefu_demo()"), "\(bash.stderr)")
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

    @Test func importOrdersFillsCasesRejectsBadFilesAndReimportsNothing() throws {
        let dir = tempDir("kefu-cli")
        let msgs = dir + "-m.jsonl"
        try jsonl([msg("m1", order: "302-1234567-1234567")]).write(to: URL(fileURLWithPath: msgs))
        // `kefu import FILE` is still the JSONL import; `kefu import jsonl FILE` says so explicitly.
        let imp = try run("kefu", ["import", "--store", dir, msgs])
        #expect(imp.status == 0 && imp.stdout.contains("imported 1 message(s)"), "\(imp.stderr)")
        let explicit = try run("kefu", ["import", "jsonl", "--store", dir, msgs])
        #expect(explicit.status == 0 && explicit.stdout.contains("1 duplicate(s)"), "\(explicit.stderr)")
        let amazon = orderFixture("amazon-all-orders-29.tsv"), bad = orderFixture("hostile-bad-price.csv")
        let r = try run("kefu", ["import", "orders", "--store", dir, amazon, bad])
        #expect(r.status == 2)
        #expect(r.stderr.contains("kefu: \(bad):4: Lineitem price: not an amount: \"19.9S\""))
        #expect(r.stdout == "orders: 4 new, 0 updated, 0 unchanged; 1 case(s) filled; rows with errors: \(bad) 1 (rejected)\n")
        let again = try run("kefu", ["import", "orders", "--store", dir, amazon])
        #expect(again.status == 0 && again.stdout == "orders: 0 new, 0 updated, 4 unchanged; 0 case(s) filled; rows with errors: none\n", "\(again.stdout)")
        #expect(again.stderr.isEmpty, "no progress bar without a terminal")
        let skip = try run("kefu", ["import", "orders", "--store", dir, "--skip-invalid", bad])
        #expect(skip.status == 0 && skip.stdout.hasPrefix("orders: 1 new, 0 updated, 0 unchanged;"))
        let show = try run("kefu", ["show", "--store", dir, "K-1001", "--json"])
        let c = try KefuJSON.decoder().decode(Case.self, from: Data(show.stdout.utf8))
        #expect(c.order?.purchasedAt == ISO8601.parse("2026-11-14T09:12:33Z"))
        #expect(c.order?.items.map(\.sku) == ["MUG-1"], "the case's own items stay")
        let book = try String(contentsOfFile: dir + "/orders.jsonl", encoding: .utf8)
        #expect(book.split(separator: "\n").count == 5 && !book.contains("Mustermann") && !book.contains("@example"))
        let notReport = try run("kefu", ["import", "orders", "--store", dir, orderFixture("hostile-unknown-header.csv")])
        #expect(notReport.status == 2 && notReport.stderr.contains("not an order report"))
        let badFormat = try run("kefu", ["import", "orders", "--store", dir, "--format", "csv", amazon])
        #expect(badFormat.status == 1 && badFormat.stderr.contains("--format"))
        // A damaged book stops the import with its line and is not written over.
        try (book + "{\"channel\":\"amazon\"}\n").write(toFile: dir + "/orders.jsonl", atomically: true, encoding: .utf8)
        let damaged = try run("kefu", ["import", "orders", "--store", dir, orderFixture("shopify-orders.csv")])
        #expect(damaged.status == 2 && damaged.stderr.contains("orders.jsonl:6: missing field id"), "\(damaged.stderr)")
        #expect(try String(contentsOfFile: dir + "/orders.jsonl", encoding: .utf8) == book + "{\"channel\":\"amazon\"}\n")
        #expect(try run("kefu", ["check", "--store", dir]).status == 2)
    }

    /// Every mail fixture (each Amazon notice type in three or more languages, eBay, store mail, hostile
    /// input) plus a generated 20 MB message, through the real command: all filed, none twice.
    @Test func importMaildirFilesEveryFixtureOnce() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/mail")
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".eml") }.sorted()
        let md = tempDir("kefu-maildir")
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: md + "/" + sub, withIntermediateDirectories: true) }
        for (i, n) in names.enumerated() {
            try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent(n).path, toPath: "\(md)/\(i % 2 == 0 ? "new" : "cur")/\(1763700000 + i).M\(i).fixture")
        }
        var big = Data("From: big@example.org\r\nSubject: huge\r\nMessage-ID: <big@example.org>\r\nContent-Type: text/plain\r\n\r\n".utf8)
        big.append(Data(String(repeating: "The lamp arrived broken, the glass is shattered. ", count: 420_000).utf8))
        try big.write(to: URL(fileURLWithPath: md + "/new/1763800000.M999.big"))
        let store = tempDir("kefu-cli")
        let r = try run("kefu", ["import", "maildir", "--store", store, md])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("imported \(names.count + 1) message(s) into "), "\(r.stdout)")
        #expect(r.stderr.contains("kefu: warning: \(md)/"), "warnings name the file")
        let again = try run("kefu", ["import", "maildir", "--store", store, md])
        #expect(again.stdout.hasPrefix("imported 0 message(s) into 0 new case(s)") && again.stdout.contains("\(names.count + 1) file(s) read before"))
        // No directory and no [mail] maildir: a usage error; not a Maildir: a data error naming it.
        let none = try run("kefu", ["import", "maildir", "--store", store], env: ["XDG_CONFIG_HOME": tempDir()])
        #expect(none.status == 1 && none.stderr.contains("maildir"))
        let notMaildir = try run("kefu", ["import", "maildir", "--store", store, fixtures.path])
        #expect(notMaildir.status == 2 && notMaildir.stderr.contains("not a Maildir"))
    }

    @Test func exportWeeklyAndCases() throws {
        let dir = tempDir("kefu-cli")
        #expect(try run("kefu", ["demo", "--store", dir, "--no-inbox"]).status == 0)
        let bad = try run("kefu", ["export", "weekly", "--store", dir, "--week", "2026-W60"])
        #expect(bad.status == 1 && bad.stderr.hasPrefix("kefu: --week:"))
        let both = try run("kefu", ["export", "weekly", "--store", dir, "--week", "2026-W47", "--from", "2026-11-16"])
        #expect(both.status == 1 && both.stderr.contains("--week"))
        let fmt = try run("kefu", ["export", "weekly", "--store", dir, "--format", "pdf"])
        #expect(fmt.status == 1 && fmt.stderr.contains("--format"))
        let file = dir + "-out/w47.html"
        // -o never creates directories: a typo in the path is an error, not a new folder.
        let missing = try run("kefu", ["export", "weekly", "--store", dir, "--week", "2026-W47", "-o", file])
        #expect(missing.status == 2 && missing.stderr == "kefu: \(dir)-out: no such directory (create it first)\n", "\(missing.stderr)")
        try FileManager.default.createDirectory(atPath: dir + "-out", withIntermediateDirectories: false)
        let html = try run("kefu", ["export", "weekly", "--store", dir, "--week", "2026-W47", "--format", "html", "-o", file])
        #expect(html.status == 0 && html.stdout == "Weekly summary written to \(file)\n", "\(html.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("<svg"))
        // The default week is the last complete one: on Saturday 21 Nov that is W46.
        let md = try run("kefu", ["export", "weekly", "--store", dir])
        #expect(md.status == 0 && md.stdout.hasPrefix("# Weekly summary 2026-W46"))
        let cases = try run("kefu", ["export", "cases", "--store", dir, "--from", "2026-11-16", "--to", "2026-11-22", "--format", "jsonl"])
        #expect(cases.status == 0 && cases.stdout.split(separator: "\n").count >= 30 && !cases.stdout.contains("buyerName"))
        // Without a range, cases default to the last complete week, as the help says (W46 here).
        let noRange = try run("kefu", ["export", "cases", "--store", dir, "--format", "jsonl"])
        let w46 = try run("kefu", ["export", "cases", "--store", dir, "--week", "2026-W46", "--format", "jsonl"])
        #expect(noRange.status == 0 && noRange.stdout == w46.stdout && !w46.stdout.isEmpty, "\(noRange.stderr)")
        let half = try run("kefu", ["export", "cases", "--store", dir, "--from", "2026-11-16"])
        #expect(half.status == 1 && half.stderr.contains("--from needs --to"))
    }

    @Test func exitCodesAndOneLineErrors() throws {
        let dir = tempDir("kefu-cli")
        let usage = try run("kefu", ["list", "--store", dir, "--status", "sleeping"])
        #expect(usage.status == 1 && usage.stderr.hasPrefix("kefu: --status: unknown status"))
        let missing = try run("kefu", ["show", "--store", dir, "K-1"])
        #expect(missing.status == 2 && missing.stderr.contains("no kefu store"))
        let badFlag = try run("kefu", ["list", "--frobnicate"])
        #expect(badFlag.status == 1)
        // A mistyped --store is not an empty outbox.
        let noOutbox = try run("kefu", ["outbox", "--store", dir + "-typo"])
        #expect(noOutbox.status == 2 && noOutbox.stderr.contains("no kefu store here") && noOutbox.stdout.isEmpty)
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

    @Test func clocksAndStatsFromImportedNoticesAndTheConfigFile() throws {
        let dir = tempDir("kefu-clocks")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let lines = [
            #"{"messageId":"c1","channel":"amazon","marketplace":"amazon.com.au","kind":"a-to-z-claim","receivedAt":"2026-11-21T09:00:00Z","orderId":"249-1111111-1111111","body":"Claim","dueAt":"2026-11-22T09:00:00Z"}"#,
            #"{"messageId":"b1","channel":"amazon","marketplace":"amazon.de","kind":"buyer-message","receivedAt":"2026-11-21T08:00:00Z","orderId":"302-2222222-2222222","body":"Hallo"}"#,
            #"{"messageId":"b2","channel":"amazon","marketplace":"amazon.de","kind":"buyer-message","receivedAt":"2026-11-19T08:00:00Z","orderId":"302-3333333-3333333","body":"Late one"}"#,
        ]
        let file = dir + "/in.jsonl"
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let store = dir + "/store"
        let imp = try run("kefu", ["import", "--store", store, file])
        #expect(imp.status == 0, "\(imp.stderr)")
        func rows(_ extra: [String] = [], env: [String: String] = [:]) throws -> [[String: Any]] {
            let r = try run("kefu", ["list", "--store", store, "--json"] + extra, env: env)
            #expect(r.status == 0, "\(r.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        }
        // Queue order: the unanswered message from two days ago (overdue), then the reply due
        // tomorrow 08:00, then the claim's stated deadline 09:00.
        var r = try rows()
        #expect(r.map { $0["clock"] as? String } == ["reply", "reply", "a-to-z"])
        #expect(r.last?["dueAt"] as? String == "2026-11-22T09:00:00Z", "the stated deadline wins")
        #expect(r[1]["dueAt"] as? String == "2026-11-22T08:00:00Z")
        // A config file with a shorter reply window moves the reply deadline.
        let config = dir + "/config.toml"
        try "[clocks]\nreply-hours = 12\n".write(toFile: config, atomically: true, encoding: .utf8)
        r = try rows(["--config", config])
        #expect(r[1]["dueAt"] as? String == "2026-11-21T20:00:00Z")
        r = try rows(env: ["KEFU_CONFIG": config])
        #expect(r[1]["dueAt"] as? String == "2026-11-21T20:00:00Z")
        // A typo is an error naming the file and line, never a silent default.
        try "[clocks]\nreply-hour = 12\n".write(toFile: config, atomically: true, encoding: .utf8)
        let bad = try run("kefu", ["list", "--store", store, "--config", config])
        #expect(bad.status == 2 && bad.stderr.contains("config.toml:2: clocks.reply-hour: unknown setting"), "\(bad.stderr)")
        // Stats: b2 is late (unanswered past 24 h), b1 is pending; the claim is not a buyer message.
        let stats = try run("kefu", ["stats", "--store", store, "--json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let windows = try #require(json["windows"] as? [[String: Any]])
        #expect(windows.map { $0["days"] as? Int } == [7, 30, 90])
        let late = try #require(windows[0]["lateResponse"] as? [String: Any])
        #expect(late["messages"] as? Int == 2 && late["late"] as? Int == 1 && late["pending"] as? Int == 1)
        #expect(late["rate"] as? Double == 1.0)
        let text = try run("kefu", ["stats", "--store", store])
        #expect(text.stdout.contains("100.0 %"))
        let show = try run("kefu", ["show", "--store", store, "K-1001"])
        #expect(show.stdout.contains("Clock:  a-to-z running due 2026-11-22T09:00:00Z"), "\(show.stdout)")
    }

    @Test func replyComposesLintsAndQueuesInTheOutbox() throws {
        let dir = tempDir("kefu-reply")
        #expect(try run("kefu", ["demo", "--store", dir, "--no-inbox"]).status == 0)
        let cfg = dir + "/agent.toml"
        try "[store]\nname = \"Lumen Home\"\n[agent]\nname = \"Lin\"\n[mail]\nfrom = \"support@lumen.example\"\n"
            .write(toFile: cfg, atomically: true, encoding: .utf8)
        let base = ["reply", "--store", dir, "--config", cfg, "K-1001"]
        let list = try run("kefu", base)
        // The buyer wrote "Ich will Ersatz oder mein Geld zurück": the replacement comes first.
        #expect(list.status == 0 && list.stdout.hasPrefix("1  reship"), "\(list.stdout)\(list.stderr)")
        // The German buyer gets German; the order id is in the reply; 10 % of 34.99 EUR prefilled.
        let one = try run("kefu", base + ["--offer", "partial-refund-10"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("302-4417829-5521367") && one.stdout.contains("3,50 €") && one.stdout.contains("Lin"), "\(one.stdout)")
        let amount = try run("kefu", base + ["--offer", "partial-refund-10", "--amount", "5"])
        #expect(amount.stdout.contains("5,00 €"))
        // The inbox's refund rule: never above what the items cost (34.99 EUR), never in a made-up currency.
        let tooMuch = try run("kefu", base + ["--offer", "partial-refund-10", "--amount", "99999"])
        #expect(tooMuch.status == 1 && tooMuch.stderr.contains("more than the items cost"), "\(tooMuch.stderr)")
        #expect(try run("kefu", base + ["--offer", "partial-refund-10", "--amount", "5 EURO"]).stderr.contains("Not a currency code"))
        let two = try run("kefu", base + ["--offer", "1", "--offer", "send-part", "--lang", "en"])
        #expect(two.status == 0 && two.stdout.contains("\n1. ") && two.stdout.contains("\n2. ") && two.stdout.hasPrefix("Hello Markus,"), "\(two.stdout)")
        let together = try run("kefu", base + ["--offer", "full-refund", "--offer", "claim-withdrawal-request"])
        #expect(together.status == 1 && together.stderr.contains("own"), "incompatible offers: \(together.stderr)")
        #expect(try run("kefu", base + ["--offer", "1", "--lang", "xx"]).status == 1)
        let zh = try run("kefu", base + ["--offer", "reship", "--lang", "zh-TW"])
        #expect(zh.status == 0 && zh.stdout.contains("我們會在24小時內免費為您補寄一件新品"), "\(zh.stdout)\(zh.stderr)")
        #expect(try run("kefu", base + ["--offer", "42"]).status == 1)
        // A named --config that does not exist is a usage error, not a silent fall-back to defaults.
        let missing = try run("kefu", ["reply", "--store", dir, "--config", dir + "/none.toml", "K-1001", "--offer", "1"])
        #expect(missing.status == 1 && missing.stderr.contains("--config: no file"), "\(missing.stderr)")
        // Without the signature names (no config.toml in the store either) the placeholders stay and
        // block: exit 2, the rule named, and the settings to add and the file they go in.
        try FileManager.default.removeItem(atPath: dir + "/config.toml")
        let blocked = try run("kefu", ["reply", "--store", dir, "K-1001", "--offer", "1"], env: ["XDG_CONFIG_HOME": dir + "/empty", "KEFU_CONFIG": ""])
        #expect(blocked.status == 2 && blocked.stderr.contains("unresolved-placeholder"), "\(blocked.stderr)")
        #expect(blocked.stderr.contains("{{agent.name}} and {{store.name}} are not set — set [agent] name = \"…\" and [store] name = \"…\" in \(dir)/empty/kefu/config.toml"), "\(blocked.stderr)")
        // --send: queued in the outbox, recorded on the case, waiting for the buyer.
        let sent = try run("kefu", base + ["--offer", "partial-refund-10", "--send"])
        #expect(sent.status == 0, "\(sent.stderr)")
        let outbox = try FileManager.default.contentsOfDirectory(atPath: dir + "/outbox").filter { $0.hasSuffix(".eml") }
        #expect(outbox.count == 1)
        let mail = try String(contentsOfFile: dir + "/outbox/" + outbox[0], encoding: .utf8)
        #expect(mail.contains("X-Kefu-Case: K-1001") && mail.contains("Content-Transfer-Encoding: quoted-printable") && mail.contains("302-4417829-5521367"))
        let show = try run("kefu", ["show", "--store", dir, "K-1001", "--json"])
        let c = try KefuJSON.decoder().decode(Case.self, from: Data(show.stdout.utf8))
        #expect(c.status == .waitingBuyer)
        #expect(c.events.contains { $0.type == .offerChosen && $0.offers == ["partial-refund-10"] && $0.amounts == [Money(Decimal(string: "3.50")!, "EUR")] })
        #expect(c.messages.last?.direction == .outbound && Clocks.mostUrgent(c, at: t0)?.kind != .reply)
        // The events the command made name the configured agent (`[agent] name` Lin: id "lin"); the demo's own name nobody.
        let made = c.events.filter { $0.at >= t0 && [.replied, .offerChosen, .statusChanged].contains($0.type) }
        #expect(!made.isEmpty && made.allSatisfy { $0.by == "lin" }, "\(made)")
        // So the weekly summary of the week has an agents section with Lin's reply.
        let weekly = try run("kefu", ["export", "weekly", "--store", dir, "--config", cfg, "--from", "2026-11-21", "--to", "2026-11-21", "--format", "json"])
        let report = try KefuJSON.decoder().decode(WeeklyReport.self, from: Data(weekly.stdout.utf8))
        #expect(report.agents?.map(\.agentID) == ["lin"] && report.agents?.first?.name == "Lin" && report.agents?.first?.answered == 1, "\(weekly.stdout.suffix(400))")
    }
}

/// The package root, from this file's path (Tests/KefuDomainTests/CLITests.swift).
private func packageRootPath() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}
