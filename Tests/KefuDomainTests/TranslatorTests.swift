import Foundation
import Testing
@testable import KefuBase
@testable import KefuConfig
@testable import KefuModel
@testable import KefuStore

/// The agent's translator command: placeholders, quoting, time and output limits, hostile output.
@Suite struct TranslatorTests {
    @Test func placeholdersBecomeQuotedCodesInBothForms() throws {
        let t = Translator(command: "apertium -u {from3}-{to3} # {from}:{to}", timeout: 5)
        #expect(try t.commandLine(from: "es", to: "en") == "apertium -u 'spa'-'eng' # 'es':'en'")
        // What reaches the shell is a code or nothing: no language "from the buyer" can inject.
        #expect(throws: Translator.Failure.self) { try t.commandLine(from: "es;rm -rf ~", to: "en") }
        #expect(throws: Translator.Failure.self) { try t.commandLine(from: "$(x)", to: "en") }
        #expect(throws: Translator.Failure.self) { try t.commandLine(from: "es", to: "EN") }
    }

    @Test func theTextTravelsOnStdinAndNeverThroughTheShell() throws {
        let t = Translator(command: "printf '%s|' {from} {to}; cat", timeout: 5)
        let text = "$(touch /tmp/kefu-pwned) `id` ' \" ; | && \n second line"
        #expect(t.translate(text, from: "de", to: "en") == .success("de|en|" + text))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/kefu-pwned"))
    }

    @Test func aHangingTranslatorIsKilledWithItsChildren() throws {
        let marker = NSTemporaryDirectory() + "kefu-tr-child-\(getpid())"
        let t = Translator(command: "(sleep 5; touch \(marker)) & sleep 30", timeout: 0.5)
        let start = ProcessInfo.processInfo.systemUptime
        guard case .failure(let f) = t.translate("hola", from: "es", to: "en") else { Issue.record("no failure"); return }
        #expect(ProcessInfo.processInfo.systemUptime - start < 3)
        #expect(f.description.hasPrefix("translator timed out, killed"))
        sleep(6)
        #expect(!FileManager.default.fileExists(atPath: marker), "the whole process group is gone")
    }

    @Test func aFailureNamesTheExitAndTheLastErrorLineNeutralised() {
        let t = Translator(command: "echo partial; printf 'Error: Mode spa-xyz does not exist\\033]0;x\\007\\n' >&2; exit 3", timeout: 5)
        guard case .failure(let f) = t.translate("hola", from: "es", to: "en") else { Issue.record("no failure"); return }
        #expect(f.description == "translator exit 3: Error: Mode spa-xyz does not exist␛]0;x␇")
        guard case .failure(let empty) = Translator(command: "true {to}", timeout: 5).translate("hola", from: "es", to: "en") else { Issue.record("empty accepted"); return }
        #expect(empty.description.contains("printed nothing"))
    }

    @Test func hostileOutputIsNeutralisedAndBounded() {
        let t = Translator(command: "printf 'Hello \\033[2J\\033]0;pwned\\007 \\342\\200\\256txt\\nline two\\r\\n'", timeout: 5)
        guard case .success(let out) = t.translate("hola", from: "es", to: "en") else { Issue.record("failed"); return }
        #expect(out == "Hello ␛[2J␛]0;pwned␇ �txt\nline two")
        let flood = Translator(command: "yes translation", timeout: 20)
        let start = ProcessInfo.processInfo.systemUptime
        guard case .failure(let f) = flood.translate("hola", from: "es", to: "en") else { Issue.record("a flood accepted"); return }
        #expect(f.description.contains("printed too much"))
        #expect(ProcessInfo.processInfo.systemUptime - start < 10)
    }

    @Test func configReadsTheCommandAndRefusesOneWithoutATarget() throws {
        let c = try KefuConfig.parse("[translate]\ncommand = \"apertium -u {from3}-{to3}\"\ntimeout = 7\n", file: "c.toml")
        #expect(c.translate.translator?.command == "apertium -u {from3}-{to3}" && c.translate.timeout == 7)
        #expect(throws: KefuError.self) { try KefuConfig.parse("[translate]\ncommand = \"trans -b\"\n", file: "c.toml") }
        #expect(throws: KefuError.self) { try KefuConfig.parse("[translate]\ncomand = \"x {to}\"\n", file: "c.toml") }
        #expect(try KefuConfig.parse("", file: "c.toml").translate.translator == nil)
    }
}

/// `kefu show ID --translate`: translations beside the originals, from the command, nothing written.
@Suite struct ShowTranslateTests {
    @Test func showPrintsTheTranslationUnderTheOriginalAndWritesNothing() throws {
        let dir = tempDir("kefu-show-tr")
        let store = try CaseStore.open(dir, now: t0)
        var c = sampleCase("K-1001")
        c.buyer.language = "de"
        c.messages[0].body = "Meine Lampe ist kaputt."
        try store.save(c)
        store.close(now: t0)
        let config = dir + "-config.toml"
        func write(_ command: String) throws {
            try "[translate]\ncommand = \"\(command)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        }
        try write("printf '[%s>%s] ' {from} {to}; tr a-z A-Z")
        let r = try run("kefu", ["show", "--store", dir, "K-1001", "--translate"], env: ["KEFU_CONFIG": config])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("   Meine Lampe ist kaputt.\n   ⇄ machine-translated de→en:\n   [de>en] MEINE LAMPE IST KAPUTT."), "\(r.stdout)")
        #expect(!(try run("kefu", ["show", "--store", dir, "K-1001"], env: ["KEFU_CONFIG": config]).stdout.contains("machine-translated")))
        #expect(try CaseStore.open(dir, mode: .readOnly, now: t0).cases["K-1001"]?.messages[0].translation == nil, "show never writes")
        try write("echo no pair >&2; exit 3 {to}")
        let failed = try run("kefu", ["show", "--store", dir, "K-1001", "--translate"], env: ["KEFU_CONFIG": config])
        #expect(failed.status == 0 && failed.stdout.contains("⚠ translation failed: translator exit 3: no pair"), "\(failed.stdout)")
    }
}
