import ArgumentParser
import Foundation
import KefuInbox
import KefuBase
import KefuMail
import KefuModel

struct OutboxCmd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List the replies not yet delivered; --retry hands them to the mail command now.",
        discussion: """
            Delivery runs [mail] command from config.toml (default "msmtp -t") with the e-mail on its standard \
            input, killed after [mail] timeout seconds (default 60). A delivered reply moves to the store's sent/ \
            and is recorded on its case; a failed one stays queued with the error and is retried after 1, 5, 15 \
            minutes, then hourly. Exit status 2 when a reply could not be delivered.
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Deliver every queued reply now, whatever its retry time.") var retry = false
    @Flag(help: "Print the outbox as JSON.") var json = false

    func run() throws {
        let clock = try Now.fromEnvironment()
        let config = try storeOptions.loadConfig()
        if let team = try storeOptions.openPostgres(now: clock()) {
            defer { team.close(now: clock()) }
            return try report(try TeamOutbox(team, config: config).run(retry: retry, clock: clock), clock: clock)
        }
        let dir = storeOptions.path
        // No store there (a typo in --store): saying "empty" would hide the mistake.
        guard DurableIO.exists(dir + "/meta.json") else {
            throw KefuError.data("\(dir): no kefu store here (run `kefu demo --store` or `kefu import` to create one)")
        }
        let delivery = MailDelivery(storeDirectory: dir, command: config.reply.sendCommand, timeout: config.reply.sendTimeout)
        var outcomes: [DeliveryOutcome] = []
        if retry {
            // The write lock: nobody else delivers or records at the same time.
            let store = try storeOptions.open(.writeOrReadOnly, now: clock())
            defer { store.close(now: clock()) }
            guard !store.readOnly else {
                throw KefuError.data("\(dir): the inbox has this store open; retry there (U), or quit it first")
            }
            outcomes = try delivery.deliverDue(force: true, clock: clock)
            try Self.record(outcomes, open: store.cases) { try store.save($0) }
        }
        try report((outcomes, try delivery.list(), nil), clock: clock)
    }

    /// Records the delivered replies on their cases.
    static func record(_ outcomes: [DeliveryOutcome], open: [String: Case], save: (Case) throws -> Void) throws {
        for case .delivered(let id?, let messageID, let at) in outcomes {
            guard var c = open[id] else { continue }   // closed since: the history keeps the reply
            c.recordDelivered(messageID: messageID, at: at)
            try save(c)
        }
    }

    /// Prints what was sent and what still waits; exit status 2 when a reply could not be delivered.
    func report(_ r: (outcomes: [DeliveryOutcome], queued: [QueuedReply], note: String?), clock: Now) throws {
        let (outcomes, queued) = (r.outcomes, r.queued)
        let now = clock()
        if json {
            Output.json(try jsonData(queued, now: now))
        } else {
            for o in outcomes {
                switch o {
                case .delivered(let id, let m, _): Output.line("sent      \(id ?? "-")  <\(m)>")
                case .failed(let id, _, let e, let next): Output.line("not sent  \(id ?? "-")  \(TerminalText.line(e)) (next try \(ISO8601.format(next)))")
                }
            }
            if let note = r.note { Output.line(note) }
            if queued.isEmpty { if outcomes.isEmpty { Output.line("The outbox is empty.") } } else { Output.line(table(queued, now: now)) }
        }
        let failed = outcomes.filter { if case .failed = $0 { return true }; return false }.count
        if failed > 0 { throw KefuError.data("\(failed) reply(ies) not delivered; they stay queued") }
    }

    func table(_ q: [QueuedReply], now: Date) -> String {
        var lines = ["QUEUED                CASE     TRIES  NEXT TRY              TO / ERROR"]
        for r in q {
            // A reply in the inbox's undo grace period goes once the period ends, not before.
            let next = r.state.inFlight ? "held (see error)" : r.state.editingSince != nil ? "held: being edited"
                : r.state.notBefore.flatMap { $0 > now ? ISO8601.format($0) : nil } ?? r.state.nextAttemptAt.map(ISO8601.format) ?? "now"
            lines.append(DisplayText.fit(ISO8601.format(r.queuedAt), to: 22) + DisplayText.fit(r.caseID ?? "-", to: 9)
                         + DisplayText.fit("\(r.state.attempts)", to: 7) + DisplayText.fit(next, to: 22) + DisplayText.sanitizeLine(r.to))
            // The mail command's own words, on one line.
            if let e = r.state.lastError { lines.append(String(repeating: " ", count: 60) + DisplayText.sanitizeLine(e)) }
            else if r.state.inFlight { lines.append(String(repeating: " ", count: 60) + "kefu stopped while handing this reply to the mail command; check the sent mail, then --retry") }
        }
        return lines.joined(separator: "\n")
    }

    func jsonData(_ q: [QueuedReply], now: Date) throws -> Data {
        let items: [[String: Any]] = q.map { r in
            [
                "file": r.path, "messageId": r.messageID, "caseId": r.caseID ?? NSNull(), "to": r.to, "subject": r.subject,
                "queuedAt": ISO8601.format(r.queuedAt), "attempts": r.state.attempts,
                "lastAttemptAt": r.state.lastAttemptAt.map(ISO8601.format) ?? NSNull(),
                "lastError": r.state.lastError ?? NSNull(), "nextAttemptAt": r.state.nextAttemptAt.map(ISO8601.format) ?? NSNull(),
                "held": r.state.inFlight, "late": r.isLate(at: now), "notBefore": r.state.notBefore.map(ISO8601.format) ?? NSNull(),
            ]
        }
        return try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }
}
