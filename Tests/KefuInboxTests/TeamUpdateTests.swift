import Foundation
import Testing
@testable import KefuInbox
@testable import KefuModel
@testable import KefuMail
@testable import KefuStore
@testable import KefuPlaybook

/// Team mode in the inbox (issue 20): the reply lease follows the composer, the store clears a send,
/// who is replying shows, `mine`, next case, reassign; and none of it on a JSON store.
@Suite struct TeamUpdateTests {
    static let me = AgentRef(id: "alex", name: "Alex Kim")
    static let lin = AgentRef(id: "lin", name: "Lin Wei")

    static func teamState(team: AgentRef? = me) -> InboxState {
        var s = InboxState(storeName: "golden", cases: fixtureCases(), now: t0, width: 120, height: 40, keymap: try! Keymap.load(),
                           agentTimeZone: utc, playbook: try! Playbook.bundled(), team: team)
        s.replySettings.storeName = "Lumen Home"
        s.replySettings.agentName = "Alex Kim"
        s.replySettings.fromAddress = "support@lumen.example"
        return s
    }

    static func offerKey(_ s: InboxState) -> KeyAction {
        let i = s.offers(for: s.selectedCase!).firstIndex { !$0.refunds }!
        return KeyAction(rawValue: "offer-\(i + 1)")!
    }

    /// The composer as the one-agent inbox opens it: team mode adds the lease, nothing else.
    static func opened(_ s: InboxState) -> InboxState {
        var plain = s
        plain.team = nil
        _ = InboxUpdate.update(&plain, .command(offerKey(s)))
        return plain
    }

    static func granted(_ id: String, until: Date) -> InboxAction {
        .leaseAnswered(caseID: id, .granted(CaseLease(caseID: id, agent: me, expiresAt: until, activity: 1)))
    }

    /// Opens the composer on the selected case and has the store grant the lease.
    static func composing() -> (UpdateTestStore, Case) {
        let s = teamState(), c = s.selectedCase!, plain = opened(s)
        var store = UpdateTestStore(s)
        store.press(offerKey(s), effects: [.takeLease(c)]) {
            $0.overlay = plain.overlay; $0.focus = plain.focus
            $0.team!.lease = ReplyLease(caseID: c.id, seen: c, phase: .asking, renewAt: t0 + TeamState.renewEvery)
        }
        store.send(granted(c.id, until: t0 + 90)) { $0.team!.lease!.phase = .held(until: t0 + 90) }
        return (store, c)
    }

    @Test func theLeaseIsTakenWithTheComposerRenewedOnTicksAndReleasedOnCancel() {
        var (store, c) = Self.composing()
        // The first tick also reads who is replying (then every few seconds).
        store.send(.tick(t0 + 10), effects: [.loadTeam]) {
            $0.now = t0 + 10; $0.team!.loading = true; $0.team!.nextLoad = t0 + 10 + TeamState.refreshEvery
        }
        store.send(.tick(t0 + 20), effects: [.renewLease(caseID: c.id)]) {
            $0.now = t0 + 20; $0.team!.lease!.renewAt = t0 + 40; $0.team!.loadAgain = true
        }
        store.send(.tick(t0 + 30), effects: []) { $0.now = t0 + 30; $0.team!.loadAgain = true }
        store.send(.leaseAnswered(caseID: c.id, .granted(CaseLease(caseID: c.id, agent: Self.me, expiresAt: t0 + 110, activity: 1)))) {
            $0.team!.lease!.phase = .held(until: t0 + 110)
        }
        store.press(.cancel, effects: [.releaseLease(caseID: c.id)]) {
            $0.overlay = .none; $0.team!.lease = nil
            $0.statusLine = ("\(c.id): reply discarded", false)
        }
    }

    @Test func aColleaguesLeaseKeepsAnUntouchedComposerClosedAndSaysWhoAndUntilWhen() {
        let s = Self.teamState(), c = s.selectedCase!, plain = Self.opened(s)
        var store = UpdateTestStore(s)
        store.press(Self.offerKey(s), effects: [.takeLease(c)]) {
            $0.overlay = plain.overlay; $0.focus = plain.focus
            $0.team!.lease = ReplyLease(caseID: c.id, seen: c, phase: .asking, renewAt: t0 + TeamState.renewEvery)
        }
        store.send(.leaseAnswered(caseID: c.id, .heldBy(Self.lin, until: t0 + 75))) {
            $0.overlay = .none; $0.team!.lease = nil; $0.team!.replying[c.id] = Self.lin
            $0.statusLine = ("\(c.id): Lin Wei is replying (until 10:01) — leave it to them, or try again then", true)
        }
        // Known to be Lin's now: the offer keys refuse at once, without asking the store.
        store.press(Self.offerKey(s)) { $0.statusLine = ("\(c.id): Lin Wei is replying — leave it to them", true) }
    }

    @Test func aHeldSendKeepsTheTextShowsTheNewsAndSendingAgainIsANewDecision() throws {
        var (store, c) = Self.composing()
        store.send(.insert("X"), effects: []) { s in
            guard case .composer(var cs) = s.overlay else { return }
            _ = InboxUpdate.edit(&s, &cs, typing: true) { $0.insert("X") }
        }
        guard case .composer(let typed) = store.state.overlay else { Issue.record("no composer"); return }
        store.press(.confirm, effects: [.checkClearance(caseID: c.id)]) {
            $0.team!.clearing = c.id
            $0.statusLine = ("\(c.id): checking that nobody else answered…", false)
        }
        let news = CaseNews(messages: 1, replies: 0, notes: 1, by: ["lin"])
        store.send(.clearanceAnswered(caseID: c.id, .held(news: news)), effects: [.reloadCases([c.id])]) {
            $0.team!.clearing = nil; $0.team!.lease!.relook = true
            $0.statusLine = ("Not sent: 1 new buyer message, 1 note by lin since you started — read it, then send again (your text is kept)", true)
        }
        #expect(store.state.overlay == .composer(typed), "the composer stays, with the text typed")
        // The case as it is now comes in; the lease is taken anew with it: the agent has seen the news.
        var now = c
        now.messages.append(Message(sourceId: "K-1001-9", direction: .inbound, at: t0 + 5, kind: .buyerMessage, body: "Any news?"))
        now.events.append(CaseEvent(.note, at: t0 + 6, from: "Lin Wei", text: "called the carrier", by: "lin"))
        store.send(.casesReloaded(changed: [now], gone: [], failure: nil), effects: [.takeLease(now)]) {
            $0.cases[c.id] = now
            $0.team!.lease!.relook = false; $0.team!.lease!.seen = now; $0.team!.lease!.phase = .asking
            $0.statusLine = ("News on \(c.id) — note by lin: “called the carrier” · buyer: “Any news?” — send again to send your reply as it is", true)
        }
        store.send(Self.granted(c.id, until: t0 + 95)) { $0.team!.lease!.phase = .held(until: t0 + 95) }
        store.press(.confirm, effects: [.checkClearance(caseID: c.id)]) {
            $0.team!.clearing = c.id
            $0.statusLine = ("\(c.id): checking that nobody else answered…", false)
        }
        var s = store.state
        let effects = InboxUpdate.update(&s, .clearanceAnswered(caseID: c.id, .clear))
        guard case .queueReply(let mail, let sent, _, _)? = effects.first else { Issue.record("not queued: \(effects)"); return }
        #expect(effects.last == .releaseLease(caseID: c.id), "sent: the lease goes")
        #expect(mail.body == typed.editor.text)
        #expect(sent.events.last { $0.type == .replied }?.by == "alex", "the reply carries its author")
        #expect(s.overlay == .none && s.team?.lease == nil && s.team?.cleared == nil)
    }

    @Test func aRefusedSendKeepsTheTextAndCancelLetsNothingGo() {
        var (store, c) = Self.composing()
        store.press(.confirm, effects: [.checkClearance(caseID: c.id)]) {
            $0.team!.clearing = c.id
            $0.statusLine = ("\(c.id): checking that nobody else answered…", false)
        }
        let composer = store.state.overlay
        store.send(.clearanceAnswered(caseID: c.id, .refused(heldBy: Self.lin))) {
            $0.team!.clearing = nil; $0.team!.replying[c.id] = Self.lin; $0.team!.lease!.phase = .refused(by: Self.lin)
            $0.statusLine = ("Not sent: Lin Wei is replying to \(c.id) — your text is kept; send again once they are done", true)
        }
        #expect(store.state.overlay == composer)
        #expect(InboxRender.render(store.state).text.contains("✎ Lin Wei is replying: cannot send"), "the composer's title says so")
        // The lease was never ours: closing the composer releases nothing.
        store.press(.cancel) { $0.overlay = .none; $0.team!.lease = nil; $0.statusLine = ("\(c.id): reply discarded", false) }
    }

    @Test func noLeaseAndGoneSayWhyAndKeepTheText() {
        var (store, c) = Self.composing()
        store.press(.confirm, effects: [.checkClearance(caseID: c.id)]) {
            $0.team!.clearing = c.id
            $0.statusLine = ("\(c.id): checking that nobody else answered…", false)
        }
        store.send(.clearanceAnswered(caseID: c.id, .noLease), effects: [.takeLease(c)]) {
            $0.team!.clearing = nil; $0.team!.lease!.phase = .asking
            $0.statusLine = ("Not sent: you held no reply lease on \(c.id) (it ran out); taking it again — send again", true)
        }
        store.send(Self.granted(c.id, until: t0 + 90)) { $0.team!.lease!.phase = .held(until: t0 + 90) }
        store.press(.confirm, effects: [.checkClearance(caseID: c.id)]) {
            $0.team!.clearing = c.id
            $0.statusLine = ("\(c.id): checking that nobody else answered…", false)
        }
        store.send(.clearanceAnswered(caseID: c.id, .gone)) {
            $0.team!.clearing = nil
            $0.statusLine = ("Not sent: \(c.id) is no longer open (resolved or retired meanwhile); your text is kept", true)
        }
        if case .composer = store.state.overlay {} else { Issue.record("the composer closed") }
    }

    @Test func mineShowsMyCasesAndUnownedOnes() {
        var store = UpdateTestStore(Self.teamState())
        let agents = [TeamAgent(agent: Self.me, available: true, openCases: 1), TeamAgent(agent: Self.lin, available: false, openCases: 1)]
        let snap = TeamSnapshot(replying: [:], owners: ["K-1001": "lin", "K-1002": "alex"], agents: agents)
        store.send(.teamLoaded(snap)) {
            $0.team!.owners = snap.owners; $0.team!.ownersVersion = 1; $0.team!.agents = agents; $0.team!.available = true
        }
        #expect(store.state.visible.map(\.item.id).contains("K-1001"))
        store.press(.filterMine) {
            $0.team!.mineOnly = true
            $0.selectedID = "K-1002"
            $0.statusLine = ("Mine: your cases and the ones nobody owns", false)
        }
        let shown = store.state.visible.map(\.item.id)
        #expect(!shown.contains("K-1001") && shown.contains("K-1002") && shown.contains("K-1003"), "\(shown)")
        // Lin gives K-1001 to me: it shows under mine at once.
        store.send(.reassigned(caseID: "K-1001", to: "alex")) {
            $0.team!.owners["K-1001"] = "alex"; $0.team!.ownersVersion = 2
            $0.statusLine = ("K-1001: assigned to Alex Kim", false)
        }
        #expect(store.state.visible.map(\.item.id).contains("K-1001"))
        store.press(.filterMine) { $0.team!.mineOnly = false; $0.statusLine = ("Every owner's cases", false) }
    }

    @Test func nextCaseAsksTheStoreInQueueOrderThenSelectsAndHoldsTheCase() {
        var store = UpdateTestStore(Self.teamState())
        let ranked = store.state.visible.filter { $0.status == .needsReply }.map(\.item.id)
        store.press(.nextCase, effects: [.nextCase(ranked: ranked)]) { $0.statusLine = ("Looking for the next case…", false) }
        let served = store.state.cases["K-1003"]!
        store.send(.nextCaseServed(served)) {
            $0.team!.owners["K-1003"] = "alex"; $0.team!.ownersVersion = 1
            $0.team!.lease = ReplyLease(caseID: "K-1003", seen: served, phase: .held(until: t0 + TeamState.leaseLength),
                                        renewAt: t0 + TeamState.renewEvery, reading: true)
            $0.selectedID = "K-1003"; $0.focus = .detail
            $0.statusLine = ("K-1003 is yours; colleagues see you replying", false)
        }
        // Moving on to another case lets the lease go.
        store.press(.back) { $0.focus = .queue; $0.statusLine = nil }
        store.press(.moveDown, effects: [.releaseLease(caseID: "K-1003")]) {
            $0.selectedID = $0.visible[($0.visible.firstIndex { $0.item.id == "K-1003" } ?? 0) + 1].item.id
            $0.team!.lease = nil
        }
        store.send(.nextCaseServed(nil)) {
            $0.statusLine = ("No case left: every case needing a reply is a colleague's or being answered", false)
        }
    }

    @Test func reassignOffersTheTeamAndAsksTheStore() {
        var store = UpdateTestStore(Self.teamState())
        let agents = [TeamAgent(agent: Self.me, available: true, openCases: 0), TeamAgent(agent: Self.lin, available: false, openCases: 3)]
        store.send(.teamLoaded(TeamSnapshot(replying: [:], owners: [:], agents: agents))) { $0.team!.agents = agents; $0.team!.available = true }
        store.press(.reassign) {
            $0.overlay = .menu(Menu(title: "Owner of K-1001 (nobody now)", items: ["Take it (Alex Kim)", "Unassign (nobody)", "Lin Wei (away, 3 open)"],
                                    selected: 0, purpose: .reassign(caseID: "K-1001", to: ["alex", nil, "lin"])))
        }
        store.press(.last) { if case .menu(var m) = $0.overlay { m.selected = 2; $0.overlay = .menu(m) } }
        store.press(.confirm, effects: [.reassign(caseID: "K-1001", to: "lin")]) {
            $0.overlay = .none; $0.statusLine = ("K-1001: assigning…", false)
        }
        store.press(.toggleAvailable, effects: [.setAvailable(false)]) { $0.statusLine = nil }
        store.send(.availabilitySet(false)) {
            $0.team!.available = false
            $0.statusLine = ("Away: no new cases are assigned to you; yours stay yours", false)
        }
    }

    @Test func eventsTheAgentMakesCarryTheirID() {
        var s = Self.teamState()
        let effects = apply(&s, .toggleResolved)
        guard case .save(let c, _)? = effects.first else { Issue.record("not saved: \(effects)"); return }
        #expect(c.events.last?.type == .statusChanged && c.events.last?.by == "alex")
        #expect(s.cases[c.id]?.events.last?.by == "alex", "the screen's copy is the stored one")
        _ = apply(&s, .addNote)
        _ = InboxUpdate.update(&s, .insert("buyer called"))
        guard case .save(let noted, _)? = apply(&s, .confirm).first else { Issue.record("note not saved"); return }
        #expect(noted.events.last?.type == .note && noted.events.last?.by == "alex" && noted.events.last?.from == "Alex Kim")
        guard case .save(let undone, _)? = apply(&s, .undo).first else { Issue.record("undo not saved"); return }
        #expect(undone.events.last?.type == .undone && undone.events.last?.by == "alex")
        var single = Self.teamState(team: nil)
        guard case .save(let plain, _)? = apply(&single, .toggleResolved).first else { return }
        #expect(plain.events.last?.by == nil, "one agent: nobody to tell apart")
    }

    @Test func onAJSONStoreTheTeamKeysSaySoAndNothingIsAsked() {
        var store = UpdateTestStore(Self.teamState(team: nil))
        for key in [KeyAction.filterMine, .reassign, .nextCase, .toggleAvailable] {
            store.press(key) { $0.statusLine = ("Team mode only (store is a JSON directory)", true) }
        }
        let s = store.state
        var opened = s
        #expect(apply(&opened, Self.offerKey(s)).isEmpty, "no lease asked for")
        store.send(.tick(t0 + 10)) { $0.now = t0 + 10 }
        #expect(!InboxRender.render(s).text.contains("replying"))
    }

    @Test func theQueueAndTheDetailPaneSayWhoIsReplying() {
        var s = Self.teamState()
        _ = InboxUpdate.update(&s, .teamLoaded(TeamSnapshot(replying: ["K-1001": Self.lin, "K-1002": Self.me],
                                                           owners: ["K-1003": "lin"], agents: [TeamAgent(agent: Self.me, available: true, openCases: 0),
                                                                                           TeamAgent(agent: Self.lin, available: true, openCases: 1)])))
        let text = InboxRender.render(s).text
        #expect(text.contains("✎ Lin Wei replying · "), "the queue row")
        #expect(text.contains("✎ Lin Wei is replying — leave it to them"), "the detail pane of the selected K-1001")
        #expect(text.components(separatedBy: "replying").count == 3, "my own lease is not marked: \(text)")
        #expect(text.contains("@Lin "), "the owner's short name")
        #expect(text.contains("Alex Kim ● available (V)"), "the header, with the key that toggles it")
    }
}
