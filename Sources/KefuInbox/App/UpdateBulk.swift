import Foundation
import KefuModel

/// Marks and bulk actions: `m` marks the selected case, `M` every case shown, `C` clears; no-reply,
/// resolve, category and snooze then act on every marked case, with one undo for all of them.
extension InboxUpdate {
    static func marks(_ s: inout InboxState, _ a: KeyAction) {
        switch a {
        case .toggleMark:
            guard let id = s.selectedID else { return }
            if s.marked.remove(id) == nil { s.marked.insert(id) }
            s.statusLine = ("\(id) \(s.marked.contains(id) ? "marked" : "unmarked") · \(markedCount(s))", false)
        case .markAll:
            s.marked.formUnion(s.visible.map(\.item.id))
            s.statusLine = ("\(markedCount(s)) — \(keyName(s, .noResponseNeeded, in: .queue)), \(keyName(s, .toggleResolved, in: .queue)), \(keyName(s, .setCategory, in: .queue)) and \(keyName(s, .snooze, in: .queue)) act on all of them", false)
        case .clearMarks:
            let n = s.marked.count
            s.marked = []
            s.statusLine = ("\(n) mark\(n == 1 ? "" : "s") cleared", false)
        default: break
        }
    }

    static func markedCount(_ s: InboxState) -> String {
        "\(s.marked.count) case\(s.marked.count == 1 ? "" : "s") marked"
    }

    /// The marked cases that are still open, oldest number first.
    static func markedCases(_ s: InboxState) -> [Case] {
        s.marked.compactMap { s.cases[$0] }.sorted { $0.number < $1.number }
    }

    /// `change` on every marked case when there are marks, else on the selected case (`hint` is about it alone).
    static func changeMarked(_ s: inout InboxState, hint: String = "", _ body: (inout Case, Date) -> String) -> [InboxEffect] {
        guard !s.marked.isEmpty else { return change(&s, hint: hint, body) }
        var whats: [String] = []
        return bulk(&s) { c, now in
            let what = body(&c, now)
            whats.append(what)
            return what
        } summary: { n in "\(n) cases: \(whats.first ?? "changed")" }
    }

    /// `R` on marked cases: all resolved, or all reopened when every one is resolved already.
    static func resolveMarked(_ s: inout InboxState) -> [InboxEffect] {
        let to: CaseStatus = markedCases(s).allSatisfy { $0.status == .resolved } ? .needsReply : .resolved
        s.lingering = nil
        return bulk(&s) { c, now in
            setStatus(&c, to, now)
            return to == .resolved ? "resolved" : "reopened"
        } summary: { n in "\(n) cases \(to == .resolved ? "resolved" : "reopened")" }
    }

    private static func bulk(_ s: inout InboxState, _ body: (inout Case, Date) -> String,
                             summary: (Int) -> String) -> [InboxEffect] {
        guard requireWritable(&s) else { return [] }
        let targets = markedCases(s)
        var changes: [UndoStep.Change] = [], effects: [InboxEffect] = []
        for before in targets {
            var c = before
            _ = body(&c, s.now)
            signEvents(&c, since: before.events.count, s)
            guard c != before else { continue }
            c.updatedAt = s.now
            commit(&s, c, "")
            changes.append(UndoStep.Change(before: before, after: c))
            effects.append(.save(c, previous: before))
        }
        let marks = s.marked
        s.marked = []
        let what = summary(changes.count)
        s.statusLine = (what, false)
        if !changes.isEmpty { remember(&s, what, changes, marks: marks) }
        return effects
    }
}
