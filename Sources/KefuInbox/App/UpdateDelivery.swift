import Foundation
import KefuMail
import KefuModel

/// What the delivery thread reports: delivered replies are recorded on their cases; the outbox
/// listing drives the header's "not sent" count and keeps unsent cases in the needs-reply queue.
extension InboxUpdate {
    static func deliveryReport(_ s: inout InboxState, _ outcomes: [DeliveryOutcome], _ queued: [QueuedReply]) -> [InboxEffect] {
        s.outbox = queued
        var effects: [InboxEffect] = []
        var failed: [String] = []
        for o in outcomes {
            switch o {
            case .delivered(let id?, let messageID, let at):
                guard let previous = s.cases[id] else { continue }   // resolved and closed since: history keeps the reply
                var c = previous
                c.recordDelivered(messageID: messageID, at: at)
                s.cases[id] = c
                effects.append(.save(c, previous: previous))
            case .delivered: break
            case .failed(let id, _, let error, _): failed.append("\(id ?? "a reply"): \(error)")
            }
        }
        s.refresh()
        keepSelection(&s)
        if case .menu(let m) = s.overlay, case .outbox = m.purpose { openOutbox(&s) }   // keep the list current
        if let first = failed.first {
            s.statusLine = ("Not sent — \(first)\(failed.count > 1 ? " (+\(failed.count - 1) more)" : "") · U shows the outbox", true)
        } else if !effects.isEmpty {
            s.statusLine = ("\(effects.count) repl\(effects.count == 1 ? "y" : "ies") delivered", false)
        }
        return effects
    }

    /// The outbox as a menu: every queued reply with its attempts and error; Enter retries them all.
    static func openOutbox(_ s: inout InboxState) {
        guard !s.outbox.isEmpty else {
            s.overlay = .none
            s.statusLine = ("The outbox is empty: every reply has left", false)
            return
        }
        let items = s.outbox.map { q -> String in
            var line = "\(q.caseID ?? "-")  queued \(LocalTime.stamp(q.queuedAt, in: s.agentTimeZone))  tries \(q.state.attempts)"
            // A team outbox says itself why (being delivered by a colleague's kefu, or held after it stopped).
            if q.state.inFlight && q.state.lastError == nil { line += "  held: kefu stopped mid-delivery; check the sent mail before retrying" }
            if q.state.editingSince != nil { line += "  held while being edited" }
            if let e = q.state.lastError { line += "  " + e }
            if let n = q.state.nextAttemptAt, !q.state.inFlight { line += "  next \(LocalTime.stamp(n, in: s.agentTimeZone))" }
            return DisplayText.sanitizeLine(line)
        }
        var selected = 0
        if case .menu(let m) = s.overlay, case .outbox = m.purpose { selected = min(m.selected, items.count - 1) }
        s.overlay = .menu(Menu(title: "\(items.count) repl\(items.count == 1 ? "y" : "ies") not delivered — Enter retries all now",
                               items: items, selected: selected, purpose: .outbox))
    }
}
