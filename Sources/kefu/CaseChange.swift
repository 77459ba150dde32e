import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuConfig

extension StoreOptions {
    /// Opens the store asked for, directory or database, to change one case, open or closed (a closed
    /// case comes back into the open set with the change, as `openCase` does on a directory).
    func openAnyCase(_ id: String, now: Date) throws -> (store: CaseStoring, case: Case) {
        guard let pg = try openPostgres(now: now) else {
            let (store, c) = try openCase(id, now: now)
            return (store, c)
        }
        let key = Self.caseKey(id)
        guard let c = try pg.storedCase(id: key) else {
            pg.close(now: now)
            throw KefuError.data("no case \(key) in \(pg.displayURL)")
        }
        return (pg, c)
    }
}

extension KefuConfig {
    /// The agent changes from the command line are made by: `[agent] name` with `[team] agent-id`
    /// (nil without a name: the events then name nobody, as before).
    var agentID: String? { reply.agentName.map { team.agent(name: $0).id } }
}

extension CaseStoring {
    /// Writes one changed case now (no keeping it for later: a command reports and exits).
    func saveNow(_ c: Case) throws { try save([c], keepIfUnwritten: false) }
}
