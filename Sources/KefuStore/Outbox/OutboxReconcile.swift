import Foundation
import KefuBase
import KefuModel
import KefuMail

extension CaseStore {
    /// Makes the outbox and the cases agree after a crash. `Outbox.queueReply` writes the mail first
    /// and then saves the case; kefu stopping in between leaves a queued reply its case never heard
    /// of. The writer runs this on opening, before anything can deliver: such a reply is recorded on
    /// its case now (outbound message, `replied`, waiting for the buyer, and a note saying why the
    /// offers are missing), or — when its case cannot be found — held, so only an explicit retry
    /// sends it. Returns what it did, for the warnings.
    func reconcileOutbox(now: Date) throws -> [String] {
        let outbox = Outbox(storeDirectory: directory)
        var notes: [String] = []
        var changed: [String: Case] = [:]
        for path in try outbox.queued() {
            guard let bytes = try? DurableIO.read(path) else { continue }
            let mail = MIMEParser.parse(bytes)
            guard let messageID = mail.messageID else { continue }
            let caseID = mail.header("X-Kefu-Case")?.trimmingCharacters(in: .whitespaces)
            guard let caseID, var c = changed[caseID] ?? cases[caseID] ?? (try? historyCase(id: caseID)) ?? nil else {
                try hold(path, because: "its case \(caseID ?? "(none named)") is not in the store; check it, then retry (U) or delete the file")
                notes.append("\(path): a queued reply whose case is not in the store was held")
                continue
            }
            if c.messages.contains(where: { $0.direction == .outbound && $0.sourceId == messageID }) { continue }
            let at = mail.date.flatMap { StoreLimits.isStorable($0) ? $0 : nil } ?? now
            c.insertMessage(Message(sourceId: messageID, direction: .outbound, at: at, subject: mail.subject, body: mail.text))
            c.events.append(CaseEvent(.replied, at: at, messageId: messageID))
            c.events.append(CaseEvent(.note, at: now, from: "kefu", text: "Reply recorded from the outbox after kefu stopped before recording it (the offers chosen were not recorded)"))
            if c.status != .resolved { c.setStatus(.waitingBuyer, at: now) }
            c.updatedAt = max(c.updatedAt, at)
            changed[c.id] = c
            notes.append("\(path): recorded on \(c.id) (kefu had stopped between queueing the reply and recording it)")
        }
        if !changed.isEmpty { try save(changed.values.sorted { $0.number < $1.number }) }
        return notes
    }

    /// Marks a queued reply held: `claim` passes over it until an explicit retry.
    private func hold(_ path: String, because why: String) throws {
        let delivery = MailDelivery(storeDirectory: directory, command: "", timeout: 0)
        var state = try delivery.load(path).state
        guard !state.inFlight else { return }
        state.inFlight = true
        state.lastError = "held: \(why)"
        try delivery.save(state, for: path)
    }
}
