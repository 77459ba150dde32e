import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel

@Suite struct UpdateTests {
    func ids(_ s: InboxState) -> [String] { visibleIDs(s) }

    @Test func startsOnTheNeedsReplyQueueInDeadlineOrder() {
        let s = fixtureState()
        #expect(ids(s) == ["K-1001", "K-1002", "K-1003", "K-1004"])
        #expect(s.selectedID == "K-1001")
        #expect(s.counts == QueueCounts(needsReply: 4, overdue: 1, dueSoon: 2, waiting: 1))
    }

    @Test func movementInTheQueue() {
        var s = fixtureState()
        _ = apply(&s, .moveDown, .moveDown); #expect(s.selectedID == "K-1003")
        _ = apply(&s, .moveUp); #expect(s.selectedID == "K-1002")
        _ = apply(&s, .last); #expect(s.selectedID == "K-1004")
        _ = apply(&s, .moveDown); #expect(s.selectedID == "K-1004", "stops at the end")
        _ = apply(&s, .first); #expect(s.selectedID == "K-1001")
        _ = apply(&s, .pageDown); #expect(s.selectedID == "K-1004")
        _ = apply(&s, .pageUp); #expect(s.selectedID == "K-1001")
    }

    @Test func pagingKeepsTheSelectionOnScreen() {
        let many = (0..<100).map { makeCase(2000 + $0, buyer: "B\($0)", body: "x", hoursAgo: Double($0) / 10) }
        var s = fixtureState(width: 80, height: 24, cases: many)
        let rows = Layout(width: 80, height: 24).queueRows
        _ = apply(&s, .pageDown)
        #expect(s.selectedIndex == rows)
        #expect(s.queueTop <= rows && rows < s.queueTop + rows)
        _ = apply(&s, .last)
        #expect(s.queueTop == 100 - rows)
    }

    @Test func panesAndThreadScrolling() {
        var c = makeCase(1001, buyer: "A", body: (1...80).map { "line \($0)" }.joined(separator: "\n"), hoursAgo: 2)
        c.messages.append(Message(sourceId: "r", direction: .outbound, at: hoursAgo(1), body: "reply"))
        var s = fixtureState(width: 80, height: 24, cases: [c])
        _ = apply(&s, .filterAll)
        _ = apply(&s, .switchPane); #expect(s.focus == .detail && s.keyContext == .detail)
        _ = apply(&s, .moveUp, .moveUp); #expect(s.threadScroll == 2)
        _ = apply(&s, .first); #expect(s.threadScroll > 50)
        _ = apply(&s, .last); #expect(s.threadScroll == 0)
        _ = apply(&s, .back); #expect(s.focus == .queue)
        _ = apply(&s, .openDetail); #expect(s.focus == .detail)
        _ = apply(&s, .switchPane); #expect(s.focus == .queue)
    }

    @Test func filters() {
        var s = fixtureState()
        _ = apply(&s, .filterOverdue); #expect(ids(s) == ["K-1001"])
        _ = apply(&s, .filterWaiting); #expect(ids(s) == ["K-1005"])
        _ = apply(&s, .filterSnoozed); #expect(ids(s).isEmpty && s.selectedID == nil)
        _ = apply(&s, .filterResolved); #expect(ids(s).isEmpty)
        _ = apply(&s, .filterAll); #expect(ids(s).count == 5)
        _ = apply(&s, .filterNeedsReply); #expect(ids(s).count == 4 && s.selectedID == "K-1001")
    }

    @Test func incrementalSearchOverBuyerOrderSkuAndText() {
        var s = fixtureState()
        _ = apply(&s, .search)
        #expect(s.keyContext == .prompt)
        _ = InboxUpdate.update(&s, .insert("王"))
        #expect(ids(s) == ["K-1002"])
        _ = apply(&s, .deleteBack)
        #expect(ids(s).count == 4)
        _ = InboxUpdate.update(&s, .insert("sku-1003"))
        #expect(ids(s) == ["K-1003"])
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("KAPUTT"))
        #expect(ids(s) == ["K-1001"], "message text, case-insensitive")
        _ = apply(&s, .confirm)
        #expect(s.overlay == .none && s.search == "KAPUTT" && ids(s) == ["K-1001"])
        _ = apply(&s, .search)
        _ = InboxUpdate.update(&s, .insert("zzz"))
        #expect(ids(s).isEmpty)
        _ = apply(&s, .cancel)
        #expect(s.search == "KAPUTT", "Esc restores the search before the prompt")
        _ = apply(&s, .search, .clearLine, .confirm)
        #expect(ids(s).count == 4)
    }

    @Test func promptCursorEditing() {
        var s = fixtureState()
        _ = apply(&s, .addNote)
        _ = InboxUpdate.update(&s, .insert("ac"))
        _ = apply(&s, .cursorLeft)
        _ = InboxUpdate.update(&s, .insert("b"))
        _ = apply(&s, .cursorRight, .cursorRight)
        _ = InboxUpdate.update(&s, .insert("d"))
        guard case .prompt(let p) = s.overlay else { Issue.record("no prompt"); return }
        #expect(p.text == "abcd" && p.cursor == 4)
    }

    @Test func noResponseNeededSavesAndKeepsTheCursorRow() {
        var s = fixtureState()
        _ = apply(&s, .moveDown)
        let effects = apply(&s, .noResponseNeeded)
        guard case .save(let saved, _) = effects.first else { Issue.record("no save"); return }
        #expect(saved.id == "K-1002" && saved.status == .noResponseNeeded)
        #expect(saved.events.suffix(2).map(\.type) == [.noResponseNeeded, .statusChanged])
        #expect(Clocks.mostUrgent(saved, at: t0) == nil, "the reply clock stopped")
        #expect(ids(s) == ["K-1001", "K-1003", "K-1004"])
        #expect(s.selectedID == "K-1003", "the next case takes the row")
        #expect(s.statusLine?.text.hasPrefix("K-1002: no response needed") == true)
        #expect(s.statusLine?.text.contains("Amazon: also mark the message “No response needed” in Seller Central") == true)
    }

    @Test func resolveAndReopen() {
        var s = fixtureState()
        let open = s.cases["K-1001"]
        let e1 = apply(&s, .toggleResolved)
        #expect(e1 == [.save(s.cases["K-1001"]!, previous: open)] && s.cases["K-1001"]?.status == .resolved)
        _ = apply(&s, .filterResolved)
        #expect(ids(s) == ["K-1001"])
        _ = apply(&s, .toggleResolved)
        #expect(s.cases["K-1001"]?.status == .needsReply)
        #expect(s.cases["K-1001"]?.events.compactMap(\.text).suffix(2) == ["needs-reply→resolved", "resolved→needs-reply"])
    }

    @Test func holdTogglesWithEventsAndShowsInTheDetailPane() {
        var s = fixtureState()
        let unheld = s.cases["K-1001"]
        let e1 = apply(&s, .toggleHold)
        let held = s.cases["K-1001"]!
        #expect(e1 == [.save(held, previous: unheld)])
        #expect(held.heldAt == t0 && held.isHeld && held.events.last?.type == .held)
        #expect(s.statusLine?.text == "K-1001: held: its personal data is kept until released · u to undo")
        let pane = DetailContent(held, at: t0, width: 100)
        #expect(pane.facts[1].text.hasSuffix("· held (kept from purge)"))
        _ = apply(&s, .toggleHold)
        let released = s.cases["K-1001"]!
        #expect(released.heldAt == nil && released.events.suffix(2).map(\.type) == [.held, .released])
        #expect(s.statusLine?.text == "K-1001: hold released · u to undo")
        #expect(!DetailContent(released, at: t0, width: 100).facts[1].text.contains("held"))
        // A purged case says so where the buyer was.
        var purged = released
        purged.buyer.name = nil; purged.buyer.address = nil; purged.purgedAt = t0
        #expect(DetailContent(purged, at: t0, width: 100).facts[1].text.hasPrefix("Buyer: personal data purged 2026-11-21"))
    }

    @Test func snoozeAsksForATimeAndRejectsNonsense() {
        var s = fixtureState()
        _ = apply(&s, .snooze)
        _ = InboxUpdate.update(&s, .insert("soon"))
        #expect(apply(&s, .confirm).isEmpty)
        #expect(s.statusLine?.isError == true && s.keyContext == .prompt)
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("2h"))
        let effects = apply(&s, .confirm)
        #expect(effects.count == 1)
        let c = s.cases["K-1001"]!
        #expect(c.status == .snoozed && c.snoozedUntil == t0.addingTimeInterval(7200))
        #expect(c.events.contains { $0.type == .snoozed && $0.until == t0.addingTimeInterval(7200) })
        _ = apply(&s, .filterSnoozed)
        #expect(ids(s) == ["K-1001"])
        // It comes back on its own when the time comes.
        _ = apply(&s, .filterNeedsReply)
        _ = InboxUpdate.update(&s, .tick(t0.addingTimeInterval(7201)))
        #expect(ids(s).contains("K-1001"))
    }

    @Test func overflowingSnoozeAndPromiseTimesAreAPromptMessage() {
        for input in ["999999999999999d", "99999999999999999999999999h", "3651d", "2h 999999999999999m", "2099-01-01 10:00"] {
            var s = fixtureState()
            _ = apply(&s, .snooze)
            _ = InboxUpdate.update(&s, .insert(input))
            #expect(apply(&s, .confirm).isEmpty)
            #expect(s.statusLine?.text == "Too far ahead: “\(input)” (at most 3650 days)", "\(input)")
            #expect(s.keyContext == .prompt && s.cases["K-1001"]?.status != .snoozed)
        }
        var s = fixtureState()
        _ = apply(&s, .promise)
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("999999999999999d"))
        #expect(apply(&s, .confirm).isEmpty)
        #expect(s.statusLine?.text.hasPrefix("Too far ahead") == true && s.keyContext == .prompt)
        // Ten years is still a time.
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("3650d"))
        #expect(apply(&s, .confirm).count == 1)
        #expect(SnoozeTime.readDuration("000000000000000000002h") == .seconds(7200))
    }

    @Test func setCategoryThroughTheMenu() {
        var s = fixtureState()
        _ = apply(&s, .setCategory)
        guard case .menu(let m) = s.overlay else { Issue.record("no menu"); return }
        #expect(m.items[m.selected] == "damaged" && s.keyContext == .menu)
        _ = apply(&s, .moveDown)
        let effects = apply(&s, .confirm)
        #expect(effects.count == 1 && s.cases["K-1001"]?.category == .defective)
        #expect(s.cases["K-1001"]?.events.last?.text == "damaged→defective")
        _ = apply(&s, .setCategory, .cancel)
        #expect(s.overlay == .none && s.cases["K-1001"]?.category == .defective)
    }

    @Test func notesAreSavedAndShownInTheThread() {
        var s = fixtureState()
        _ = apply(&s, .addNote)
        _ = InboxUpdate.update(&s, .insert("Called DHL, parcel found"))
        #expect(apply(&s, .confirm).count == 1)
        #expect(s.cases["K-1001"]?.events.last?.type == .note)
        #expect(InboxRender.render(s).text.contains("Called DHL, parcel found"))
        _ = apply(&s, .addNote, .confirm)
        #expect(s.cases["K-1001"]?.events.filter { $0.type == .note }.count == 1, "an empty note is not saved")
    }

    @Test func offersAreNumberedPerCategory() {
        var s = fixtureState()
        let count = s.offers(for: s.selectedCase!).count
        #expect((3...8).contains(count))
        _ = apply(&s, .switchPane, KeyAction(rawValue: "offer-\(count + 1)")!)
        #expect(s.statusLine?.text == "No offer \(count + 1) for damaged (it has \(count))")
        #expect(s.overlay == .none)
    }

    @Test func helpOverlayScrollsAndCloses() {
        var s = fixtureState(width: 80, height: 24)
        _ = apply(&s, .help)
        #expect(s.keyContext == .help)
        _ = apply(&s, .moveDown, .moveDown)
        #expect(s.overlay == .help(scroll: 2))
        _ = apply(&s, .cancel)
        #expect(s.overlay == .none)
    }

    @Test func footerHintsFollowTheContext() {
        var s = fixtureState(width: 120, height: 40)
        let footer = { (s: InboxState) in String(InboxRender.render(s).text.split(separator: "\n").last!) }
        #expect(footer(s).contains("q quit") && footer(s).contains("x no reply"))
        _ = apply(&s, .help)
        #expect(footer(s).contains("close") && !footer(s).contains("quit") && !footer(s).contains("search"))
    }

    @Test func redrawAsksForAFullRepaint() {
        var s = fixtureState()
        #expect(apply(&s, .redraw) == [.redraw])
    }

    @Test func quitAsksTheRuntimeToStop() {
        var s = fixtureState()
        #expect(apply(&s, .quit) == [.quit] && s.quitting)
    }

    @Test func readOnlyRefusesChanges() {
        var s = InboxState(storeName: "ro", readOnly: true, cases: fixtureCases(), now: t0, width: 120, height: 40, keymap: try! Keymap.load())
        #expect(apply(&s, .noResponseNeeded, .toggleResolved, .snooze, .addNote, .setCategory, .toggleHold).isEmpty)
        #expect(s.cases["K-1001"]?.status == .needsReply && s.statusLine?.isError == true)
    }

    @Test func aFailedSaveIsUndoneAndSaid() {
        var s = fixtureState()
        let before = s.cases["K-1001"]
        _ = apply(&s, .toggleResolved)
        _ = InboxUpdate.update(&s, .saveFailed(previous: before, id: "K-1001", message: "disk full"))
        #expect(s.cases["K-1001"] == before && ids(s).contains("K-1001"))
        #expect(s.statusLine?.text == "Not saved: disk full")
    }

    @Test func aChangeTheDiskCouldNotTakeStaysOnScreenIsRetriedAndGuardsQuit() {
        var s = fixtureState()
        let effects = apply(&s, .toggleResolved)
        guard case .save(let saved, _)? = effects.first else { Issue.record("no save effect"); return }
        #expect(saved.status == .resolved)
        _ = InboxUpdate.update(&s, .unsavedChanges(count: 1, reason: "disk full"))
        #expect(s.cases["K-1001"]?.status == .resolved, "kept, not undone")
        #expect(s.statusLine?.text == "Not saved: disk full — 1 change kept, retrying every 5 s")
        #expect(InboxRender.render(s).text.split(separator: "\n").first?.contains("⚠ 1 not saved") == true)
        // The tick asks for a retry every five seconds, not on every tick.
        #expect(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(2))).isEmpty)
        #expect(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(5))) == [.retrySaves])
        #expect(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(6))).isEmpty)
        #expect(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(10))) == [.retrySaves])
        // Quitting with unsaved changes asks first.
        #expect(apply(&s, .quit).isEmpty && !s.quitting)
        #expect(s.statusLine?.text.hasPrefix("1 change not saved yet") == true)
        _ = InboxUpdate.update(&s, .unsavedChanges(count: 0, reason: nil))
        #expect(s.statusLine?.text == "Saved: 1 change that waited for the disk")
        #expect(InboxUpdate.update(&s, .tick(t0.addingTimeInterval(20))).isEmpty)
        #expect(apply(&s, .quit) == [.quit])
    }

    @Test func quittingWithUnsavedChangesTakesASecondQ() {
        var s = fixtureState()
        _ = InboxUpdate.update(&s, .unsavedChanges(count: 2, reason: "disk full"))
        #expect(apply(&s, .quit).isEmpty)
        #expect(apply(&s, .quit) == [.quit] && s.quitting)
    }

    @Test func newMailAndResizeAndTicks() {
        var s = fixtureState()
        let fresh = makeCase(1010, buyer: "New Buyer", body: "hi", hoursAgo: 23.9)
        _ = InboxUpdate.update(&s, .casesChanged([fresh]))
        #expect(ids(s).first == "K-1001" && ids(s).contains("K-1010"))
        _ = InboxUpdate.update(&s, .resize(width: 40, height: 12))
        #expect(s.width == 40 && s.height == 12)
        let before = InboxRender.render(s).text
        _ = InboxUpdate.update(&s, .tick(t0.addingTimeInterval(1)))
        #expect(InboxRender.render(s).text != before, "the countdown moved")
    }

    @Test func keysGoThroughTheKeymapWithSequencesAndPromptText() throws {
        var s = fixtureState()
        var m = KeySequenceMatcher(keymap: s.keymap)
        _ = apply(&s, .last)
        #expect(InboxInput.translate(.char("g"), state: s, matcher: &m).isEmpty)
        let gg = InboxInput.translate(.char("g"), state: s, matcher: &m)
        #expect(gg.count == 1)
        for a in gg { _ = InboxUpdate.update(&s, a) }
        #expect(s.selectedID == "K-1001")
        _ = apply(&s, .search)
        let typed = InboxInput.translate(.char("q"), state: s, matcher: &m)
        guard case .insert("q") = typed.first else { Issue.record("q should type in a prompt, got \(typed)"); return }
        // A user keymap rebinds: Q quits, q does nothing.
        let user = try Keymap.load(overlays: [(text: "[global]\nQ = quit\nq = none\n", name: "user")])
        let s2 = fixtureState()
        var m2 = KeySequenceMatcher(keymap: user)
        #expect(InboxInput.translate(.char("q"), state: s2, matcher: &m2).isEmpty)
        guard case .command(.quit) = InboxInput.translate(.char("Q"), state: s2, matcher: &m2).first else { Issue.record("Q"); return }
    }

    // MARK: Clocks

    @Test func promiseBecomesAClock() {
        var s = fixtureState()
        _ = apply(&s, .promise)
        guard case .prompt(let p) = s.overlay else { Issue.record("no prompt"); return }
        #expect(p.kind == .promise && p.text == "24h", "prefilled with the usual promise")
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("soon"))
        _ = apply(&s, .confirm)
        #expect(s.statusLine?.isError == true)
        guard case .prompt = s.overlay else { Issue.record("a bad time keeps the prompt open"); return }
        _ = apply(&s, .clearLine)
        _ = InboxUpdate.update(&s, .insert("4h"))
        let effects = apply(&s, .confirm)
        guard case .save(let saved, _)? = effects.first else { Issue.record("not saved"); return }
        #expect(saved.events.last?.type == .promised && saved.events.last?.until == t0.addingTimeInterval(4 * 3600))
        let promise = Clocks.all(saved, at: t0).first { $0.kind == .promise }
        #expect(promise?.state == .running && promise?.dueAt == t0.addingTimeInterval(4 * 3600))
    }

    @Test func clockMenuMarksHandledAndWalksTheReturn() {
        var c = makeCase(1001, buyer: "A", body: "I want to return it", hoursAgo: 3, category: .unwanted)
        c.messages[0].kind = .returnRequest
        c.kinds = [.returnRequest]
        var s = fixtureState(cases: [c])
        _ = apply(&s, .clockActions)
        guard case .menu(let m) = s.overlay else { Issue.record("no menu"); return }
        #expect(m.items.count == 2 && m.items[0].hasPrefix("Return answer handled") && m.items[1].hasPrefix("Return arrived"))
        _ = apply(&s, .moveDown)
        var effects = apply(&s, .confirm)
        guard case .save(let received, _)? = effects.first else { Issue.record("not saved"); return }
        #expect(received.events.last?.type == .returnReceived)
        #expect(Clocks.all(received, at: t0).contains { $0.kind == .returnRefund && $0.state == .running })
        _ = apply(&s, .clockActions)
        guard case .menu(let m2) = s.overlay else { Issue.record("no menu"); return }
        #expect(m2.items.last == "Refund issued")
        _ = apply(&s, .last)
        effects = apply(&s, .confirm)
        guard case .save(let refunded, _)? = effects.first else { Issue.record("not saved"); return }
        #expect(Clocks.all(refunded, at: t0).first { $0.kind == .returnRefund }?.state == .met)
    }

    @Test func aReplyHandledElsewhereStopsTheClock() {
        var s = fixtureState()
        _ = apply(&s, .clockActions, .confirm)
        let c = s.cases["K-1001"]!
        #expect(c.status == .waitingBuyer)
        #expect(c.events.contains { $0.type == .handled && $0.text == "reply" })
        #expect(Clocks.mostUrgent(c, at: t0) == nil)
        // With no running clock the menu says so instead of opening.
        _ = apply(&s, .filterWaiting)
        _ = apply(&s, .clockActions)
        #expect(s.overlay == .none && s.statusLine?.isError == true)
    }
}

/// Issue 17: `R` then `R` must give the case back its reply clock from the unanswered buyer message.
@Suite struct ReopenClockTests {
    @Test func resolveThenReopenRestoresTheReplyClock() {
        var s = fixtureState()
        let before = s.visible.first { $0.item.id == "K-1001" }?.clock
        #expect(before?.kind == .reply && before?.isOverdue(at: t0) == true)
        _ = apply(&s, .filterAll)
        s.selectedID = "K-1001"
        _ = apply(&s, .toggleResolved, .toggleResolved)
        let after = s.visible.first { $0.item.id == "K-1001" }
        #expect(after?.item.status == .needsReply)
        #expect(after?.clock?.kind == .reply && after?.clock?.state == .running && after?.clock?.dueAt == before?.dueAt)
        #expect(s.visible.first?.item.id == "K-1001", "the most overdue case leads the queue again")
    }

    /// The day's trap: in [needs reply] the resolved case left the queue at once, so the second `R`
    /// resolved the next case — and the one meant to be reopened sat at the bottom with no deadline.
    @Test func theSecondRReopensTheSameCaseInTheNeedsReplyQueue() {
        var s = fixtureState()
        let first = s.selectedID!
        let clock = s.visible.first?.clock
        _ = apply(&s, .toggleResolved)
        #expect(s.selectedID == first && s.cases[first]?.status == .resolved, "the resolved case stays selected")
        #expect(s.statusLine?.text == "\(first): resolved · R again reopens · u to undo")
        let others = s.cases.values.filter { $0.id != first }.map(\.status)
        _ = apply(&s, .toggleResolved)
        #expect(s.cases[first]?.status == .needsReply && s.cases.values.filter { $0.id != first }.map(\.status) == others)
        #expect(s.visible.first?.item.id == first && s.visible.first?.clock?.dueAt == clock?.dueAt && s.visible.first?.clock?.state == .running)
        // Resolved and moved away from, it leaves the queue as before.
        _ = apply(&s, .toggleResolved, .moveDown)
        _ = InboxUpdate.update(&s, .tick(t0.addingTimeInterval(1)))
        #expect(!s.visible.map(\.item.id).contains(first) && s.selectedID != first)
    }
}

/// Issue 17: snooze times in the agent's zone, a warning when the snooze outlasts the reply deadline,
/// and a search prompt that opens empty.
@Suite struct SnoozeAndSearchPromptTests {
    /// Berlin's short name as Foundation gives it (`CET`, or `GMT+1` on Linux).
    let cet = LocalTime.zoneLabel(TimeZone(identifier: "Europe/Berlin")!, at: t0)

    func berlinState() -> InboxState {
        var s = fixtureState()
        s.agentTimeZone = TimeZone(identifier: "Europe/Berlin")!
        return s
    }

    func snooze(_ s: inout InboxState, _ id: String, _ text: String) {
        s.selectedID = id
        _ = apply(&s, .snooze)
        _ = InboxUpdate.update(&s, .insert(text))
        #expect(apply(&s, .confirm).count == 1)
    }

    @Test func theSnoozeTimeIsTheAgentsLocalTimeInTheStatusLineAndTheDetailPane() {
        var s = berlinState()
        snooze(&s, "K-1004", "2h")                    // due in 19 h: the snooze ends well before
        #expect(s.statusLine?.text == "K-1004: snoozed until Sat 21 Nov 13:00 \(cet) · u to undo" && s.statusLine?.isError == false)
        let pane = DetailContent(s.cases["K-1004"]!, at: s.now, width: 100, agentZone: s.agentTimeZone)
        #expect(pane.facts.contains { $0.text == "Snoozed until Sat 21 Nov 13:00 \(cet)" })
    }

    @Test func aSnoozePastTheReplyDeadlineIsSaidButApplies() {
        var s = berlinState()
        snooze(&s, "K-1002", "2h")                    // 23.5 h old: the reply is due in 30 min
        #expect(s.cases["K-1002"]?.status == .snoozed && s.cases["K-1002"]?.snoozedUntil == t0.addingTimeInterval(7200))
        #expect(s.statusLine?.text == "K-1002: snoozed until Sat 21 Nov 13:00 \(cet) — after its reply deadline (Sat 21 Nov 11:30 \(cet)) · u to undo")
        #expect(s.statusLine?.isError == true)
    }

    @Test func theSearchPromptOpensEmptyAndEscStillRestores() {
        var s = fixtureState()
        _ = apply(&s, .search)
        _ = InboxUpdate.update(&s, .insert("lampe"))
        _ = apply(&s, .confirm)
        let narrowed = s.visible.map(\.item.id)
        #expect(narrowed == ["K-1001"])
        _ = apply(&s, .search)
        guard case .prompt(let p) = s.overlay else { Issue.record("no prompt"); return }
        #expect(p.text.isEmpty && p.cursor == 0)
        #expect(s.visible.map(\.item.id) == narrowed, "the filter holds until a key changes it")
        _ = InboxUpdate.update(&s, .insert("x"))
        _ = apply(&s, .cancel)
        #expect(s.search == "lampe" && s.visible.map(\.item.id) == narrowed)
        // Enter on the empty prompt clears the search, as the hint says.
        _ = apply(&s, .search, .confirm)
        #expect(s.search.isEmpty && s.visible.count > 1)
    }
}
