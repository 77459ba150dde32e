import Foundation
import KefuModel
import KefuPlaybook

/// Replying from the inbox: offer keys → (refund amounts) → composer → lint → outbox.
extension InboxUpdate {
    static func offerNumber(_ a: KeyAction) -> Int? {
        a.rawValue.hasPrefix("offer-") ? Int(a.rawValue.suffix(1)) : nil
    }

    static func composerFor(_ s: InboxState) -> ReplyComposer? {
        s.playbook.map { ReplyComposer(playbook: $0, settings: s.replySettings) }
    }

    static func openOfferChecklist(_ s: inout InboxState) {
        guard let c = s.selectedCase, requireWritable(&s) else { return }
        let offers = s.offers(for: c)
        guard !offers.isEmpty else { s.statusLine = Unavailable.noOffers(s).map { ($0, true) }; return }   // as the record says
        let items = offers.prefix(9).enumerated().map { "\($0.offset + 1) \(s.label($0.element))" }
        s.overlay = .menu(Menu(title: "Offers for \(c.id): tick several, \(keyName(s, .confirm, in: .menu)) writes the reply", items: items, selected: 0,
                               purpose: .offers(caseID: c.id)))
    }

    /// Ticks or unticks an offer in the checklist; an offer that cannot go out with those already ticked
    /// (withdrawing a claim beside a refund) stays unticked and the status line says why.
    static func tick(_ s: inout InboxState, _ m: inout Menu, _ index: Int) {
        if m.checked.contains(index) { m.checked.remove(index); return }
        guard let c = s.selectedCase, let playbook = s.playbook else { m.checked.insert(index); return }
        let offers = s.offers(for: c)
        let ids = (m.checked.sorted() + [index]).compactMap { $0 < offers.count ? offers[$0].id : nil }
        if let why = playbook.conflict(ids) {
            s.statusLine = ("Not ticked: \(why)", true)
            return
        }
        m.checked.insert(index)
    }

    /// Offers `picks` (indexes into the case's list) to the buyer: asks for refund amounts, then composes.
    static func startReply(_ s: inout InboxState, picks: [Int]) -> [InboxEffect] {
        for p in picks {
            if let why = Unavailable.offer(s, p + 1) { s.statusLine = (why, true); return [] }
        }
        guard let c = s.selectedCase, let composer = composerFor(s) else { return [] }
        let offers = s.offers(for: c)
        if let why = s.playbook?.conflict(picks.map { offers[$0].id }) {
            s.statusLine = ("Not written: \(why)", true)
            return []
        }
        let chosen = picks.map { ChosenOffer(id: offers[$0].id, amount: composer.suggestedAmount(offers[$0], for: c)) }
        return askAmount(&s, PendingReply(caseID: c.id, offers: chosen, asking: 0))
    }

    /// Prompts for the next refund amount from `pending.asking` on, or opens the composer when none is left.
    static func askAmount(_ s: inout InboxState, _ pending: PendingReply) -> [InboxEffect] {
        guard let playbook = s.playbook, let c = s.cases[pending.caseID] else { return [] }
        var p = pending
        while p.asking < p.offers.count, playbook.offer(p.offers[p.asking].id)?.refunds != true { p.asking += 1 }
        guard p.asking < p.offers.count else { return openComposer(&s, c, p.offers, language: nil) }
        let chosen = p.offers[p.asking]
        let offer = playbook.offer(chosen.id)
        let currency = chosen.amount?.currency ?? c.order?.items.first?.price?.currency ?? ""
        let text = chosen.amount?.amountText ?? ""
        var subject = "“\(offer.map(s.label) ?? chosen.id)”"
        if !currency.isEmpty { subject += " in \(currency)" }
        if let total = c.order?.itemsTotal { subject += " (items \(total.amountText))" }
        s.overlay = .prompt(Prompt(kind: .amount, text: text, cursor: text.count, reply: p, subject: subject))
        return []
    }

    static func amountConfirmed(_ s: inout InboxState, _ p: Prompt) -> [InboxEffect] {
        guard var pending = p.reply, let c = s.cases[pending.caseID] else { s.overlay = .none; return [] }
        func refuse(_ why: String) -> [InboxEffect] {
            s.overlay = .prompt(p); s.statusLine = (why, true); return []
        }
        let currency = pending.offers[pending.asking].amount?.currency ?? c.order?.items.first?.price?.currency
        switch ReplyGate.refund(p.text, currency: currency, for: c) {
        case .failure(let why): return refuse(why.description)
        case .success(let money): pending.offers[pending.asking].amount = money
        }
        pending.asking += 1
        s.overlay = .none
        return askAmount(&s, pending)
    }

    static func openComposer(_ s: inout InboxState, _ c: Case, _ offers: [ChosenOffer], language: String?) -> [InboxEffect] {
        guard let composer = composerFor(s) else { return [] }
        let lang = language ?? composer.language(for: c)
        var cs = ComposerState(caseID: c.id, offers: offers, language: lang,
                               text: composer.compose(c, offers: offers, language: lang, now: s.now))
        cs.relint(c)
        cs.keepCursorVisible(composerLayout(s, cs))
        s.overlay = .composer(cs)
        s.focus = .detail
        // The offer's product files (the manual): read by the runtime, added as they arrive.
        let manual = offers.contains { s.playbook?.offer($0.id)?.action == .sendManual }
        return manual ? s.replySettings.manuals(for: c).map { .attachment(.load(path: $0)) } : []
    }

    static func composerLayout(_ s: InboxState, _ cs: ComposerState) -> ComposerLayout {
        InboxGeometry(s).composer(cs)
    }

    /// An editing step: the text changes, so the lint runs again and any half-asked question is off.
    /// `typing`: the edit typed a word character, which joins the previous one's undo step.
    static func edit(_ s: inout InboxState, _ cs: inout ComposerState, typing: Bool = false,
                     _ body: (inout TextEditor) -> Void) -> [InboxEffect] {
        let saved = cs.editor
        let before = cs.editor.text
        body(&cs.editor)
        cs.pending = nil
        if cs.editor.text != before {
            if !(typing && cs.typingWord) { cs.undoStack.append(saved) }
            if cs.undoStack.count > ComposerState.undoLimit { cs.undoStack.removeFirst() }
        }
        if cs.editor.text != before || !typing { cs.typingWord = typing }
        if cs.editor.text != before, let c = s.cases[cs.caseID] {
            cs.edited = true
            cs.check = nil   // a back-translation of other words checks nothing
            cs.relint(c)
        }
        cs.keepCursorVisible(composerLayout(s, cs))
        s.overlay = .composer(cs)
        return []
    }

    static func composer(_ s: inout InboxState, _ a: KeyAction, _ cs: ComposerState) -> [InboxEffect] {
        var cs = cs
        let width = composerLayout(s, cs).textWidth
        switch a {
        case .confirm: return cs.requeue != nil ? sendEdited(&s, cs) : sendReply(&s, cs)
        case .cancel, .quit, .back:
            if cs.edited && cs.pending != .discard {
                cs.pending = .discard
                s.overlay = .composer(cs)
                s.statusLine = ("The reply has your edits: \(keyName(s, .cancel)) again discards it", true)
            } else {
                s.overlay = .none
                s.statusLine = ("\(cs.caseID): reply discarded", false)
                if let edit = cs.requeue { return editGivenUp(&s, edit) }
            }
            return []
        case .switchLanguage:
            guard let playbook = s.playbook, let c = s.cases[cs.caseID] else { return [] }
            if cs.edited && cs.pending != .switchLanguage {
                cs.pending = .switchLanguage
                s.overlay = .composer(cs)
                s.statusLine = ("Switching language rewrites the text and drops your edits: \(keyName(s, .switchLanguage)) again to switch", true)
                return []
            }
            let langs = playbook.languages
            let next = langs[((langs.firstIndex(of: cs.language) ?? -1) + 1) % langs.count]
            _ = openComposer(&s, c, cs.offers, language: next)   // the offer's files are attached already
            if case .composer(var rewritten) = s.overlay {
                rewritten.attachments = cs.attachments
                rewritten.relint(c)
                s.overlay = .composer(rewritten)
            }
            s.statusLine = ("Reply in \(next)", false)
            return []
        case .externalEditor:
            return [.editExternally(cs.editor.text)]
        case .attachFile:
            askAttachment(&s, cs)
            return []
        case .translateReply: return translateParagraph(&s, cs)
        case .checkTranslation: return checkTranslation(&s, cs)
        case .deleteBack: return edit(&s, &cs) { $0.deleteBackward() }
        case .deleteForward: return edit(&s, &cs) { $0.deleteForward() }
        case .deleteWordBack: return edit(&s, &cs) { $0.deleteWordBackward() }
        case .clearLine: return edit(&s, &cs) { $0.deleteToLineStart() }
        case .deleteToLineEnd: return edit(&s, &cs) { $0.deleteToLineEnd() }
        case .deleteLine: return edit(&s, &cs) { $0.deleteLine() }
        case .undoEdit:
            guard let previous = cs.undoStack.popLast() else {
                s.statusLine = ("Nothing to undo", false)
                return []
            }
            let effects = edit(&s, &cs) { $0 = previous }
            // The step just taken back is not itself an edit to undo.
            if case .composer(var done) = s.overlay { done.undoStack.removeLast(); done.typingWord = false; s.overlay = .composer(done) }
            return effects
        case .cursorLeft: return edit(&s, &cs) { $0.moveLeft() }
        case .cursorRight: return edit(&s, &cs) { $0.moveRight() }
        case .lineStart: return edit(&s, &cs) { $0.moveLineStart() }
        case .lineEnd: return edit(&s, &cs) { $0.moveLineEnd() }
        case .wordLeft: return edit(&s, &cs) { $0.moveWordLeft() }
        case .wordRight: return edit(&s, &cs) { $0.moveWordRight() }
        case .moveUp: return edit(&s, &cs) { $0.moveVisualUp(width: width) }
        case .moveDown: return edit(&s, &cs) { $0.moveVisualDown(width: width) }
        case .pageUp, .pageDown:
            let rows = composerLayout(s, cs).text(rows: cs.editor.visualRows(width: width).count, top: cs.top).page
            return edit(&s, &cs) { e in
                for _ in 0..<rows { a == .pageUp ? e.moveVisualUp(width: width) : e.moveVisualDown(width: width) }
            }
        case .redraw: return [.redraw]
        default: return []
        }
    }

    /// The first key of `a` in the live keymap, for a message that tells the agent what to press.
    static func keyName(_ s: InboxState, _ a: KeyAction, in context: KeyContext = .composer) -> String {
        s.keymap.keys(for: a, in: context).first.map(KeyNotation.notation) ?? a.rawValue
    }

    /// Send: errors block, warnings need a second press, then the reply is recorded on the case
    /// and handed to the runtime for the outbox.
    static func sendReply(_ s: inout InboxState, _ cs: ComposerState) -> [InboxEffect] {
        var cs = cs
        guard requireWritable(&s), var c = s.cases[cs.caseID], gatePasses(&s, &cs, c) else { return [] }
        // Team mode: the store first says whether it may go (a colleague replying, news since).
        if let asking = teamSendGate(&s, cs) { return asking }
        var mail = ReplyRecord.mail(for: c, text: cs.editor.text, settings: s.replySettings, now: s.now, random: &s.random)
        mail.attachments = cs.attachments
        ReplyRecord.apply(&c, mail: mail, offers: cs.offers, promise: s.playbook?.promiseDue(cs.offers, now: s.now), now: s.now, by: s.team?.me.id)
        s.overlay = .none
        let previous = s.cases[c.id]
        commit(&s, c, "reply queued; waiting for the buyer")
        if let previous { rememberReply(&s, mail, cs, UndoStep.Change(before: previous, after: c)) }
        return [.queueReply(mail, c, previous: previous, composer: cs)]
    }

    /// The reply gate on the composer's text: errors block, warnings need a second press (said on the
    /// status line). True when the reply may leave.
    static func gatePasses(_ s: inout InboxState, _ cs: inout ComposerState, _ c: Case) -> Bool {
        cs.relint(c)
        s.overlay = .composer(cs)
        switch ReplyGate.check(c, findings: cs.findings, warningsAccepted: cs.pending == .sendDespiteWarnings, settings: s.replySettings) {
        case .blocked(let why):
            s.statusLine = ("Not sent: \(why)", true)
            return false
        case .warnings(let count, let first):
            cs.pending = .sendDespiteWarnings
            s.overlay = .composer(cs)
            s.statusLine = ("\(count) warning(s) — \(first). \(keyName(s, .confirm)) again sends anyway", true)
            return false
        case .send: return true
        }
    }

    static func externallyEdited(_ s: inout InboxState, _ text: String) -> [InboxEffect] {
        guard case .composer(var cs) = s.overlay else { return [] }
        // Editors end files with a newline; the reply does not need it.
        var t = text
        while t.hasSuffix("\n") { t.removeLast() }
        guard t != cs.editor.text else { s.statusLine = ("Editor: no changes", false); return [] }
        _ = edit(&s, &cs) { $0 = TextEditor(text: t) }
        s.statusLine = ("Edited in your editor", false)
        return []
    }
}
