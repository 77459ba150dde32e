import Foundation
import Testing
@testable import KefuModel
@testable import KefuInbox

/// A colleague's change on a shared store: ids in, an effect reads them, the state takes the result.
@Suite struct SharedStoreUpdateTests {
    func ids(_ s: InboxState) -> [String] { visibleIDs(s) }

    @Test func aColleaguesChangeIsReadAgainAndReplacesTheStatesCopy() {
        var s = fixtureState()
        let id = ids(s)[1]
        #expect(InboxUpdate.update(&s, .casesChangedElsewhere([id, "K-2000"])) == [.reloadCases([id, "K-2000"])])
        #expect(InboxUpdate.update(&s, .casesChangedElsewhere([])) == [.reloadCases([])])
        var theirs = s.cases[id]!
        theirs.setStatus(.waitingBuyer, at: t0)
        let fresh = makeCase(2000, buyer: "New Buyer", body: "hi", hoursAgo: 1)
        let gone = ids(s)[0]
        #expect(InboxUpdate.update(&s, .casesReloaded(changed: [theirs, fresh], gone: [gone], failure: nil)).isEmpty)
        #expect(s.cases[id]?.status == .waitingBuyer)
        #expect(s.cases["K-2000"] == fresh && s.cases[gone] == nil && !ids(s).contains(gone))
        #expect(s.nextCaseNumber == 2001)
    }

    @Test func aFailedReadSaysSoAndChangesNothing() {
        var s = fixtureState()
        let before = s.cases.byID
        #expect(InboxUpdate.update(&s, .casesReloaded(changed: [], gone: [], failure: "server closed the connection")).isEmpty)
        #expect(s.cases.byID == before)
        #expect(s.statusLine?.text == "A colleague's change could not be read: server closed the connection" && s.statusLine?.isError == true)
    }
}
