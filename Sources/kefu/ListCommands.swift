import ArgumentParser
import Foundation
import KefuInbox
import KefuMail
import KefuBase
import KefuModel
import KefuStore
import KefuConfig
import KefuPlaybook
import KefuPostgresStore

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the queue, ordered by the earliest deadline.")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print a JSON array instead of text.") var json = false
    @Flag(help: "Include resolved cases, closed history too.") var all = false
    @Option(help: "Only cases with this status: needs-reply, waiting-buyer, no-response-needed, snoozed, resolved.") var status: String?
    @Flag(help: "Only overdue cases.") var overdue = false

    func run() throws {
        let now = try Now.fromEnvironment()()
        var statusFilter: CaseStatus?
        if let s = status {
            guard let st = CaseStatus(rawValue: s) else {
                throw KefuError.usage("--status: unknown status \"\(s)\" (one of: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            statusFilter = st
        }
        let config = try storeOptions.loadConfig()
        var cases: [Case]
        let directory: String
        if let pg = try storeOptions.openPostgres(now: now) {
            cases = pg.openCases
            if all || statusFilter == .resolved { cases += try pg.closedCases() }
            directory = pg.directory   // this machine's outbox
        } else {
            let store = try storeOptions.open(.readOnly, now: now)
            cases = Array(store.cases.values)
            if all || statusFilter == .resolved { try store.forEachHistoryCase { cases.append($0) } }
            directory = store.directory
        }
        // As in the inbox: a reply still in the outbox answers nothing, and one that should have left
        // makes its case need a reply (ordered by its deadline).
        let outbox = (try? MailDelivery(storeDirectory: directory, command: "", timeout: 0).list()) ?? []
        let queued = DeliveryMarks.queuedByCase(outbox), late = Set(outbox.filter { $0.isLate(at: now) }.compactMap(\.caseID))
        var entries = Queue.sorted(cases.map {
            QueueEntry($0, at: now, policy: config.sla, undelivered: queued[$0.id] ?? [], notSent: late.contains($0.id))
        })
        if let st = statusFilter { entries = entries.filter { $0.status == st } }
        else if !all { entries = entries.filter { $0.status != .resolved } }
        if overdue { entries = entries.filter { $0.isOverdue(at: now) } }
        if json {
            let rows = entries.map { QueueRow($0, at: now) }
            Output.json(try KefuJSON.encoder(pretty: true).encode(rows))
        } else {
            Output.line(QueueText.table(entries, at: now, width: terminalColumns(), warnWithin: config.sla.warnWithin))
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one case: buyer, order, clocks, thread and history.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The case id, e.g. K-1042.") var id: String
    @Flag(help: "Print the stored JSON.") var json = false
    @Flag(help: "Print each buyer message's machine translation (from [translate] command, or cached) under it.") var translate = false

    func run() throws {
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        let key = StoreOptions.caseKey(id)
        let found: Case?, place: String
        if let pg = try storeOptions.openPostgres(now: now) {
            found = try pg.cases[key] ?? pg.closedCase(id: key); place = pg.displayURL
        } else {
            let store = try storeOptions.open(.readOnly, now: now)
            found = try store.cases[key] ?? store.historyCase(id: key); place = store.directory
        }
        guard let c = found else { throw KefuError.data("no case \(key) in \(place)") }
        if json {
            Output.json(try KefuJSON.encoder(pretty: true).encode(c))
        } else {
            var c = c, failures: [String: String] = [:]
            let language = config.reply.translationLanguage
            if translate { failures = Self.translate(&c, into: language, config: config, now: now) }
            Output.line(CaseText.render(c, at: now, config: config, translations: translate ? language : nil, failures: failures).joined(separator: "\n"))
        }
    }

    /// Fills in the translations the store has not cached (shown, not stored: `show` never writes).
    static func translate(_ c: inout Case, into language: String, config: KefuConfig, now: Date) -> [String: String] {
        guard let from = ReplyComposer.knownLanguage(of: c), from != language else { return [:] }
        let missing = c.messages.indices.filter { c.messages[$0].needsTranslation(into: language) }
        guard !missing.isEmpty else { return [:] }
        guard let translator = config.translate.translator else {
            Output.error("kefu: warning: no [translate] command in \(config.path ?? "config.toml"): only cached translations are shown")
            return [:]
        }
        var failures: [String: String] = [:]
        for i in missing {
            switch translator.translate(c.messages[i].body, from: from, to: language) {
            case .success(let text): c.messages[i].translation = MessageTranslation(from: from, language: language, text: text, at: now)
            case .failure(let f): failures[c.messages[i].sourceId] = f.description
            }
        }
        return failures
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Verify every file of the store; optionally repair a torn last record.")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Set aside an unreadable last journal record (a backup is kept in recovered/).") var repair = false
    @Flag(help: "Rebuild the history index and its lookup table from the history files alone, then check.") var reindex = false

    func run() throws {
        let now = try Now.fromEnvironment()()
        if let pg = try storeOptions.openPostgres(now: now) {
            try check(pg, now: now)
            return
        }
        if reindex {
            let store = try storeOptions.open(.write, create: false, now: now)
            let n = try store.reindexHistory()
            store.close(now: now)
            Output.line("reindexed: \(n) closed-case records")
        }
        try storeOptions.refusePostgres()
        let report = try CaseStore.check(storeOptions.path, repair: repair, now: now)
        for r in report.repaired { Output.line("repaired: \(r)") }
        for p in report.problems { Output.error("kefu: \(p)") }
        Output.line("\(report.activeCases) active cases, \(report.journalRecords) journal records, \(report.historyCases) closed-case records, "
              + "\(report.attachmentFiles) attachment file(s) (\(AttachmentFile.sizeText(report.attachmentBytes))"
              + (report.unnamedAttachments > 0 ? ", \(report.unnamedAttachments) named by no case" : "") + "): "
              + (report.ok ? "ok" : "\(report.problems.count) problem(s)"))
        if !report.ok { throw ExitCode(2) }
    }

    /// A database has no journal to repair and no index files to rebuild: the server commits whole
    /// transactions and keeps its indexes. What can be checked is that every case decodes and keeps
    /// the store's limits.
    func check(_ pg: PostgresCaseStore, now: Date) throws {
        defer { pg.close(now: now) }
        if repair || reindex {
            throw KefuError.usage("\(repair ? "--repair" : "--reindex") is for a store directory's files; a PostgreSQL store has no journal to repair or index files to rebuild (the server commits whole transactions and keeps its own indexes). Run `kefu check` alone to verify its cases, or `kefu store copy` it to a directory and check that")
        }
        let r = try pg.check()
        for p in r.problems { Output.error("kefu: " + TerminalText.line(p)) }
        Output.line("\(r.open) active cases, \(r.closed) closed cases, schema version \(r.schema) in \(pg.displayURL): "
                    + (r.problems.isEmpty ? "ok" : "\(r.problems.count) problem(s)"))
        if !r.problems.isEmpty { throw ExitCode(2) }
    }
}

func terminalColumns() -> Int {
    var ws = winsize()
    if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
    return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 120
}
