import ArgumentParser
import Foundation
import KefuBase
import KefuModel
import KefuStore
import KefuMail
import KefuPlaybook
import KefuConfig
import KefuPostgresStore

struct Reply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compose a reply from playbook offers, lint it, and with --send queue it in the outbox.",
        discussion: "Without --offer, lists the case's numbered offers. Exit status 2 when the lint finds errors.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The case id, e.g. K-1042.") var id: String
    @Option(name: .customLong("offer"), help: "An offer id or its number in the list; repeat for numbered choices.") var offers: [String] = []
    @Option(help: "The refund amount for refund offers (default: the playbook's suggestion).") var amount: String?
    @Option(help: "The reply's language (default: the buyer's, else the marketplace's, else en).") var lang: String?
    @Flag(help: "Queue the reply in the outbox and record it on the case.") var send = false
    @Flag(help: "Send despite lint warnings (errors always block).") var acceptWarnings = false
    @Option(name: .customLong("attach"), help: "A file to send with the reply (a manual, a return label); repeat for more.") var attach: [String] = []

    func run() throws {
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        let playbook = try Playbook.load()
        // The team store takes the reply through the seam (`queueReply`); a directory store as before.
        let pg = try storeOptions.openPostgres(now: now)
        let store: CaseStoring = try pg ?? storeOptions.open(send ? .write : .readOnly, now: now)
        defer { store.close(now: now) }
        let key = StoreOptions.caseKey(id)
        guard var c = store.openCases.first(where: { $0.id == key }) else {
            throw KefuError.data("no open case \(key) in \(pg?.displayURL ?? store.directory)")
        }
        let composer = ReplyComposer(playbook: playbook, settings: config.reply)
        let list = playbook.offers(for: c, tier: config.reply.tier(for: c))
        guard !offers.isEmpty else {
            for (n, o) in list.enumerated() { Output.line("\(n + 1)  \(o.id)  \(o.label[config.reply.agentLanguage] ?? o.label["en"] ?? o.id)") }
            return
        }
        // "zh" (or zh-TW, zh_CN) means the script the buyer's country reads.
        let language = lang.map { l in playbook.languages.contains(l) ? l : ReplyComposer.playbookLanguage(l, country: c.buyer.country) ?? l }
        if let l = language, !playbook.languages.contains(l) {
            throw KefuError.usage("--lang: no templates in \"\(lang ?? l)\" (have: \(playbook.languages.joined(separator: ", ")))")
        }
        var chosen: [ChosenOffer] = []
        for o in offers {
            let offer: Playbook.Offer
            if let n = Int(o) {
                guard (1...list.count).contains(n) else { throw KefuError.usage("--offer \(o): \(key) has offers 1–\(list.count)") }
                offer = list[n - 1]
            } else {
                guard let found = playbook.offer(o) else { throw KefuError.usage("--offer: no offer \"\(o)\" in the playbook") }
                offer = found
            }
            var money = composer.suggestedAmount(offer, for: c)
            if offer.refunds, let a = amount {
                // The inbox's rule: positive, in a currency, not above what the items cost.
                switch ReplyGate.refund(a, currency: money?.currency ?? c.order?.items.first?.price?.currency, for: c) {
                case .failure(let why): throw KefuError.usage("--amount: \(why)")
                case .success(let m): money = m
                }
            }
            chosen.append(ChosenOffer(id: offer.id, amount: money))
        }
        if let why = playbook.conflict(chosen.map(\.id)) { throw KefuError.usage("--offer: \(why)") }
        let text = composer.compose(c, offers: chosen, language: language, now: now)
        // --attach, plus the files the chosen offers bring (the manual of the item, `[products."SKU"] manual`).
        let files = try (attach + (chosen.contains { playbook.offer($0.id)?.action == .sendManual } ? config.reply.manuals(for: c) : [])).map(OutgoingAttachment.load)
        let findings = ReplyLint.check(text, attachments: files, for: c)
        Output.line(text)
        for f in findings {
            let excerpt = f.span.map { " “" + TerminalText.line(String(Array(text)[$0])) + "”" } ?? ""
            Output.error("kefu: \(f.severity.rawValue): \(f.rule): \(TerminalText.line(f.message))\(excerpt)")
        }
        let errors = findings.filter { $0.severity == .error }.count
        if errors > 0 {
            let hint = ReplyGate.signatureHint(findings, settings: config.reply).map { " (\($0))" } ?? ""
            throw KefuError.data("\(errors) lint error(s): the reply cannot be sent as it is\(hint)")
        }
        guard send else { return }
        switch ReplyGate.check(c, findings: findings, warningsAccepted: acceptWarnings, settings: config.reply) {
        case .blocked(let why): throw KefuError.data("not sent: \(why)")
        case .warnings(let n, _): throw KefuError.usage("\(n) lint warning(s): read them, then send with --accept-warnings")
        case .send: break
        }
        var random = RandomSource.fromEnvironment()
        var mail = ReplyRecord.mail(for: c, text: text, settings: config.reply, now: now, random: &random)
        mail.attachments = files
        let seen = c, before = c.events.count
        ReplyRecord.apply(&c, mail: mail, offers: chosen, promise: playbook.promiseDue(chosen, now: now), now: now, by: config.agentID)
        c.attributeEvents(from: before, to: config.agentID)
        guard let json = store as? CaseStore else {
            // A colleague's open composer, or news since this command read the case, stops the send
            // as it stops the inbox's (no double answers); the lease keeps a composer from opening meanwhile.
            let me = try Self.teamAgent(config)
            try Self.clear(seen, with: pg!, as: me)
            defer { try? pg!.releaseLease(caseID: key, agent: me) }
            try store.queueReply(mail, recording: c, notBefore: nil)
            Output.error("kefu: \(key) is waiting for the buyer; the reply is queued for delivery")
            return
        }
        let path = try Outbox.queueReply(mail, recording: c, in: json)
        Output.error("kefu: \(key) is waiting for the buyer; the reply is queued in \(path)")
    }

    /// Who sends on a team store: `[agent] name` (colleagues must see who is replying).
    static func teamAgent(_ config: KefuConfig) throws -> AgentRef {
        guard let name = config.reply.agentName else {
            throw KefuError.usage("\(config.reply.configFile ?? "config.toml"): set [agent] name first: on a team store a reply names who sent it")
        }
        return config.team.agent(name: name)
    }

    /// Takes the reply lease on the case as this command read it, then asks whether the send may go.
    static func clear(_ seen: Case, with pg: PostgresCaseStore, as me: AgentRef) throws {
        switch try pg.takeLease(seen, agent: me, for: 120) {
        case .granted: break
        case .heldBy(let who, _): throw KefuError.data("not sent: \(TerminalText.line(who.name)) is replying to \(seen.id)")
        case .lost: throw KefuError.data("not sent: \(seen.id) changed hands; run the command again")
        }
        let verdict = try pg.clearance(caseID: seen.id, agent: me)
        guard verdict != .clear else { return }
        try? pg.releaseLease(caseID: seen.id, agent: me)
        switch verdict {
        case .held(let news):
            throw KefuError.data("not sent: \(seen.id) gained \(news.messages) message(s), \(news.replies) reply(ies), \(news.notes) note(s) since it was read; read it (`kefu show \(seen.id)`) and send again")
        case .refused(let who): throw KefuError.data("not sent: \(TerminalText.line(who.name)) is replying to \(seen.id)")
        case .gone: throw KefuError.data("not sent: \(seen.id) is no longer open")
        default: throw KefuError.data("not sent: \(seen.id): no reply lease; run the command again")
        }
    }
}
