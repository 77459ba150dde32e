import Foundation
import Testing
@testable import KefuInbox
@testable import KefuBase
@testable import KefuModel
@testable import KefuPlaybook

/// Translation as the pure update sees it: which texts it asks the translator for, where the
/// answers go, and what the detail pane and the composer show.
@Suite struct TranslationUpdateTests {
    func translating() -> InboxState {
        var s = fixtureState()
        s.translationEnabled = true
        s.replySettings.storeName = "Lumen Home"; s.replySettings.agentName = "Lin"; s.replySettings.fromAddress = "support@lumen.example"
        return s
    }

    func jobs(_ effects: [InboxEffect]) -> [TranslationJob] {
        effects.compactMap { if case .translate(let j) = $0 { return j }; return nil }
    }

    /// The screen below the queue: the queue's excerpt shows the buyer's words too.
    func detail(_ s: InboxState) -> String {
        let text = InboxRender.render(s).text
        return text.range(of: "── K-").map { String(text[$0.lowerBound...]) } ?? text
    }

    @Test func foreignBuyerMessagesAreAskedForOnceEnglishOnesNever() {
        var s = translating()
        let asked = jobs(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(1))))
        // The open case and the top of the queue; German from the buyer's language, Japanese from it too.
        #expect(asked.contains { $0.purpose == .message(caseID: "K-1001", sourceId: "K-1001-1") && $0.from == "de" && $0.to == "en" })
        #expect(asked.first?.text == "Hallo,\nmeine Lampe kam kaputt an.")
        #expect(!asked.contains { if case .message(let id, _) = $0.purpose { return id == "K-1005" }; return false }, "English needs no translation")
        #expect(jobs(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(2)))).isEmpty, "asked once, not on every tick")
        #expect(detail(s).contains("⇄ translating…"))
    }

    @Test func aTranslationIsStoredWithTheMessageAndShownMarked() throws {
        var s = translating()
        let job = try #require(jobs(InboxUpdate.update(&s, .tick(t0))).first { $0.purpose == .message(caseID: "K-1001", sourceId: "K-1001-1") })
        let effects = InboxUpdate.update(&s, .translated(job, .success("Hello,\nmy lamp arrived broken.")))
        guard case .save(let saved, let previous)? = effects.first else { Issue.record("no save: \(effects)"); return }
        #expect(saved.messages[0].translation?.text == "Hello,\nmy lamp arrived broken." && saved.messages[0].translation?.from == "de")
        #expect(previous?.messages[0].translation == nil)
        #expect(saved.updatedAt == previous?.updatedAt, "a translation is not something that happened to the case")
        let screen = detail(s)
        #expect(screen.contains("⇄ machine-translated de→en") && screen.contains("my lamp arrived broken.") && screen.contains("meine Lampe kam kaputt an."))
        // The toggle: translation only, original only, both again.
        _ = apply(&s, .toggleTranslation)
        #expect(detail(s).contains("my lamp arrived broken.") && !detail(s).contains("meine Lampe kam kaputt an."))
        _ = apply(&s, .toggleTranslation)
        #expect(!detail(s).contains("my lamp arrived broken.") && detail(s).contains("meine Lampe kam kaputt an."))
        _ = apply(&s, .toggleTranslation)
        #expect(s.translationView == .both)
        #expect(!jobs(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(5)))).contains { $0.purpose == job.purpose }, "cached: not asked again")
    }

    @Test func aFailureIsShownNeutralisedAndTheToggleTriesAgain() throws {
        var s = translating()
        let job = try #require(jobs(InboxUpdate.update(&s, .tick(t0))).first { $0.purpose == .message(caseID: "K-1001", sourceId: "K-1001-1") })
        _ = InboxUpdate.update(&s, .translated(job, .failure(Translator.Failure("translator exit 3: no pair \u{1B}[31mde-en"))))
        let screen = detail(s)
        #expect(screen.contains("translation failed: translator exit 3: no pair ␛[31mde-en"))
        #expect(!screen.contains("\u{1B}"))
        #expect(jobs(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(1)))).isEmpty, "a failure is not retried on its own")
        _ = apply(&s, .openDetail)
        let effects = apply(&s, .toggleTranslation)
        #expect(jobs(effects).contains { $0.purpose == job.purpose }, "the toggle asks again: \(effects)")
    }

    @Test func theComposerTranslatesTheTypedParagraphAndLintsWhatGoesOut() throws {
        var s = translating()
        _ = apply(&s, .offer1)
        guard case .composer(var cs) = s.overlay else { Issue.record("no composer"); return }
        #expect(cs.language == "de")
        // The agent adds a paragraph in English at the top.
        cs.editor.setCursor(.init(line: 0, column: 0))
        s.overlay = .composer(cs)
        _ = InboxUpdate.update(&s, .insert("We will send a new lamp today.\nThank you.\n\n"))
        _ = InboxUpdate.update(&s, .command(.moveUp)); _ = InboxUpdate.update(&s, .command(.moveUp))
        let job = try #require(jobs(apply(&s, .translateReply)).first)
        #expect(job.text == "We will send a new lamp today.\nThank you." && job.from == "en" && job.to == "de")
        _ = InboxUpdate.update(&s, .translated(job, .success("Wir senden heute eine neue Lampe.\nDanke. https://evil.example")))
        guard case .composer(let after) = s.overlay else { Issue.record("composer gone"); return }
        #expect(after.editor.text.hasPrefix("Wir senden heute eine neue Lampe.\nDanke. https://evil.example\n\n"))
        #expect(after.findings.contains { $0.span.map { String(Array(after.editor.text)[$0]).contains("evil.example") } ?? false },
                "the lint runs on the translated text: \(after.findings)")
        // Read back: shown under the text, gone on the next edit.
        let check = try #require(jobs(apply(&s, .checkTranslation)).first)
        #expect(check.from == "de" && check.to == "en" && check.text == after.editor.text)
        _ = InboxUpdate.update(&s, .translated(check, .success("We send a new lamp today.")))
        #expect(detail(s).contains("Back-translated into en") && detail(s).contains("We send a new lamp today."))
        _ = InboxUpdate.update(&s, .insert("x"))
        #expect(!detail(s).contains("We send a new lamp today."))
    }

    @Test func aParagraphChangedMeanwhileIsNotOverwritten() throws {
        var s = translating()
        _ = apply(&s, .offer1)
        guard case .composer(var cs) = s.overlay else { Issue.record("no composer"); return }
        cs.editor.setCursor(.init(line: 0, column: 0)); s.overlay = .composer(cs)
        let job = try #require(jobs(apply(&s, .translateReply)).first)
        _ = InboxUpdate.update(&s, .insert("typed meanwhile "))
        let before = s.overlay
        _ = InboxUpdate.update(&s, .translated(job, .success("ÜBERSETZT")))
        #expect(s.overlay == before)
        #expect(s.statusLine?.text.contains("changed meanwhile") == true)
    }

    @Test func aChineseReadingAgentGetsEveryForeignMessageInChinese() {
        var s = translating()
        s.replySettings.agentLanguage = "zh"
        let asked = jobs(InboxUpdate.update(&s, .tick(t0)))
        #expect(!asked.isEmpty && asked.allSatisfy { $0.to == "zh" })
        #expect(asked.contains { $0.purpose == .message(caseID: "K-1001", sourceId: "K-1001-1") && $0.from == "de" })
    }

    @Test func withoutATranslatorNothingIsAsked() {
        var s = fixtureState()
        #expect(jobs(InboxUpdate.update(&s, .tick(t0))).isEmpty)
        _ = apply(&s, .openDetail, .toggleTranslation)
        #expect(s.statusLine?.text.contains("[translate] command") == true)
    }
}
