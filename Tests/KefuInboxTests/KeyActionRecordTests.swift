import Foundation
import Testing
@testable import KefuModel
@testable import KefuMail
@testable import KefuPlaybook
@testable import KefuInbox

/// One record per key action: the footer and help are generated from the records, a disabled action
/// is refused with its record's reason, and the keymap loader checks bindings against their contexts.
@Suite struct KeyActionRecordTests {
    func footer(_ s: InboxState) -> String {
        String(InboxRender.render(s).text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().last!)
    }

    func readOnlyState(width: Int = 120) -> InboxState {
        var s = InboxState(storeName: "ro", readOnly: true, cases: fixtureCases(), now: t0, width: width, height: 40,
                           keymap: try! Keymap.load(), agentTimeZone: utc, playbook: try! Playbook.bundled())
        _ = apply(&s, .moveDown)   // clears the start-up status line, so the footer shows
        return s
    }

    @Test func everyActionHasOneConsistentRecord() {
        for a in KeyAction.allCases {
            let r = a.record
            #expect(r.id == a.rawValue && r.action == a)
            #expect(!r.summary.isEmpty && a.summary == r.summary)
            #expect(!r.contexts.isEmpty, "\(a.rawValue) works nowhere")
            #expect(Set(r.hints.keys).isSubset(of: r.contexts), "\(a.rawValue) is hinted where it does nothing")
        }
    }

    @Test func footerOffersOnlyWhatWorksNow() {
        var s = fixtureState(width: 120, height: 40)
        let writable = footer(s)
        #expect(writable.hasPrefix(" ? help  / search  <Tab> pane  x no reply  s snooze"), "\(writable)")
        #expect(writable.contains("<Space> offers") && writable.hasSuffix("q quit"))
        // Read-only: nothing that changes a case is offered.
        let ro = footer(readOnlyState())
        #expect(ro.contains("? help") && ro.contains("q quit"), "\(ro)")
        for gone in ["x no reply", "s snooze", "c category", "R resolve", "N note", "<Space> offers"] {
            #expect(!ro.contains(gone), "\(gone) offered on a read-only store: \(ro)")
        }
        // No case selected: the same.
        _ = apply(&s, .filterSnoozed)
        #expect(!footer(s).contains("x no reply") && footer(s).contains("/ search"))
    }

    @Test func aDisabledActionIsRefusedWithItsRecordsReason() {
        var s = readOnlyState()
        let before = s.selectedCase
        #expect(apply(&s, .noResponseNeeded).isEmpty)
        #expect(s.statusLine?.text == "Read-only: another kefu has this store open" && s.statusLine?.isError == true)
        #expect(s.selectedCase == before && s.overlay == .none)
        #expect(s.statusLine?.text == KeyAction.noResponseNeeded.record.disabledReason(s))
        // An offer the case does not have.
        s = fixtureState()
        let count = s.offers(for: s.selectedCase!).count
        #expect(apply(&s, .offer9).isEmpty && s.overlay == .none)
        #expect(s.statusLine?.text == "No offer 9 for damaged (it has \(count))")
        // No case at all.
        _ = apply(&s, .filterSnoozed, .openDetail)
        #expect(s.statusLine?.text == "No case selected" && s.focus == .queue)
    }

    /// Help lists every action; one that does nothing now says why, dimmed.
    @Test func helpSaysWhyAnActionIsOff() {
        var s = readOnlyState(width: 160)
        _ = apply(&s, .help)
        let screen = InboxRender.render(s)
        let rows = screen.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let x = rows.firstIndex { $0.contains("mark: no response needed") }
        #expect(x.map { rows[$0].contains("— off: Read-only: another kefu has this store open") } == true, "\(screen.text)")
        #expect(x.map { screen[$0, 4].style.role } == .dim)
        let search = rows.firstIndex { $0.contains(KeyAction.search.summary) }
        #expect(search.map { !rows[$0].contains("off:") && screen[$0, 4].style.role == .normal } == true)
        // `kefu keys` (no state) prints no notes.
        #expect(!Keymap.builtIn.helpLines(contexts: KeyContext.allCases).contains { $0.contains("off:") })
    }

    @Test func footerShowsTheLiveKeyAndWholeHints() throws {
        let keymap = try Keymap.load(overlays: [("[queue]\nx = none\nX = no-response-needed\n", "user.keymap")])
        var s = InboxState(storeName: "k", cases: fixtureCases(), now: t0, width: 120, height: 40, keymap: keymap, agentTimeZone: utc,
                           playbook: try Playbook.bundled())
        let full = footer(s)
        #expect(full.contains("X no reply") && !full.contains("x no reply"))
        for width in [40, 60, 80, 100] {
            _ = InboxUpdate.update(&s, .resize(width: width, height: 24))
            let f = footer(s)
            #expect(!f.contains("…") && DisplayText.width(f) <= width, "\(f)")
            #expect(full.hasPrefix(f) && full.dropFirst(f.count).hasPrefix("  "), "a hint cut in half: \(f)")
        }
    }

    @Test func menuAndComposerFootersFollowTheirState() {
        var s = fixtureState(width: 120, height: 40)
        _ = apply(&s, .setCategory)
        #expect(footer(s).contains("<Enter> choose") && !footer(s).contains("tick"), "ticking is for the offer checklist")
        _ = apply(&s, .cancel, .chooseOffers)
        #expect(footer(s).contains("<Space> tick") && footer(s).contains("1 tick 1"))
        s.replySettings.fromAddress = "shop@example.com"
        _ = apply(&s, .confirm)
        while case .prompt = s.overlay { _ = apply(&s, .confirm) }
        guard case .composer(let cs) = s.overlay else { Issue.record("no composer"); return }
        // The composed reply names no order id on Amazon: the lint blocks it, so "send" is not offered.
        #expect(!cs.errors.isEmpty)
        #expect(!footer(s).contains("send") && footer(s).contains("<Esc> cancel"))
        #expect(apply(&s, .confirm).isEmpty && s.statusLine?.text.hasPrefix("Not sent: \(cs.errors.count) error(s) — ") == true)
        _ = InboxUpdate.update(&s, .editedExternally("Order 302-0001001-1234567: we will send a new lamp."))
        _ = apply(&s, .cursorLeft)   // clears the status line
        #expect(footer(s).hasPrefix(" <C-d> send"), "\(footer(s))")
    }

    @Test func redrawWorksEverywhere() {
        var s = fixtureState()
        #expect(apply(&s, .help, .redraw) == [.redraw])
        #expect(apply(&s, .cancel, .setCategory, .redraw) == [.redraw])
    }

    /// A binding in a section where its action does nothing is an error naming the line.
    @Test func aBindingWhereTheActionDoesNothingIsAnError() {
        do {
            _ = try Keymap.load(overlays: [("[queue]\nj = move-down\nt = toggle\n", "user.keymap")])
            Issue.record("loaded")
        } catch {
            #expect("\(error)" == "user.keymap:3: 'toggle' does nothing in [queue]; it works in [menu]")
        }
        // [global] may bind anything: it reaches the contexts where the action works.
        #expect((try? Keymap.load(overlays: [("[global]\n<F5> = toggle\n", "user.keymap")])) != nil)
    }
}
