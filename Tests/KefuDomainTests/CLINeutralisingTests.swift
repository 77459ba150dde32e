import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel

/// Issue 14, item 4: nothing a sender, a file or a mail command controls reaches the agent's
/// terminal raw — through the real `kefu` binary. The hostile mail sets the terminal title
/// (`ESC ] 0 ; pwned BEL`) from its charset label, sender name, subject, item title and text, and
/// reverses text with U+202E.
@Suite struct CLINeutralisingTests {
    static let esc = "\u{1B}]0;pwned\u{07}", rlo = "\u{202E}"

    static func encodedWord(_ s: String) -> String { "=?UTF-8?B?" + Data(s.utf8).base64EncodedString() + "?=" }

    static func hostileMail() -> Data {
        let lines = [
            "Return-Path: <evil9q4r1wz@marketplace.amazon.com>",
            "From: \(encodedWord("Eve\(esc)\(rlo)evE - Amazon Marketplace")) <evil9q4r1wz@marketplace.amazon.com>",
            "To: support@lampshop.example",
            "Subject: \(encodedWord("Message from Amazon customer Eve\(esc)\(rlo) (Order: 112-3456789-0123456)"))",
            "Date: Sat, 21 Nov 2026 09:00:00 +0000",
            "Message-ID: <0100018f.evil.1@email.amazon.com>",
            "X-Marketplace-ID: ATVPDKIKX0DER",
            "X-Space-Notification-Type: BBC_MESSAGE_SENT_TO_MERCHANT",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=\"x-\(esc)\(rlo)\"",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Order ID: 112-3456789-0123456",
            "Item: =1+2\(esc)\(rlo)Lamp",
            "ASIN: B0EVIL0001",
            "Quantity: 1",
            "",
            "------------- Begin message -------------",
            "",
            "Hello,\(esc)",
            "the lamp \(rlo)arrived broken.",
            "",
            "------------- End message -------------",
        ]
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// Any raw ESC, BEL, other C0 (but line breaks and TAB), DEL, C1 or bidi control.
    static func raw(_ s: String) -> [String] {
        s.unicodeScalars.filter { sc in
            let v = sc.value
            return (v < 0x20 && v != 0x0A && v != 0x09 && v != 0x0D) || (0x7F...0x9F).contains(v)
                || [0x061C, 0x200E, 0x200F, 0x2028, 0x2029].contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }.map { "U+" + String($0.value, radix: 16) }
    }

    @Test func hostileMailNeverReachesTheTerminalRaw() throws {
        let dir = tempDir("kefu-neutral")
        let md = dir + "/Maildir", store = dir + "/store"
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: md + "/" + sub, withIntermediateDirectories: true) }
        try Self.hostileMail().write(to: URL(fileURLWithPath: md + "/new/1763700000.M1.evil"))
        // A mail command that fails with its own escape sequence and bidi override on stderr.
        let failing = dir + "/fail.sh"
        try "#!/bin/sh\nprintf '\\033]0;pwned\\007 relay refused \\342\\200\\256x\\n' >&2\nexit 1\n".write(toFile: failing, atomically: true, encoding: .utf8)
        chmod(failing, 0o755)
        let cfg = dir + "/config.toml"
        try "[store]\nname = \"Lumen Home\"\n[agent]\nname = \"Lin\"\n[mail]\nfrom = \"support@lumen.example\"\ncommand = \"\(failing)\"\n"
            .write(toFile: cfg, atomically: true, encoding: .utf8)

        func check(_ args: [String], status: Int32 = 0, _ what: String) throws -> RunResult {
            let r = try run("kefu", args + ["--store", store, "--config", cfg])
            #expect(r.status == status, "\(what): \(r.stderr)")
            #expect(Self.raw(r.stdout).isEmpty, "\(what) stdout: \(Self.raw(r.stdout))")
            #expect(Self.raw(r.stderr).isEmpty, "\(what) stderr: \(Self.raw(r.stderr))")
            return r
        }

        let imported = try check(["import", "maildir", md], "import maildir")
        #expect(imported.stderr.contains("unknown charset x-␛]0;pwned␇"), "the label is shown, neutralised: \(imported.stderr)")
        let list = try check(["list"], "list")
        #expect(list.stdout.contains("K-1001"))
        _ = try check(["show", "K-1001"], "show")
        let preview = try check(["reply", "K-1001", "--offer", "1"], "reply preview")
        #expect(preview.stdout.contains("=1+2␛]0;pwned␇\u{FFFD}Lamp"), "\(preview.stdout)")
        _ = try check(["reply", "K-1001", "--offer", "1", "--send", "--accept-warnings"], "reply --send")
        let queued = try FileManager.default.contentsOfDirectory(atPath: store + "/outbox").filter { $0.hasSuffix(".eml") }
        #expect(queued.count == 1)
        let mail = try String(contentsOfFile: store + "/outbox/" + queued[0], encoding: .utf8)
        #expect(Self.raw(mail).isEmpty, "the queued mail: \(Self.raw(mail))")
        let retried = try check(["outbox", "--retry"], status: 2, "outbox --retry")
        #expect(retried.stdout.contains("relay refused"), "\(retried.stdout)")
        let outbox = try check(["outbox"], "outbox")
        #expect(outbox.stdout.contains("␛]0;pwned␇ relay refused \u{FFFD}x"), "\(outbox.stdout)")
        let md1 = try check(["export", "weekly", "--week", "2026-W47", "--format", "md"], "export weekly md")
        #expect(md1.stdout.contains("=1+2␛\\]0;pwned␇\u{FFFD}Lamp"), "\(md1.stdout)")
        let mdFile = dir + "/w47.md"
        _ = try check(["export", "weekly", "--week", "2026-W47", "--format", "md", "-o", mdFile], "export weekly md -o")
        #expect(Self.raw(try String(contentsOfFile: mdFile, encoding: .utf8)).isEmpty, "the Markdown file too")
        let csv = try check(["export", "weekly", "--week", "2026-W47", "--format", "csv"], "export weekly csv")
        #expect(csv.stdout.contains(",'=1+2␛]0;pwned␇\u{FFFD}Lamp,"), "\(csv.stdout)")
        _ = try check(["export", "weekly", "--week", "2026-W47", "--format", "html"], "export weekly html")
        _ = try check(["export", "cases", "--week", "2026-W47", "--include-pii"], "export cases csv")
        _ = try check(["stats"], "stats")

        // --json: escaped, and still JSON.
        for (args, what) in [(["list", "--json"], "list --json"), (["show", "K-1001", "--json"], "show --json"),
                             (["outbox", "--json"], "outbox --json"),
                             (["export", "weekly", "--week", "2026-W47", "--format", "json"], "weekly json")] {
            let r = try check(args, what)
            #expect(r.stdout.contains("\\u202e"), "\(what): \(r.stdout)")
            #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil, "\(what) parses")
        }
        for (args, what) in [(["show", "K-1001", "--json"], "show --json"), (["outbox", "--json"], "outbox --json")] {
            #expect(try check(args, what).stdout.contains("\\u001b"), "\(what)")
        }
        let jsonl = try check(["export", "cases", "--week", "2026-W47", "--format", "jsonl", "--include-pii"], "cases jsonl")
        #expect(jsonl.stdout.contains("\\u202e"))
        for line in jsonl.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
        // The store keeps the raw text.
        let c = try KefuJSON.decoder().decode(Case.self, from: Data(try run("kefu", ["show", "K-1001", "--json", "--store", store]).stdout.utf8))
        #expect(c.messages[0].body.contains(Self.esc) && c.buyer.name?.contains(Self.rlo) == true)
    }

    /// Errors (KefuError text) and warnings carry file-controlled text: neutralised on stderr.
    @Test func errorsAndWarningsFromFilesAreNeutralised() throws {
        let dir = tempDir("kefu-neutral")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/in.jsonl"
        var bad = msg("m1"); bad["channel"] = "fax\(Self.esc)\(Self.rlo)"
        try jsonl([bad]).write(to: URL(fileURLWithPath: file))
        let imp = try run("kefu", ["import", "--store", dir + "/store", file])
        #expect(imp.status == 2 && imp.stderr.contains("fax␛]0;pwned␇\u{FFFD}"), "\(imp.stderr)")
        #expect(Self.raw(imp.stderr).isEmpty, "\(Self.raw(imp.stderr))")
        let keymap = dir + "/keymap"
        try "[queue]\nx = frobnicate\(Self.esc)\(Self.rlo)\n".write(toFile: keymap, atomically: true, encoding: .utf8)
        let keys = try run("kefu", ["keys", "--keymap", keymap])
        #expect(keys.status == 1 && !keys.stderr.isEmpty, "\(keys.stderr)")
        #expect(Self.raw(keys.stderr).isEmpty, "\(Self.raw(keys.stderr))")
        let missing = try run("kefu", ["show", "--store", dir + "/st\(Self.esc)", "K-1"])
        #expect(missing.status == 2 && Self.raw(missing.stderr).isEmpty, "\(missing.stderr)")
    }
}

/// The command line writes through `Output` only: no `print` or raw standard-stream write that
/// would skip the neutraliser.
@Suite struct OutputPathTests {
    @Test func noCommandWritesAroundOutput() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/kefu")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".swift") && name != "Output.swift" {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            for bad in ["print(", "FileHandle.standardOutput", "FileHandle.standardError", "fputs(", "fwrite(", "write(STDOUT", "write(STDERR", "write(1,", "write(2,"] {
                let hits = text.components(separatedBy: "\n").filter { line in
                    line.contains(bad) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//")
                }
                #expect(hits.isEmpty, "\(name): \(bad) \(hits)")
            }
        }
    }
}
