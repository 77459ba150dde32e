import Foundation
import KefuModel
import KefuBase

/// The pure update: state + action → new state + effects. No I/O, no clock reads, no terminal.
public enum InboxUpdate {
    public static func update(_ s: inout InboxState, _ action: InboxAction) -> [InboxEffect] {
        var effects = reduce(&s, action)
        if s.team != nil { effects += teamFollowUp(&s, action) }
        // Whatever came into view (a case opened, the queue's top changed) gets its translations.
        return s.translationEnabled ? effects + wantedTranslations(&s) : effects
    }

    static func reduce(_ s: inout InboxState, _ action: InboxAction) -> [InboxEffect] {
        switch action {
        case .tick(let date):
            let before = s.now
            s.now = date
            s.refresh()
            keepSelection(&s)
            let released = replyGrace(&s, since: before)
            guard s.unsaved > 0, date >= s.nextSaveRetry else { return released }
            s.nextSaveRetry = date.addingTimeInterval(saveRetryInterval)
            return released + [.retrySaves]
        case .unsavedChanges(let count, let reason):
            let before = s.unsaved
            s.unsaved = count
            if count > 0 {
                if before == 0 { s.nextSaveRetry = s.now.addingTimeInterval(saveRetryInterval) }
                s.statusLine = ("Not saved: \(reason ?? "the store cannot be written") — \(count) change\(count == 1 ? "" : "s") kept, retrying every \(Int(saveRetryInterval)) s", true)
            } else if before > 0 {
                s.quitAsked = false
                s.statusLine = ("Saved: \(before) change\(before == 1 ? "" : "s") that waited for the disk", false)
            }
            return []
        case .resize(let w, let h):
            s.width = w; s.height = h
            fitToScreen(&s)
            return []
        case .casesChanged(let changed):
            putCases(&s, changed.map { ($0.id, $0) })
            return []
        case .casesChangedElsewhere(let ids):
            return [.reloadCases(ids)]
        case .casesReloaded(let changed, let gone, let failure):
            return casesReloaded(&s, changed: changed, gone: gone, failure: failure)
        case .mailRead(let batch):
            return mailRead(&s, batch)
        case .mailNotFiled(let ids, let previous, let message):
            putCases(&s, ids.map { ($0, previous[$0]) })
            s.statusLine = ("New mail not saved (it is read again later): \(message)", true)
            return []
        case .intakeError(let message):
            s.statusLine = ("New mail not filed: \(message)", true)
            return []
        case .saveFailed(let previous, let id, let message):
            putCases(&s, [(id, previous)])
            forgetUndo(&s, id)
            s.statusLine = ("Not saved: \(message)", true)
            return []
        case .replyFailed(let previous, let composer, let message):
            putCases(&s, previous.map { [($0.id, $0)] } ?? [])
            forgetUndo(&s, composer.caseID)
            s.overlay = .composer(composer)
            s.statusLine = ("Not sent: \(message)", true)
            return []
        case .deliveryReport(let outcomes, let queued):
            return deliveryReport(&s, outcomes, queued)
        case .replyTakenBack(let c, let composer):
            return replyTakenBack(&s, c, composer)
        case .replyNotTakenBack(let id, let message):
            s.statusLine = ("\(id): reply not taken back: \(message)", true)
            return []
        case .deliveryError(let message):
            s.statusLine = ("Outbox: \(message)", true)
            return []
        case .editedExternally(let text):
            return externallyEdited(&s, text)
        case .externalEditFailed(let message):
            s.statusLine = ("Editor: \(message); the reply is unchanged", true)
            return []
        case .exported(let path):
            s.statusLine = ("Weekly summary written to \(path)", false)
            return []
        case .exportFailed(let message):
            s.statusLine = ("Weekly summary not written: \(message)", true)
            return []
        case .attachmentDone(let outcome):
            return attachmentDone(&s, outcome)
        case .translated(let job, let result):
            return translated(&s, job, result)
        case .teamLoaded(let snap): return teamLoaded(&s, snap)
        case .teamFailed(let id, let message): return teamFailed(&s, caseID: id, message)
        case .leaseAnswered(let id, let grant): return leaseAnswered(&s, id, grant)
        case .clearanceAnswered(let id, let verdict): return clearanceAnswered(&s, id, verdict)
        case .availabilitySet(let available): return availabilitySet(&s, available)
        case .reassigned(let id, let to): return reassigned(&s, id, to)
        case .nextCaseServed(let c): return nextCaseServed(&s, c)
        case .insert(let text):
            if case .composer(var cs) = s.overlay {
                // Letters and digits typed one by one are one undo step per word.
                let word = text.count == 1 && text.allSatisfy { $0.isLetter || $0.isNumber }
                return edit(&s, &cs, typing: word) { $0.insert(text) }
            }
            if case .menu(let m) = s.overlay { return CategoryJump.typed(&s, m, text) }
            guard case .prompt(var p) = s.overlay else { return [] }
            var chars = Array(p.text)
            chars.insert(contentsOf: Array(text), at: p.cursor)
            p.text = String(chars); p.cursor += text.count
            return promptEdited(&s, p)
        case .command(let a):
            s.statusLine = nil
            if a == .redraw { return [.redraw] }
            // The action's record says when it does nothing (no case, read-only, no such offer): say why.
            if let why = a.record.disabledReason(s) { s.statusLine = (why, true); return [] }
            switch s.overlay {
            case .help(let scroll): return help(&s, a, scroll)
            case .prompt(let p): return prompt(&s, a, p)
            case .menu(let m): return menu(&s, a, m)
            case .composer(let cs): return composer(&s, a, cs)
            case .none: return normal(&s, a)
            }
        }
    }

    static let saveRetryInterval: TimeInterval = 5

    /// Quits, unless changes are still unsaved: then the first `q` says so and only a second one quits.
    static func quit(_ s: inout InboxState) -> [InboxEffect] {
        if s.unsaved > 0 && !s.quitAsked {
            s.quitAsked = true
            s.statusLine = ("\(s.unsaved) change\(s.unsaved == 1 ? "" : "s") not saved yet (disk full?): free space and wait for \"Saved\", or press q again to quit without them", true)
            return []
        }
        s.quitting = true
        return [.quit]
    }

    // MARK: Normal mode

    static func normal(_ s: inout InboxState, _ a: KeyAction) -> [InboxEffect] {
        switch a {
        case .quit: return quit(&s)
        case .help: s.overlay = .help(scroll: 0)
        // Opens empty: a new search is the common case; Esc still goes back to the current one.
        case .search: s.overlay = .prompt(Prompt(kind: .search, text: "", cursor: 0, previous: s.search))
        case .switchPane: s.focus = s.focus == .queue ? .detail : .queue
        case .openDetail: if s.selectedID != nil { s.focus = .detail }
        case .back: s.focus = .queue
        case .filterNeedsReply: setFilter(&s, .needsReply)
        case .filterOverdue: setFilter(&s, .overdue)
        case .filterWaiting: setFilter(&s, .waiting)
        case .filterSnoozed: setFilter(&s, .snoozed)
        case .filterResolved: setFilter(&s, .resolved)
        case .filterAll: setFilter(&s, .all)
        case .filterMine, .reassign, .nextCase, .toggleAvailable: return teamKey(&s, a)
        case .outbox: openOutbox(&s)
        case .toggleHistory:
            s.showHistory.toggle()
            s.threadScroll = 0   // the newest lines, where the history starts, in view
        case .exportWeekly: return [.exportWeekly]
        case .toggleTranslation: toggleTranslation(&s)
        case .moveDown, .moveUp, .pageDown, .pageUp, .first, .last:
            if s.focus == .queue { moveSelection(&s, a) } else { scrollThread(&s, a) }
        case .undo: return undo(&s)
        case .toggleMark, .markAll, .clearMarks: marks(&s, a)
        case .noResponseNeeded:
            let amazon = s.marked.isEmpty && s.selectedCase.flatMap(NoResponseNeeded.reminder) != nil
            let effects = changeMarked(&s) { c, now in
                c.events.append(CaseEvent(.noResponseNeeded, at: now))
                if c.status != .resolved { setStatus(&c, .noResponseNeeded, now) }
                return "no response needed"
            }
            // Said after the change: the undo step keeps the change's own words.
            if amazon, let r = NoResponseNeeded.amazonReminder { NoResponseNeeded.addToStatus(&s, " — " + r) }
            return effects
        case .toggleResolved:
            if !s.marked.isEmpty { return resolveMarked(&s) }
            s.lingering = s.selectedID
            let again = s.keymap.keys(for: .toggleResolved, in: s.keyContext).first.map { " · \(notation($0)) again reopens" } ?? ""
            let to: CaseStatus = s.selectedCase?.status == .resolved ? .needsReply : .resolved
            return change(&s, hint: to == .resolved ? again : "") { c, now in
                setStatus(&c, to, now)
                return to == .resolved ? "resolved" : "reopened"
            }
        case .toggleHold:
            return change(&s, touch: false) { c, now in
                c.setHeld(!c.isHeld, at: now)
                return c.isHeld ? "held: its personal data is kept until released" : "hold released"
            }
        case .snooze:
            guard requireCase(&s) else { break }
            s.overlay = .prompt(Prompt(kind: .snooze))
        case .addNote:
            guard requireCase(&s) else { break }
            s.overlay = .prompt(Prompt(kind: .note))
        case .promise:
            guard requireCase(&s) else { break }
            s.overlay = .prompt(Prompt(kind: .promise, text: "24h", cursor: 3))
        case .clockActions:
            guard let c = s.selectedCase, requireWritable(&s) else { break }
            let (items, actions) = clockMenu(c, s)
            guard !items.isEmpty else { s.statusLine = Unavailable.noDeadline(s).map { ($0, true) }; break }   // the record refused it already
            s.overlay = .menu(Menu(title: "Deadlines of \(c.id)", items: items, selected: 0, purpose: .clockActions(actions)))
        case .pinQuote:
            pinQuote(&s)
        case .attachments:
            showAttachments(&s)
        case .setCategory:
            guard let c = s.selectedCase, requireWritable(&s) else { break }
            let all = Category.allCases
            let title = s.marked.isEmpty ? "Category for \(c.id)" : "Category for the \(s.marked.count) marked cases"
            s.overlay = .menu(Menu(title: title, items: all.map(\.rawValue),
                                   selected: all.firstIndex(of: c.category) ?? 0))
        case .offer1, .offer2, .offer3, .offer4, .offer5, .offer6, .offer7, .offer8, .offer9:
            return startReply(&s, picks: [offerNumber(a)! - 1])
        case .chooseOffers:
            openOfferChecklist(&s)
        case .confirm, .cancel, .deleteBack, .clearLine, .cursorLeft, .cursorRight, .toggle, .deleteForward,
             .deleteWordBack, .deleteToLineEnd, .deleteLine, .undoEdit, .lineStart, .lineEnd, .wordLeft, .wordRight, .switchLanguage, .externalEditor, .redraw,
             .saveAttachment, .attachFile, .complete,
             .translateReply, .checkTranslation, .openQueued, .editQueued, .cancelQueued: break
        }
        return []
    }

    static func setFilter(_ s: inout InboxState, _ f: QueueFilter) {
        s.filter = f
        s.lingering = nil
        s.refresh()
        s.queueTop = 0
        s.selectedID = s.visible.first?.item.id
        s.threadScroll = 0
    }

    static func setStatus(_ c: inout Case, _ to: CaseStatus, _ now: Date) { c.setStatus(to, at: now) }

    /// Guards of the steps after a key (a prompt confirmed, a menu choice): the key itself was
    /// already refused by its record when they fail, with the same words.
    static func requireWritable(_ s: inout InboxState) -> Bool {
        if let why = Unavailable.readOnly(s) { s.statusLine = (why, true); return false }
        return true
    }

    static func requireCase(_ s: inout InboxState) -> Bool {
        if let why = Unavailable.caseChange(s) { s.statusLine = (why, true); return false }
        return true
    }

    /// Applies a change to the selected case, asks the runtime to save it, and keeps the cursor
    /// on the same row if the case leaves the current filter.
    /// `touch: false` for marks about the case (hold, a pinned quote) that must not move `updatedAt`: a
    /// case resolved by a notice has no resolve event, so its resolved time (reports, purge) is `updatedAt`.
    /// `hint`: said after `what` on the status line, not part of what an undo names.
    static func change(_ s: inout InboxState, touch: Bool = true, hint: String = "", _ body: (inout Case, Date) -> String) -> [InboxEffect] {
        guard requireCase(&s), var c = s.selectedCase else { return [] }
        let known = c.events.count
        let what = body(&c, s.now)
        signEvents(&c, since: known, s)
        if touch { c.updatedAt = s.now }
        let previous = s.cases[c.id]
        commit(&s, c, what + hint)
        if let previous { remember(&s, "\(c.id): \(what)", [UndoStep.Change(before: previous, after: c)]) }
        return [.save(c, previous: previous)]
    }

    /// Puts cases into the state (nil removes one), then the queue is rebuilt and the selection kept in view.
    static func putCases(_ s: inout InboxState, _ updates: [(id: String, c: Case?)]) {
        for u in updates { s.cases[u.id] = u.c; s.reindex(u.id) }
        s.refresh()
        keepSelection(&s)
    }

    /// Puts a changed case into the state, keeping the cursor on the same row if the case
    /// leaves the current filter.
    static func commit(_ s: inout InboxState, _ c: Case, _ what: String) {
        let oldIndex = s.selectedIndex ?? 0
        s.cases[c.id] = c
        s.reindex(c.id)
        s.refresh()
        if s.selectedIndex == nil {
            s.selectedID = s.visible.isEmpty ? nil : s.visible[min(oldIndex, s.visible.count - 1)].item.id
            s.focus = .queue
            s.threadScroll = 0
        }
        keepSelection(&s)
        s.statusLine = ("\(c.id): \(what)", false)
    }

    static func moveSelection(_ s: inout InboxState, _ a: KeyAction) {
        let i = s.selectedIndex ?? 0
        guard let j = InboxGeometry(s).queue(s).cursor(i, after: a) else { return }
        if j != i { s.threadScroll = 0 }
        s.selectedID = s.visible[j].item.id
        // Moving off a case resolved a moment ago lets it leave the queue now.
        if s.lingering != nil { s.refresh() }
        keepSelection(&s)
    }

    static func scrollThread(_ s: inout InboxState, _ a: KeyAction) {
        guard let c = s.selectedCase, let v = InboxGeometry(s).detail(s, c).thread.scrolled(by: a) else { return }
        s.threadScroll = DetailPane.scroll(v)
    }

    /// Keeps a valid selection visible within the queue pane.
    static func keepSelection(_ s: inout InboxState) {
        if s.selectedIndex == nil { s.selectedID = s.visible.first?.item.id }
        s.queueTop = InboxGeometry(s).queue(s).offset
    }

    /// After a resize: every scroll position back in range for the new size, the cursor of a list or
    /// the composer in view.
    static func fitToScreen(_ s: inout InboxState) {
        keepSelection(&s)
        let g = InboxGeometry(s)
        if let c = s.selectedCase { s.threadScroll = DetailPane.scroll(g.detail(s, c).thread) }
        switch s.overlay {
        case .help(let scroll): s.overlay = .help(scroll: g.help(s, scroll: scroll).list.offset)
        case .menu(var m): m.top = g.menu(m).list.offset; s.overlay = .menu(m)
        case .composer(var cs): cs.keepCursorVisible(g.composer(cs)); s.overlay = .composer(cs)
        case .none, .prompt: break
        }
    }

    // MARK: Overlays

    static func help(_ s: inout InboxState, _ a: KeyAction, _ scroll: Int) -> [InboxEffect] {
        if let v = InboxGeometry(s).help(s, scroll: scroll).list.scrolled(by: a) {
            s.overlay = .help(scroll: v.offset)
            return []
        }
        switch a {
        case .cancel, .help, .back, .confirm: s.overlay = .none
        case .quit: return quit(&s)
        default: break
        }
        return []
    }

    static func menu(_ s: inout InboxState, _ a: KeyAction, _ m: Menu) -> [InboxEffect] {
        var m = m
        if case .attachments(_, let files) = m.purpose, let effects = attachmentMenu(&s, a, m, files) { return effects }
        if case .outbox = m.purpose, let effects = outboxMenu(&s, a, m) { return effects }
        if case .offers = m.purpose, let n = offerNumber(a) {
            guard n <= m.items.count else { return [] }
            m.selected = n - 1
            tick(&s, &m, n - 1)
            s.overlay = .menu(m)
            return []
        }
        switch a {
        case .toggle:
            guard case .offers = m.purpose else { break }
            tick(&s, &m, m.selected)
        case .moveDown, .moveUp, .first, .last, .pageDown, .pageUp:
            let list = InboxGeometry(s).menu(m).list
            guard let to = list.cursor(m.selected, after: a) else { break }
            m.selected = to
            m.top = list.revealing(to).offset
        case .cancel, .back:
            if !m.typed.isEmpty { m.typed = ""; CategoryJump.retitle(&m) }   // Esc first forgets the letters typed
            else { s.overlay = .none; return [] }
        case .deleteBack:
            guard case .category = m.purpose, !m.typed.isEmpty else { break }
            return CategoryJump.typed(&s, m, String(m.typed.dropLast()), replacing: true)
        case .confirm:
            s.overlay = .none
            if case .clockActions(let actions) = m.purpose { return clockAction(&s, actions[m.selected]) }
            if case .offers = m.purpose { return startReply(&s, picks: m.checked.isEmpty ? [m.selected] : m.checked.sorted()) }
            if case .pinnedQuote(let choices) = m.purpose { return pinChoice(&s, choices[m.selected]) }
            if case .reassign(let id, let to) = m.purpose { return reassignChosen(&s, id, to[m.selected]) }
            if case .outbox = m.purpose {
                s.statusLine = ("Retrying \(s.outbox.count) repl\(s.outbox.count == 1 ? "y" : "ies") now…", false)
                return [.retryDeliveries]
            }
            guard let to = Category(rawValue: m.items[m.selected]) else { return [] }
            // Choosing the suggested category confirms it; choosing another replaces it.
            guard s.selectedCase?.category != to || s.selectedCase?.suggestedCategory != nil || !s.marked.isEmpty else { return [] }
            return changeMarked(&s) { c, now in
                guard c.category != to || c.suggestedCategory != nil else { return "category \(to.rawValue)" }
                c.events.append(CaseEvent(.categoryChanged, at: now, text: "\(c.category.rawValue)→\(to.rawValue)"))
                c.category = to
                c.suggestedCategory = nil
                return "category \(to.rawValue)"
            }
        case .quit: return quit(&s)
        default: break
        }
        s.overlay = .menu(m)
        return []
    }

    static func prompt(_ s: inout InboxState, _ a: KeyAction, _ p: Prompt) -> [InboxEffect] {
        var p = p
        var chars = Array(p.text)
        switch a {
        case .cancel:
            s.overlay = p.composer.map(Overlay.composer) ?? .none
            if p.kind == .search { s.search = p.previous; s.refresh(); keepSelection(&s) }
            return []
        case .complete:
            guard p.kind == .attachPath || p.kind == .saveFolder else { return [] }
            return [.attachment(.complete(path: p.text))]
        case .deleteBack:
            guard p.cursor > 0 else { return [] }
            chars.remove(at: p.cursor - 1); p.cursor -= 1; p.text = String(chars)
            return promptEdited(&s, p)
        case .clearLine:
            p.text = ""; p.cursor = 0
            return promptEdited(&s, p)
        case .cursorLeft: p.cursor = max(p.cursor - 1, 0)
        case .cursorRight: p.cursor = min(p.cursor + 1, chars.count)
        case .confirm: return promptConfirmed(&s, p)
        default: break
        }
        s.overlay = .prompt(p)
        return []
    }

    static func promptEdited(_ s: inout InboxState, _ p: Prompt) -> [InboxEffect] {
        s.overlay = .prompt(p)
        if p.kind == .search {
            // Incremental: the queue narrows with every key.
            s.search = p.text
            s.refresh()
            s.queueTop = 0
            keepSelection(&s)
        }
        return []
    }

    static func promptConfirmed(_ s: inout InboxState, _ p: Prompt) -> [InboxEffect] {
        switch p.kind {
        case .search:
            s.overlay = .none
            // The prompt opens empty and the queue narrows only as keys are typed: Enter sets what it shows.
            if s.search != p.text { s.search = p.text; s.refresh(); s.queueTop = 0; keepSelection(&s) }
            s.statusLine = p.text.isEmpty ? nil : ("\(s.visible.count) match(es) for “\(p.text)” — / then Enter on empty clears", false)
            return []
        case .note:
            let text = p.text.trimmingCharacters(in: .whitespaces)
            s.overlay = .none
            guard !text.isEmpty else { return [] }
            // Signed with `[agent] name`, so a team can tell whose note it is.
            let author = s.replySettings.agentName
            let effects = change(&s) { c, now in
                c.events.append(CaseEvent(.note, at: now, from: author, text: text))
                return "note added"
            }
            if author == nil { NoResponseNeeded.addToStatus(&s, " (no author: set [agent] name in config.toml)") }
            return effects
        case .amount:
            return amountConfirmed(&s, p)
        case .pinQuote:
            return pinTextConfirmed(&s, p)
        case .pinTranslation:
            return pinTranslationConfirmed(&s, p)
        case .saveFolder, .attachPath:
            return pathConfirmed(&s, p)
        case .promise:
            guard let until = futureTime(&s, p, examples: "24h, 4h, tomorrow 9:00") else { return [] }
            let zone = s.agentTimeZone
            return change(&s) { c, now in
                c.events.append(CaseEvent(.promised, at: now, text: "follow-up promised", until: until))
                return "promised a follow-up by \(LocalTime.stamp(until, in: zone))"
            }
        case .snooze:
            guard let until = futureTime(&s, p, examples: "2h, 30m, 14:00, tomorrow 9:00") else { return [] }
            let zone = s.agentTimeZone
            // A snooze that outlasts a deadline still applies (the case wakes early), but is said.
            let missed = s.selectedCase.flatMap { Clocks.mostUrgent($0, at: s.now, policy: s.policy) }.flatMap { $0.dueAt < until ? $0 : nil }
            let alone = s.marked.isEmpty   // the warning is about the selected case; a bulk snooze does not say it
            let warning = missed.map { " — after its \($0.kind == .reply ? "reply" : $0.kind.label) deadline (\(LocalTime.zonedStamp($0.dueAt, in: zone)))" } ?? ""
            let effects = changeMarked(&s, hint: warning) { c, now in
                c.events.append(CaseEvent(.snoozed, at: now, until: until))
                setStatus(&c, .snoozed, now)
                c.snoozedUntil = until
                return "snoozed until \(LocalTime.zonedStamp(until, in: zone))"
            }
            if missed != nil && alone, let line = s.statusLine { s.statusLine = (line.text, true) }
            return effects
        }
    }
}

extension InboxUpdate {
    /// The time typed in a snooze or promise prompt; a bad one keeps the prompt open with a hint.
    static func futureTime(_ s: inout InboxState, _ p: Prompt, examples: String) -> Date? {
        switch SnoozeTime.read(p.text, now: s.now, timeZone: s.agentTimeZone) {
        case .success(let t):
            s.overlay = .none
            return t
        case .failure(let why):
            s.overlay = .prompt(p)
            s.statusLine = why == .tooFar
                ? ("Too far ahead: “\(p.text)” (at most \(SnoozeTime.maxDurationText))", true)
                : ("Not a time in the future: “\(p.text)” (try \(examples))", true)
            return nil
        }
    }

    /// The clock menu: every running deadline that can be marked handled, and the return steps.
    static func clockMenu(_ c: Case, _ s: InboxState) -> ([String], [ClockAction]) {
        var items: [String] = [], actions: [ClockAction] = []
        for k in Clocks.all(c, at: s.now, policy: s.policy) where k.isUrgent && k.kind != .companySLA {
            items.append("\(k.kind.label) handled outside kefu (due \(LocalTime.stamp(k.dueAt, in: s.agentTimeZone)))")
            actions.append(.handled(k.kind))
        }
        let received = c.events.contains { $0.type == .returnReceived }
        if c.kinds.contains(.returnRequest) && !received {
            items.append("Return arrived: start the refund clock"); actions.append(.returnReceived)
        }
        if received && !c.events.contains(where: { $0.type == .refundIssued }) {
            items.append("Refund issued"); actions.append(.refundIssued)
        }
        return (items, actions)
    }

    static func clockAction(_ s: inout InboxState, _ a: ClockAction) -> [InboxEffect] {
        change(&s) { c, now in
            switch a {
            case .handled(let kind):
                c.events.append(CaseEvent(.handled, at: now, text: kind.rawValue))
                // The reply handled elsewhere is a reply: the case now waits on the buyer.
                if kind == .reply && (c.status == .needsReply || c.status == .snoozed) { setStatus(&c, .waitingBuyer, now) }
                return "\(kind.label.lowercased()) marked handled"
            case .returnReceived:
                c.events.append(CaseEvent(.returnReceived, at: now))
                return "return arrived; refund clock started"
            case .refundIssued:
                c.events.append(CaseEvent(.refundIssued, at: now))
                return "refund issued"
            }
        }
    }

    /// Convenience for tests and benchmarks: the new state, effects dropped.
    public static func updated(_ s: InboxState, _ a: InboxAction) -> InboxState {
        var copy = s
        _ = update(&copy, a)
        return copy
    }
}
