import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel
@testable import KefuMail
@testable import KefuPlaybook

/// Replying from the inbox: offer keys, refund amounts, the checklist, the composer, lint and send.
@Suite struct ComposerTests {
    func signed() -> InboxState {
        var s = fixtureState()
        s.replySettings.storeName = "Lumen Home"
        s.replySettings.agentName = "Lin"
        s.replySettings.fromAddress = "support@lumen.example"
        return s
    }

    func composer(_ s: InboxState) -> ComposerState? {
        if case .composer(let cs) = s.overlay { return cs }
        return nil
    }

    /// The number of the first offer of the selected case that does (or does not) give money back.
    func offerKey(_ s: InboxState, refunds: Bool) -> KeyAction {
        let i = s.offers(for: s.selectedCase!).firstIndex { $0.refunds == refunds }!
        return KeyAction(rawValue: "offer-\(i + 1)")!
    }

    @Test func oneNumberThenSendQueuesTheReply() throws {
        var s = signed()
        let key = offerKey(s, refunds: false)
        _ = apply(&s, key)
        let cs = try #require(composer(s))
        #expect(cs.caseID == "K-1001" && cs.language == "de", "the buyer writes German")
        #expect(cs.editor.text.contains("302-0001001-1234567") && cs.editor.text.contains("Lin"))
        #expect(cs.errors.isEmpty, "\(cs.findings)")
        #expect(s.keyContext == .composer)
        let effects = apply(&s, .confirm)
        guard case .queueReply(let mail, let c, _, _)? = effects.first else { Issue.record("no reply queued: \(effects)"); return }
        #expect(mail.to.address == "b1001@marketplace.amazon.de")
        #expect(mail.from.address == "support@lumen.example")
        #expect(mail.body == cs.editor.text)
        #expect(mail.inReplyTo == "K-1001-1")
        #expect(c.status == .waitingBuyer && s.cases["K-1001"]?.status == .waitingBuyer)
        #expect(c.events.contains { $0.type == .offerChosen && $0.offers == [cs.offers[0].id] })
        #expect(c.messages.last?.direction == .outbound)
        #expect(s.overlay == .none)
        #expect(!s.visible.contains { $0.item.id == "K-1001" }, "it left the needs-reply queue")
    }

    @Test func refundAmountIsAskedWithTheSuggestionPrefilled() throws {
        var s = signed()
        _ = apply(&s, offerKey(s, refunds: true))
        guard case .prompt(let p) = s.overlay else { Issue.record("no amount prompt"); return }
        #expect(p.kind == .amount && p.reply?.caseID == "K-1001")
        let offer = s.playbook!.offer(p.reply!.offers[0].id)!
        let suggested = ReplyComposer(playbook: s.playbook!, settings: s.replySettings).suggestedAmount(offer, for: s.selectedCase!)
        #expect(p.text == suggested?.amountText && !p.text.isEmpty)
        // Bad input keeps the prompt open with a reason.
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("zwölf"))
        _ = apply(&s, .confirm)
        #expect(s.statusLine?.isError == true)
        guard case .prompt = s.overlay else { Issue.record("the prompt closed on a bad amount"); return }
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("50"))
        _ = apply(&s, .confirm)
        #expect(s.statusLine?.text.contains("more than the items cost") == true, "34.99 EUR of items")
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("7.50"))
        _ = apply(&s, .confirm)
        let cs = try #require(composer(s))
        #expect(cs.offers[0].amount == Money(Decimal(string: "7.50")!, "EUR"))
        #expect(cs.editor.text.contains("7,50"), "German money format: \(cs.editor.text)")
    }

    @Test func theChecklistGivesNumberedChoices() throws {
        var s = signed()
        let offers = s.offers(for: s.selectedCase!)
        let plain = offers.indices.filter { !offers[$0].refunds }.prefix(2)
        try #require(plain.count == 2)
        _ = apply(&s, .chooseOffers)
        guard case .menu(let m) = s.overlay, case .offers = m.purpose else { Issue.record("no checklist"); return }
        #expect(m.items.count == offers.count)
        _ = apply(&s, KeyAction(rawValue: "offer-\(plain.first! + 1)")!)
        for _ in 0..<(plain.last! - plain.first!) { _ = apply(&s, .moveDown) }
        _ = apply(&s, .toggle)
        _ = apply(&s, .confirm)
        let cs = try #require(composer(s))
        #expect(cs.offers.map(\.id) == plain.map { offers[$0].id })
        #expect(cs.editor.text.contains("\n1. ") && cs.editor.text.contains("\n2. "))
    }

    @Test func lintErrorsBlockAndAreHighlighted() throws {
        var s = signed()
        _ = apply(&s, offerKey(s, refunds: false))
        _ = apply(&s, .lineStart)
        _ = InboxUpdate.update(&s, .insert("Schreiben Sie an info@lumen.example "))
        let cs = try #require(composer(s))
        #expect(cs.errors.contains { $0.rule == "email-address" })
        #expect(cs.highlights().values.joined().contains { $0.severity == .error })
        #expect(apply(&s, .confirm).isEmpty, "an error blocks sending")
        #expect(s.statusLine?.text.hasPrefix("Not sent") == true)
        #expect(s.cases["K-1001"]?.status == .needsReply)
        #expect(InboxRender.render(s).text.contains("info@lumen.example"))
        // Deleting the address clears the finding.
        _ = apply(&s, .lineStart)
        for _ in 0..<"Schreiben Sie an info@lumen.example ".count { _ = apply(&s, .deleteForward) }
        #expect(composer(s)?.errors.isEmpty == true)
        #expect(apply(&s, .confirm).count == 1)
    }

    @Test func warningsNeedASecondPress() throws {
        var s = signed()
        _ = apply(&s, offerKey(s, refunds: false))
        _ = apply(&s, .lineEnd)
        _ = InboxUpdate.update(&s, .insert(" Folgen Sie uns!"))
        #expect(composer(s)?.warnings.isEmpty == false)
        #expect(apply(&s, .confirm).isEmpty)
        #expect(s.statusLine?.text.contains("again sends anyway") == true)
        #expect(apply(&s, .confirm).count == 1)
    }

    @Test func placeholdersWithoutASignatureBlock() throws {
        var s = fixtureState()   // no [store]/[agent] names configured
        s.replySettings.fromAddress = "support@lumen.example"
        _ = apply(&s, offerKey(s, refunds: false))
        let cs = try #require(composer(s))
        #expect(cs.errors.contains { $0.rule == "unresolved-placeholder" })
        #expect(apply(&s, .confirm).isEmpty)
    }

    @Test func noSenderAddressBlocks() throws {
        var s = signed()
        s.replySettings.fromAddress = nil
        _ = apply(&s, offerKey(s, refunds: false))
        #expect(apply(&s, .confirm).isEmpty)
        #expect(s.statusLine?.text.contains("[mail] from") == true)
        #expect(composer(s) != nil, "the reply stays open")
    }

    @Test func cancelAndLanguageAskBeforeDroppingEdits() throws {
        var s = signed()
        _ = apply(&s, offerKey(s, refunds: false))
        _ = apply(&s, .switchLanguage)
        #expect(composer(s)?.language == "fr", "the next language after de")
        #expect(composer(s)?.editor.text.hasPrefix("Madame, Monsieur,") == true, "no title known: the neutral French greeting")
        _ = InboxUpdate.update(&s, .insert("X"))
        _ = apply(&s, .switchLanguage)
        #expect(composer(s)?.language == "fr" && composer(s)?.pending == .switchLanguage)
        _ = apply(&s, .cancel)
        #expect(composer(s) != nil && s.statusLine?.isError == true)
        _ = apply(&s, .cancel)
        #expect(s.overlay == .none)
        #expect(s.cases["K-1001"]?.status == .needsReply)
    }

    @Test func externalEditorRoundTrip() throws {
        var s = signed()
        _ = apply(&s, offerKey(s, refunds: false))
        let text = composer(s)!.editor.text
        #expect(apply(&s, .externalEditor) == [.editExternally(text)])
        _ = InboxUpdate.update(&s, .editedExternally("Hallo, Bestellung 302-0001001-1234567: wir senden Ersatz.\nLin\n"))
        let cs = try #require(composer(s))
        #expect(cs.editor.text == "Hallo, Bestellung 302-0001001-1234567: wir senden Ersatz.\nLin")
        #expect(cs.edited && cs.errors.isEmpty)
        _ = InboxUpdate.update(&s, .externalEditFailed("vi exited with status 1"))
        #expect(composer(s)?.editor.text == cs.editor.text && s.statusLine?.isError == true)
    }

    /// Issue 14: a control or bidi character typed, pasted or coming back from the agent's editor is
    /// shown ("␛", "�", in the error colour) and never reaches the queued e-mail or the case.
    @Test func controlCharactersAreShownAndNeverSent() throws {
        func raw(_ t: String) -> Bool {
            t.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" || (0x7F...0x9F).contains($0.value)
                || [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F].contains($0.value) }
        }
        func send(_ s: inout InboxState) -> (MailMessage, Case)? {
            var effects = apply(&s, .confirm)
            if effects.isEmpty, composer(s)?.pending == .sendDespiteWarnings { effects = apply(&s, .confirm) }
            guard case .queueReply(let mail, let c, _, _)? = effects.first else { Issue.record("not queued: \(effects)"); return nil }
            return (mail, c)
        }
        // Typed or pasted: the keys arrive as text.
        var s = signed()
        _ = apply(&s, offerKey(s, refunds: false))
        _ = InboxUpdate.update(&s, .insert("A\u{1B}]0;pwned\u{07}B\u{202E}C\u{85} "))
        let screen = InboxRender.render(s)
        #expect(screen.text.contains("A␛]0;pwned␇B\u{FFFD}C\u{FFFD} "), "\(screen.text)")
        #expect(!raw(screen.text))
        let row = try #require((0..<screen.height).first { r in (0..<screen.width).contains { screen[r, $0].text == "␛" } })
        let col = try #require((0..<screen.width).first { screen[row, $0].text == "␛" })
        #expect(screen[row, col].style.role == .error, "shown in the error colour")
        let (typed, recorded) = try #require(send(&s))
        #expect(typed.body.hasPrefix("A]0;pwnedBC "), "\(typed.body)")
        #expect(!raw(typed.body) && !raw(typed.rendered()) && !raw(recorded.messages.last?.body ?? ""))

        // Back from $EDITOR.
        var e = signed()
        _ = apply(&e, offerKey(e, refunds: false))
        _ = InboxUpdate.update(&e, .editedExternally("Hallo\u{1B}[2J, Bestellung 302-0001001-1234567 \u{9B}31m: \u{2066}Ersatz\u{2069}.\r\nLin\n"))
        #expect(InboxRender.render(e).text.contains("Hallo␛[2J, Bestellung 302-0001001-1234567 \u{FFFD}31m: \u{FFFD}Ersatz\u{FFFD}."))
        let (edited, _) = try #require(send(&e))
        #expect(edited.body == "Hallo[2J, Bestellung 302-0001001-1234567 31m: Ersatz.\nLin")
        #expect(!raw(edited.rendered()))
    }

    @Test func aFailedQueueBringsTheReplyBack() throws {
        var s = signed()
        let before = s.cases["K-1001"]
        _ = apply(&s, offerKey(s, refunds: false))
        _ = InboxUpdate.update(&s, .insert("Danke! "))
        guard case .queueReply(_, _, _, let cs)? = apply(&s, .confirm).first else { Issue.record("not queued"); return }
        _ = InboxUpdate.update(&s, .replyFailed(previous: before, composer: cs, message: "disk full"))
        #expect(s.cases["K-1001"]?.status == .needsReply)
        #expect(composer(s)?.editor.text.hasPrefix("Danke! ") == true)
        #expect(s.statusLine?.text == "Not sent: disk full")
    }

    @Test func readOnlyStoresDoNotCompose() {
        var s = signed()
        s.readOnly = true
        _ = apply(&s, .offer1)
        #expect(s.overlay == .none && s.statusLine?.isError == true)
    }

    @Test func typingEnterAndWideCharactersInTheComposer() throws {
        var s = signed()
        var matcher = KeySequenceMatcher(keymap: s.keymap)
        _ = apply(&s, offerKey(s, refunds: false))
        _ = apply(&s, .lineStart)
        for k: Key in [.char("宝"), .char("贝"), .enter, .char("q")] {
            for a in InboxInput.translate(k, state: s, matcher: &matcher) { _ = InboxUpdate.update(&s, a) }
        }
        let cs = try #require(composer(s), "q types, it does not quit")
        #expect(cs.editor.text.hasPrefix("宝贝\nq"))
    }
}

/// Issue 17: the composer's kill, delete-line and undo keys, through the default keymap.
@Suite struct ComposerUndoTests {
    func composing() -> InboxState {
        var s = fixtureState()
        s.replySettings.storeName = "Lumen Home"; s.replySettings.agentName = "Lin"; s.replySettings.fromAddress = "support@lumen.example"
        _ = apply(&s, .offer1)
        return s
    }
    func editor(_ s: InboxState) -> TextEditor? {
        if case .composer(let cs) = s.overlay { return cs.editor }
        return nil
    }
    /// Keys as the runtime feeds them: through the live keymap.
    func press(_ s: inout InboxState, _ keys: String) {
        var matcher = KeySequenceMatcher(keymap: s.keymap)
        for k in try! KeyNotation.parseKeys(keys) {
            for a in InboxInput.translate(k, state: s, matcher: &matcher) { _ = InboxUpdate.update(&s, a) }
        }
    }

    @Test func ctrlKKillsToTheEndOfTheLineAndMetaKDeletesTheLine() throws {
        var s = composing()
        let first = try #require(editor(s)).lines[0]
        #expect(first.count > 2)
        press(&s, "<Right><Right><C-k>")
        #expect(editor(s)?.lines[0] == Array(first.prefix(2)))
        let lines = try #require(editor(s)).lines.count
        press(&s, "<M-k>")
        #expect(editor(s)?.lines.count == lines - 1)
    }

    @Test func undoStepsBackThroughEditsAWordOfTypingAtATime() throws {
        var s = composing()
        let original = try #require(editor(s)).text
        _ = InboxUpdate.update(&s, .insert("a")); _ = InboxUpdate.update(&s, .insert("b"))
        _ = InboxUpdate.update(&s, .insert(" ")); _ = InboxUpdate.update(&s, .insert("c"))
        press(&s, "<C-k>")
        let killed = try #require(editor(s)).text
        press(&s, "<C-_>")
        #expect(editor(s)?.text.hasPrefix("ab c") == true && editor(s)?.text != killed, "the kill is undone")
        press(&s, "<C-_>")
        #expect(editor(s)?.text.hasPrefix("ab ") == true && editor(s)?.text.hasPrefix("ab c") == false, "then the word typed")
        press(&s, "<C-_><C-_>")
        #expect(editor(s)?.text == original && editor(s)?.cursor == .init(line: 0, column: 0))
        press(&s, "<C-_>")
        #expect(editor(s)?.text == original && s.statusLine?.text == "Nothing to undo")
    }

    @Test func theExternalEditorsTextCanBeUndone() throws {
        var s = composing()
        let original = try #require(editor(s)).text
        _ = InboxUpdate.update(&s, .editedExternally("Ganz anders.\n"))
        #expect(editor(s)?.text == "Ganz anders.")
        press(&s, "<C-_>")
        #expect(editor(s)?.text == original)
    }
}
