import Foundation
import KefuInbox
import KefuModel
import KefuStore

/// Team mode's effects (issue 20): leases, clearance, who is replying, owners, next case. Each runs on
/// `storeWrites` (the shared store has one connection, one caller at a time), never on the UI thread,
/// and comes back as an action. Only issued when the state has a team (a store implementing
/// `CaseLeasing`; `CaseTeam` for agents, owners and next case).
extension InboxRuntime {
    /// Registers this agent with the team store at start, so colleagues' menus and names know them.
    func registerAgent() {
        guard let team = services.store as? CaseTeam, let me = state.team?.me, !services.store.readOnly else { return }
        let queue = self.queue, call = StoreCall { try team.registerAgent(me); return nil }
        storeWrites.async(group: jobs) {
            do { _ = try call.body() } catch { queue.post(.teamFailed(caseID: nil, message: "registering \(me.id): \(error)")) }
        }
    }

    /// Runs a team effect; false when `effect` is not one.
    func runTeam(_ effect: InboxEffect) -> Bool {
        guard let leases = services.store as? CaseLeasing, let me = state.team?.me else {
            switch effect {
            case .loadTeam, .takeLease, .renewLease, .releaseLease, .checkClearance, .setAvailable, .reassign, .nextCase: return true
            default: return false
            }
        }
        let team = leases as? CaseTeam, queue = self.queue
        func off(_ caseID: String?, _ body: @escaping () throws -> InboxAction?) {
            let call = StoreCall(body: body)
            storeWrites.async(group: jobs) {
                do { if let a = try call.body() { queue.post(a) } } catch { queue.post(.teamFailed(caseID: caseID, message: "\(error)")) }
            }
        }
        let length = TeamState.leaseLength
        switch effect {
        case .loadTeam:
            off(nil) {
                .teamLoaded(TeamSnapshot(replying: try leases.replying(), owners: try team?.owners() ?? [:], agents: try team?.agents() ?? []))
            }
        case .takeLease(let seen):
            off(seen.id) { .leaseAnswered(caseID: seen.id, try leases.takeLease(seen, agent: me, for: length)) }
        case .renewLease(let id):
            off(id) { .leaseAnswered(caseID: id, try leases.renewLease(caseID: id, agent: me, for: length)) }
        case .releaseLease(let id):
            off(nil) { try leases.releaseLease(caseID: id, agent: me); return nil }
        case .checkClearance(let id):
            off(id) { .clearanceAnswered(caseID: id, try leases.clearance(caseID: id, agent: me)) }
        case .setAvailable(let available):
            off(nil) { try team?.setAvailable(me, available); return team == nil ? nil : .availabilitySet(available) }
        case .reassign(let id, let to):
            off(nil) { try team?.reassign(id, to: to); return team == nil ? nil : .reassigned(caseID: id, to: to) }
        case .nextCase(let ranked):
            off(nil) { team == nil ? nil : .nextCaseServed(try team?.nextCase(for: me, ranked: ranked, leaseFor: length)) }
        default: return false
        }
        return true
    }
}

/// A call on the store handed to `storeWrites`, the only queue that touches the store (as `MailFiling`).
struct StoreCall: @unchecked Sendable {
    let body: () throws -> InboxAction?
}
