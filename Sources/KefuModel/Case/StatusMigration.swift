import Foundation

extension Case {
    /// Stores written before `no-response-needed` was a status kept such a case as `waiting-buyer`
    /// with a `no-response-needed` event: nothing after that event (no reply, no other status
    /// change than the one the same key made, no later outbound message) means the case is really
    /// "no response needed". Applied when a case is read; the next save writes the new form.
    public mutating func migrateLegacyNoResponse() {
        guard status == .waitingBuyer, let i = events.lastIndex(where: { $0.type == .noResponseNeeded }) else { return }
        let mark = events[i]
        for e in events[(i + 1)...] {
            switch e.type {
            case .statusChanged where e.at == mark.at && (e.text?.hasSuffix("→\(CaseStatus.waitingBuyer.rawValue)") ?? false): continue
            case .statusChanged, .replied, .delivered, .handled, .promised, .snoozed: return
            default: continue
            }
        }
        guard !messages.contains(where: { $0.direction == .outbound && $0.at > mark.at }) else { return }
        status = .noResponseNeeded
    }
}
