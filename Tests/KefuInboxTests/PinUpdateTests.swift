import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel
@testable import KefuPlaybook

/// `Q` in the detail pane: pin a buyer quote and the agent's translation for the weekly summary.
@Suite struct PinUpdateTests {
    /// The fixture queue with K-1001 (Markus Weber: "Hallo,\nmeine Lampe kam kaputt an.") open in the detail pane.
    func detailState(readOnly: Bool = false, cases: [Case] = fixtureCases()) -> InboxState {
        var s = InboxState(storeName: "pin", readOnly: readOnly, cases: cases, now: t0, width: 120, height: 40,
                           keymap: try! Keymap.load(), agentTimeZone: utc, playbook: try! Playbook.bundled())
        _ = apply(&s, .openDetail)
        return s
    }

    func prompt(_ s: InboxState) -> Prompt? {
        if case .prompt(let p) = s.overlay { return p }
        return nil
    }

    func type(_ s: inout InboxState, _ text: String) { _ = InboxUpdate.update(&s, .insert(text)) }

    @Test func qPrefillsTheScrubbedLatestBuyerMessageThenAsksForATranslationAndSaves() throws {
        var s = detailState()
        #expect(s.keymap.action(for: [.char("Q")], in: s.keyContext) == .pinQuote)
        #expect(apply(&s, .pinQuote).isEmpty)
        let first = try #require(prompt(s))
        #expect(first.kind == .pinQuote && first.label == "Quote to pin for the report: ")
        #expect(first.text == "meine Lampe kam kaputt an." && first.cursor == first.text.count, "the greeting is gone, as in the report")
        // The agent rewrites it, with personal data the pin removes.
        _ = apply(&s, .clearLine)
        type(&s, "Lampe kaputt, Markus Weber, Tel. 0171 2345678, m.weber@example.de")
        #expect(apply(&s, .confirm).isEmpty)
        let second = try #require(prompt(s))
        #expect(second.kind == .pinTranslation && second.label == "Translation (optional): " && second.text.isEmpty)
        #expect(second.quote == "Lampe kaputt, [name], Tel. [number], [e-mail]")
        #expect(s.statusLine?.text == "Pinning “Lampe kaputt, [name], Tel. [number], [e-mail]”")
        type(&s, "Lamp broken")
        let unpinned = s.cases["K-1001"]
        let effects = apply(&s, .confirm)
        let saved = try #require(s.cases["K-1001"])
        #expect(effects == [.save(saved, previous: unpinned)])
        #expect(saved.pinnedQuote == PinnedQuote(text: "Lampe kaputt, [name], Tel. [number], [e-mail]", language: "de",
                                                 translation: "Lamp broken", at: t0))
        #expect(saved.events.last == CaseEvent(.quotePinned, at: t0) && saved.updatedAt != t0, "a pin is no activity: updatedAt stays")
        #expect(s.overlay == .none && s.statusLine?.text == "K-1001: quote pinned for the weekly summary · u to undo")
        // The detail pane shows it.
        let pane = DetailContent(saved, at: t0, width: 100)
        #expect(pane.facts.contains { $0.text == "Pinned for the report (de): “Lampe kaputt, [name], Tel. [number], [e-mail]”" })
        #expect(pane.facts.contains { $0.text == "  Translation: “Lamp broken”" })
        #expect(InboxRender.render(s).text.contains("Pinned for the report (de)"))
    }

    @Test func anEmptyTranslationPinsTheQuoteAlone() throws {
        var s = detailState()
        _ = apply(&s, .pinQuote, .confirm)
        let effects = apply(&s, .confirm)
        #expect(effects.count == 1)
        let q = try #require(s.cases["K-1001"]?.pinnedQuote)
        #expect(q.text == "meine Lampe kam kaputt an." && q.translation == nil && q.language == "de")
    }

    @Test func escCancelsAtEitherStep() throws {
        var s = detailState()
        #expect(apply(&s, .pinQuote, .cancel).isEmpty)
        #expect(s.overlay == .none && s.cases["K-1001"]?.pinnedQuote == nil)
        #expect(apply(&s, .pinQuote, .confirm).isEmpty)
        #expect(prompt(s)?.kind == .pinTranslation)
        type(&s, "Lamp broken")
        #expect(apply(&s, .cancel).isEmpty)
        #expect(s.overlay == .none && s.cases["K-1001"] == fixtureCases()[0], "nothing changed")
        // An empty quote pins nothing.
        _ = apply(&s, .pinQuote, .clearLine)
        #expect(apply(&s, .confirm).isEmpty && s.overlay == .none && s.statusLine?.text == "Nothing pinned: the quote is empty")
        // A quote that is all personal data keeps the prompt open and says why.
        var named = detailState()
        _ = apply(&named, .pinQuote, .clearLine)
        type(&named, "Hallo Markus,")
        #expect(apply(&named, .confirm).isEmpty)
        #expect(prompt(named)?.kind == .pinQuote && named.statusLine?.isError == true)
    }

    @Test func readOnlyIsRefused() {
        var s = detailState(readOnly: true)
        #expect(apply(&s, .pinQuote).isEmpty)
        #expect(s.overlay == .none && s.statusLine?.text == "Read-only: another kefu has this store open")
    }

    @Test func qOnAPinnedCaseOffersEditReplaceAndRemove() throws {
        var cases = fixtureCases()
        cases[0].messages.append(Message(sourceId: "K-1001-3", direction: .inbound, at: hoursAgo(1), kind: .buyerMessage,
                                         body: "Der Schalter ist auch lose.\nViele Grüße\nMarkus Weber"))
        cases[0].pin(PinnedQuote(text: "meine Lampe kam kaputt an.", language: "de", translation: "my lamp arrived broken", at: hoursAgo(3)))
        var s = detailState(cases: cases)
        _ = apply(&s, .pinQuote)
        guard case .menu(let m) = s.overlay, case .pinnedQuote(let choices) = m.purpose else { Issue.record("no menu"); return }
        #expect(m.title == "Pinned quote of K-1001" && choices == [.edit, .replace, .remove])
        #expect(m.items == ["Edit the pinned quote and its translation", "Pin the latest buyer message instead", "Remove the pinned quote"])

        // Edit: both prompts start from what is pinned.
        _ = apply(&s, .confirm)
        #expect(prompt(s)?.text == "meine Lampe kam kaputt an.")
        _ = apply(&s, .confirm)
        #expect(prompt(s)?.kind == .pinTranslation && prompt(s)?.text == "my lamp arrived broken")
        _ = apply(&s, .cancel)

        // Pin the latest buyer message instead: its excerpt, signature cut; a fresh translation.
        _ = apply(&s, .pinQuote, .moveDown, .confirm)
        #expect(prompt(s)?.text == "Der Schalter ist auch lose.")
        _ = apply(&s, .confirm)
        #expect(prompt(s)?.text == "")
        type(&s, "The switch is loose too.")
        _ = apply(&s, .confirm)
        #expect(s.cases["K-1001"]?.pinnedQuote?.text == "Der Schalter ist auch lose.")
        #expect(s.cases["K-1001"]?.pinnedQuote?.translation == "The switch is loose too.")

        // Remove.
        _ = apply(&s, .pinQuote)
        guard case .menu(let again) = s.overlay else { Issue.record("no menu"); return }
        #expect(again.items.count == 2, "the latest message is what is pinned: no replace entry")
        _ = apply(&s, .last)
        let pinned = s.cases["K-1001"]
        let effects = apply(&s, .confirm)
        let saved = try #require(s.cases["K-1001"])
        #expect(effects == [.save(saved, previous: pinned)] && saved.pinnedQuote == nil)
        #expect(saved.events.suffix(2).map(\.type) == [.quotePinned, .quoteUnpinned])
        #expect(s.statusLine?.text == "K-1001: pinned quote removed · u to undo")
        #expect(!DetailContent(saved, at: t0, width: 100).facts.contains { $0.text.hasPrefix("Pinned") })
    }

    @Test func aLongQuoteScrollsInThePromptKeepingTheCursorOnScreen() throws {
        var s = detailState()
        s.width = 60
        _ = apply(&s, .pinQuote, .clearLine)
        type(&s, String(repeating: "abcdefghij ", count: 10) + "END")
        let footer = InboxRender.render(s).text.split(separator: "\n", omittingEmptySubsequences: false)[s.height - 1]
        #expect(footer.hasPrefix("Quote to pin for the report: …") && footer.contains("END▏"))
    }

    @Test func theFooterHintsAtQInTheDetailPaneOnly() {
        var s = detailState()
        s.width = 200
        #expect(InboxRender.render(s).text.contains("Q pin quote"))
        _ = apply(&s, .back)
        #expect(!InboxRender.render(s).text.contains("Q pin quote"))
    }
}
