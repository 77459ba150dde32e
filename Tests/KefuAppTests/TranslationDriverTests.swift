import Foundation
import Testing
import KefuApp
@testable import KefuInbox
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore

/// The translator as the agent meets it: a real command run by the runtime off the UI thread,
/// its answer on screen, cached in the store.
@Suite(.serialized) struct TranslationDriverTests {
    static let t0 = InboxDriver.start

    /// A German buyer (translated) and an English one (not), both needing a reply.
    static func cases() -> [Case] {
        func one(_ n: Int, _ language: String, _ marketplace: String, _ body: String) -> Case {
            var c = Case(id: "K-\(n)", channel: .amazon, marketplace: marketplace, kinds: [.buyerMessage], category: .damaged,
                         buyer: Buyer(name: "Buyer \(n)", address: "b\(n)@marketplace.amazon.de", language: language),
                         openedAt: t0.addingTimeInterval(-3600 * Double(n - 1000)))
            c.messages.append(Message(sourceId: "m\(n)", direction: .inbound, at: c.openedAt, kind: .buyerMessage, subject: "Lampe", body: body))
            c.events.append(CaseEvent(.received, at: c.openedAt, messageId: "m\(n)"))
            return c
        }
        return [one(1001, "de", "amazon.de", "Meine Lampe kam kaputt an."), one(1002, "en", "amazon.com", "My lamp arrived broken.")]
    }

    static func driver(_ command: String, timeout: TimeInterval = 10, cases: [Case]? = nil) throws -> InboxDriver {
        try InboxDriver(cases: cases ?? Self.cases(), services: { s, _ in s.translator = Translator(command: command, timeout: timeout) })
    }

    @Test func aTranslationIsShownMarkedAndCachedSoASecondOpenRunsNoCommand() throws {
        let counter = NSTemporaryDirectory() + "kefu-tr-count-\(getpid())"
        unlink(counter)
        defer { unlink(counter) }
        let command = "echo {from}-{to} >> \(counter); echo 'My lamp arrived broken (translated).'"
        let d = try Self.driver(command)
        d.select("K-1001")
        d.press(.openDetail)
        d.waitUntil("the translation") { $0.screen.contains("My lamp arrived broken (translated).") }
        #expect(d.screen.contains("⇄ machine-translated de→en") && d.screen.contains("Meine Lampe kam kaputt an."))
        let runs = try String(contentsOfFile: counter, encoding: .utf8)
        #expect(runs == "de-en\n", "the German message once, the English one never: \(runs)")
        // Written with the message.
        d.waitUntil("the store to hold it") { (try? $0.reopenedStore().cases["K-1001"]?.messages[0].translation?.text) == "My lamp arrived broken (translated)." }
        d.runtime.shutdown()
        let stored = try d.reopenedStore().openCases

        // A new session on those cases: shown at once, no command run.
        let again = try Self.driver(command, cases: stored)
        again.select("K-1001")
        again.press(.openDetail)
        #expect(again.screen.contains("My lamp arrived broken (translated)."))
        for _ in 0..<10 { again.runtime.step(maxWaitMs: 20) }
        #expect(try String(contentsOfFile: counter, encoding: .utf8) == "de-en\n")
        #expect(!again.runtime.handled.contains { if case .translated = $0 { return true }; return false })
        again.runtime.shutdown()
    }

    @Test func aHangingTranslatorIsTimedOutAndTheScreenNeverWaits() throws {
        let d = try Self.driver("sleep 30", timeout: 1)
        d.select("K-1001")
        d.press(.openDetail)
        #expect(d.screen.contains("⇄ translating…"))
        // Keys are handled at once while the command hangs.
        let before = Date()
        d.press(.back)
        d.press(.moveDown)
        #expect(d.state.focus == .queue && Date().timeIntervalSince(before) < 0.5)
        #expect(d.state.selectedID == "K-1001", "the search still shows only K-1001")
        d.waitUntil("the time-out", seconds: 8) { $0.screen.contains("translation failed: translator timed out, killed") }
        d.runtime.shutdown()
    }

    @Test func aFailingTranslatorShowsItsErrorAndHostileOutputIsNeutralised() throws {
        let failing = try Self.driver("echo 'apertium: Mode deu-eng does not exist' >&2; exit 1")
        failing.select("K-1001")
        failing.waitUntil("the error") { $0.screen.contains("translation failed: translator exit 1: apertium: Mode deu-eng does not exist") }
        failing.runtime.shutdown()

        let hostile = try Self.driver("printf 'Broken \\033[2J\\033]0;pwned\\007lamp\\342\\200\\256gpj.exe'")
        hostile.select("K-1001")
        hostile.waitUntil("the translation") { $0.screen.contains("Broken ␛[2J␛]0;pwned␇lamp�gpj.exe") }
        #expect(!hostile.screen.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        hostile.runtime.shutdown()
    }

    @Test func theComposerTranslatesTheTypedParagraphThroughTheCommand() throws {
        let d = try Self.driver("printf '%s:' {from} {to}; tr a-z A-Z")
        d.select("K-1001")
        d.press(.offer1)
        guard case .composer(let cs) = d.state.overlay else { Issue.record("no composer: \(d.screen)"); return }
        #expect(cs.language == "de")
        d.type("we ship today")
        for _ in 0..<2 { d.terminal.inputs.append(.key(.enter)); d.runtime.step(maxWaitMs: 0) }
        d.press(.moveUp); d.press(.moveUp)
        #expect(d.screen.contains("translate"), "the footer offers it")
        d.press(.translateReply)
        d.waitUntil("the translated paragraph") { $0.screen.contains("en:de:WE SHIP TODAY") }
        #expect(!d.screen.contains("we ship today"))
        d.press(.checkTranslation)
        d.waitUntil("the read-back") { $0.screen.contains("Back-translated into en") && $0.screen.contains("de:en:EN:DE:WE SHIP TODAY") }
        d.runtime.shutdown()
    }

    @Test func shutdownKillsARunningTranslator() throws {
        let d = try Self.driver("sleep 60", timeout: 60)
        d.select("K-1001")
        let start = Date()
        d.runtime.shutdown()
        #expect(Date().timeIntervalSince(start) < 5, "quitting does not wait for the translator")
    }
}
