import Foundation
import Testing
@testable import KefuInbox

/// `W` asks the runtime to write the weekly summary; the update only says where it went.
@Suite struct ExportUpdateTests {
    @Test func exportWeeklyAsksForTheEffectAndReportsThePath() throws {
        var s = fixtureState()
        let keys = s.keymap.keys(for: .exportWeekly, in: .queue)
        #expect(keys == [[.char("W")]])
        #expect(apply(&s, .exportWeekly) == [.exportWeekly])
        #expect(InboxUpdate.update(&s, .exported(path: "/s/exports/kefu-weekly-2026-W46.md")).isEmpty)
        #expect(s.statusLine?.text == "Weekly summary written to /s/exports/kefu-weekly-2026-W46.md" && s.statusLine?.isError == false)
        _ = InboxUpdate.update(&s, .exportFailed("disk full"))
        #expect(s.statusLine?.text == "Weekly summary not written: disk full" && s.statusLine?.isError == true)
    }
}
