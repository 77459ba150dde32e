import Foundation
import KefuModel
import KefuStore

/// Team mode's keys: `mine`, reassign, next case, available/away. Each is refused on a JSON store
/// by its record ("Team mode only").
extension InboxUpdate {
    static func teamKey(_ s: inout InboxState, _ a: KeyAction) -> [InboxEffect] {
        guard var t = s.team else { return [] }
        switch a {
        case .filterMine:
            t.mineOnly.toggle()
            s.team = t
            s.refresh()
            s.queueTop = 0
            keepSelection(&s)
            s.statusLine = (t.mineOnly ? "Mine: your cases and the ones nobody owns" : "Every owner's cases", false)
        case .reassign:
            guard let c = s.selectedCase, requireWritable(&s) else { return [] }
            var items = ["Take it (\(DisplayText.sanitizeLine(t.me.name)))", "Unassign (nobody)"]
            var to: [String?] = [t.me.id, nil]
            for a in t.agents where a.agent.id != t.me.id {
                items.append("\(DisplayText.sanitizeLine(a.agent.name)) (\(a.available ? "available" : "away"), \(a.openCases) open)")
                to.append(a.agent.id)
            }
            let owner = t.owners[c.id]
            s.overlay = .menu(Menu(title: "Owner of \(c.id)" + (owner.map { " (now \(DisplayText.sanitizeLine(t.name(of: $0))))" } ?? " (nobody now)"),
                                   items: items, selected: 0, purpose: .reassign(caseID: c.id, to: to)))
        case .nextCase:
            guard requireWritable(&s) else { return [] }
            let waiting = s.queueIndex.slots.values.map(\.entry).filter { $0.status == .needsReply }
            s.statusLine = ("Looking for the next case…", false)
            return [.nextCase(ranked: Queue.sorted(waiting).map(\.item.id))]
        case .toggleAvailable:
            guard requireWritable(&s) else { return [] }
            return [.setAvailable(!(t.available ?? false))]
        default: break
        }
        return []
    }

    static func reassignChosen(_ s: inout InboxState, _ caseID: String, _ to: String?) -> [InboxEffect] {
        guard let t = s.team else { return [] }
        if t.owners[caseID] == to {
            s.statusLine = ("\(caseID): owner unchanged", false)
            return []
        }
        s.statusLine = ("\(caseID): assigning…", false)
        return [.reassign(caseID: caseID, to: to)]
    }

    static func reassigned(_ s: inout InboxState, _ caseID: String, _ to: String?) -> [InboxEffect] {
        guard var t = s.team else { return [] }
        t.owners[caseID] = to
        t.ownersVersion += 1
        s.team = t
        s.refresh()
        keepSelection(&s)
        s.statusLine = ("\(caseID): " + (to.map { "assigned to \(DisplayText.sanitizeLine(t.name(of: $0)))" } ?? "no owner now"), false)
        return []
    }

    static func availabilitySet(_ s: inout InboxState, _ available: Bool) -> [InboxEffect] {
        s.team?.available = available
        s.statusLine = (available ? "Available: new cases may be assigned to you" : "Away: no new cases are assigned to you; yours stay yours", false)
        return []
    }

    /// The case "next case" claimed: it is ours, leased, and selected (the filter opens up if needed).
    static func nextCaseServed(_ s: inout InboxState, _ served: Case?) -> [InboxEffect] {
        guard var t = s.team else { return [] }
        guard let c = served else {
            s.statusLine = ("No case left: every case needing a reply is a colleague's or being answered", false)
            return []
        }
        t.owners[c.id] = t.me.id
        t.ownersVersion += 1
        var release: [InboxEffect] = []
        if let old = t.lease, old.caseID != c.id, composingCase(s) == nil { release = [.releaseLease(caseID: old.caseID)] }
        if composingCase(s) == nil {
            t.lease = ReplyLease(caseID: c.id, seen: c, phase: .held(until: s.now.addingTimeInterval(TeamState.leaseLength)),
                                 renewAt: s.now.addingTimeInterval(TeamState.renewEvery), reading: true)
        }
        s.team = t
        putCases(&s, [(c.id, c)])
        if !s.visible.contains(where: { $0.item.id == c.id }) {
            s.search = ""
            setFilter(&s, .needsReply)
        }
        s.selectedID = c.id
        s.threadScroll = 0
        keepSelection(&s)
        s.focus = .detail
        s.statusLine = ("\(c.id) is yours; colleagues see you replying", false)
        return release
    }
}
