import Foundation
import KefuModel
import KefuImport

/// New mail: read and classified off the UI thread, filed here into the state (the one copy the
/// screen reads), then saved as an effect. The files are marked read only once their cases are written.
extension InboxUpdate {
    static func mailRead(_ s: inout InboxState, _ batch: MailBatch) -> [InboxEffect] {
        let source = PrefetchedIntakeSource(openCases: s.cases.byID, prefetched: batch.prefetched, nextNumber: s.nextCaseNumber)
        let intake = Intake(source: source, now: s.now, only: batch.items.compactMap(\.message))
        var report = MaildirReport()
        let seen: [String]
        do { seen = try MaildirIntake.add(batch.items, to: intake, report: &report) } catch {
            s.statusLine = ("New mail not filed: \(error)", true)
            return [.forgetMail(seen: batch.items.map(\.entry.key))]
        }
        let changed = intake.takeChanged()
        s.nextCaseNumber = source.nextNumber
        var previous: [String: Case] = [:]
        for c in changed { previous[c.id] = s.cases[c.id] }
        putCases(&s, changed.map { ($0.id, $0) })
        let n = intake.summary.newMessages
        if n > 0 {
            let ids = changed.prefix(4).map(\.id).joined(separator: ", ") + (changed.count > 4 ? ", …" : "")
            s.statusLine = ("New mail: \(n) message\(n == 1 ? "" : "s") in \(ids)", false)
        } else if let w = report.warnings.first {
            s.statusLine = ("New mail skipped: \(w)", true)
        }
        guard !changed.isEmpty || !seen.isEmpty else { return [] }
        return [.fileMail(changed, previous: previous, seen: seen)]
    }
}
