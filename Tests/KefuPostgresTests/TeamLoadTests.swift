import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
import KefuMail
@testable import KefuStore
import KefuPostgres
@testable import KefuPostgresStore

/// Issue 20's load test: 20 agents, each on its own thread and connection, take "next case" and answer
/// it until 2,000 cases are done, while each also tries to answer a case it was not given, and two
/// kefus compete to deliver. Bounded at 180 s (about 10 s on a quiet machine; a loaded one is many times slower).
@Suite struct TeamLoadTests {
    static let agentCount = 20, caseCount = 2000, limit: TimeInterval = 180

    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var claims: [String] = [], latencies: [TimeInterval] = [], verdicts: [String: Int] = [:]
        var strayVerdicts: [String: Int] = [:], delivered: [String] = [], errors: [String] = []
        func add(_ body: (Tally) -> Void) { lock.withLock { body(self) } }
    }

    @Test func twentyAgentsAnswerTwoThousandCasesWithoutADoubleClaimADoubleReplyOrALostCase() throws {
        guard let url = try PGTestServer.isolatedURL() else { return }
        let seeder = try PostgresCaseStore(url: url, directory: tempDir())
        let agents = (1...Self.agentCount).map { AgentRef(id: String(format: "agent-%02d", $0), name: "Agent \($0)") }
        for a in agents { try seeder.setAvailable(a, true) }
        let stores = try agents.map { _ in try PostgresCaseStore(url: url, directory: tempDir()) }
        try seeder.save((1...Self.caseCount).map { teamCase(1000 + $0) }, keepIfUnwritten: false)

        let tally = Tally()
        let deadline = Date().addingTimeInterval(Self.limit)
        let group = DispatchGroup()
        let start = Date()
        for (i, agent) in agents.enumerated() {
            nonisolated(unsafe) let store = stores[i]   // this thread's alone
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                var n = 0
                do {
                    while Date() < deadline {
                        let asked = Date()
                        guard let c = try store.nextCase(for: agent, leaseFor: 60) else { break }
                        let took = Date().timeIntervalSince(asked)
                        let (mail, answered) = teamReply(c, by: agent, at: t0.addingTimeInterval(86400))
                        let v = try store.queueReply(mail, recording: answered, as: agent)
                        tally.add { $0.claims.append(c.id); $0.latencies.append(took); $0.verdicts["\(v)", default: 0] += 1 }
                        // A stray send to a case this agent was not given: never a second answer.
                        n += 1
                        let other = teamCase(1000 + 1 + (n * 37 + i * 101) % Self.caseCount)
                        if other.id != c.id {
                            let (m2, a2) = teamReply(other, by: agent, at: t0.addingTimeInterval(90000))
                            let v2 = try store.queueReply(m2, recording: a2, as: agent)
                            tally.add { $0.strayVerdicts[v2 == .clear ? "clear" : v2 == .noLease ? "no lease" : "refused", default: 0] += 1 }
                        }
                    }
                } catch { tally.add { $0.errors.append("\(agent.id): \(error)") } }
            }
        }
        // Two kefus compete to deliver while the agents answer; each claim is recorded.
        let stopDelivering = ManagedFlag()
        let deliverers = (1...2).map { DelivererElection(url: url, claimer: "kefu-\($0)") }
        for d in deliverers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                do {
                    while Date() < deadline {
                        d.tryBecomeDeliverer()
                        if let claim = try d.claimNext() {
                            try d.markSent(claim.name)
                            tally.add { $0.delivered.append(claim.name) }
                        } else if stopDelivering.isSet {
                            break
                        } else {
                            Thread.sleep(forTimeInterval: 0.005)
                        }
                    }
                } catch { tally.add { $0.errors.append("\(d.claimer): \(error)") } }
            }
        }
        // Once every case is answered (or the time is up) the deliverers drain what is left and stop.
        while tally.lock.withLock({ tally.claims.count }) < Self.caseCount && Date() < deadline && tally.lock.withLock({ tally.errors.isEmpty }) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let answerTime = Date().timeIntervalSince(start)
        stopDelivering.set()
        group.wait()
        for d in deliverers { d.stop() }

        #expect(tally.errors == [])
        #expect(Date() < deadline, "the load test ran past \(Int(Self.limit)) s")
        let db = try PGConnection(url: url)
        // 0 double claims, every case claimed, every send cleared, every stray send refused.
        #expect(tally.claims.count == Self.caseCount)
        #expect(Set(tally.claims).count == tally.claims.count)
        #expect(tally.verdicts == ["clear": Self.caseCount])
        #expect(tally.strayVerdicts["clear"] == nil)
        // 0 double replies: one outbox row per case, each claimed and sent by one deliverer once.
        let outbox = try db.query("SELECT count(*), count(DISTINCT case_id), count(*) FILTER (WHERE status = 'sent'), count(DISTINCT claimed_by) FROM outbox")
        #expect(outbox.rows == [[String(Self.caseCount), String(Self.caseCount), String(Self.caseCount), "1"]])
        #expect(tally.delivered.count == Self.caseCount && Set(tally.delivered).count == Self.caseCount)
        // 0 lost cases: all still there, answered, owned by whoever answered, no lease left.
        let cases = try db.query("""
            SELECT count(*), count(*) FILTER (WHERE status = 'waiting-buyer'), count(*) FILTER (WHERE owner IS NOT NULL) FROM cases
            """)
        #expect(cases.rows == [[String(Self.caseCount), String(Self.caseCount), String(Self.caseCount)]])
        #expect(try db.query("SELECT count(*) FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.owner <> o.agent_id").int(0, 0) == 0)
        #expect(try db.query("SELECT count(*) FROM case_leases").int(0, 0) == 0)

        let sorted = tally.latencies.sorted()
        let p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
        let p50 = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        print(String(format: "◇ team load: %d agents, %d cases claimed and answered in %.1f s: %.0f claims/s, claim latency p50 %.1f ms, p99 %.1f ms; stray sends refused: %d",
                     Self.agentCount, tally.claims.count, answerTime, Double(tally.claims.count) / answerTime, p50 * 1000, p99 * 1000,
                     tally.strayVerdicts.values.reduce(0, +)))
    }
}

/// A flag one thread sets and others read.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
