import Foundation
#if canImport(Glibc)
import Glibc
import KefuBase
import KefuModel
import KefuStore
import KefuConfig
import KefuPlaybook
#endif

/// The formats of `kefu export weekly`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, csv, json, html
}

/// From a store to a written summary: the one place the command line and the inbox both call.
public enum WeeklyExport {
    /// Open cases whole, closed ones from their facts (history is not decoded; see `historyFacts`).
    /// `quote`: which open cases get a buyer quote (the costly part; reports quote only the period's cases).
    public static func caseFacts(_ source: ReportSource, openCases: [Case], closedSince: Date?, includeBuyer: Bool = false,
                                 quote: (Case) -> Bool = { _ in true }) throws -> [CaseFacts] {
        openCases.map { CaseFacts($0, includeBuyer: includeBuyer, quote: quote($0)) }
            + (try source.closedFacts(closedSince: closedSince, openIDs: Set(openCases.map(\.id)), includeBuyer: includeBuyer))
    }

    public static func caseFacts(_ store: CaseStore, closedSince: Date?, includeBuyer: Bool = false,
                                 quote: (Case) -> Bool = { _ in true }) throws -> [CaseFacts] {
        try caseFacts(store, openCases: Array(store.cases.values), closedSince: closedSince, includeBuyer: includeBuyer, quote: quote)
    }

    public static func report(store: CaseStore, config: KefuConfig, period: ReportPeriod, now: Date,
                              playbook: Playbook?) throws -> WeeklyReport {
        try report(source: store, openCases: Array(store.cases.values), config: config, period: period, now: now, playbook: playbook)
    }

    /// The same from the open cases as the caller holds them (the inbox's state, on another thread; a
    /// team store's rows): `source` is read only for its closed cases, order book and agents.
    public static func report(source: ReportSource, openCases: [Case], config: KefuConfig, period: ReportPeriod, now: Date,
                              playbook: Playbook?) throws -> WeeklyReport {
        let closedSince = WeeklyReport.historyNeeded(for: period)
        let closed = try source.closedFacts(closedSince: closedSince, openIDs: Set(openCases.map(\.id)), includeBuyer: false,
                                            quotesFrom: period.start)
        let open = openFacts(openCases, closed: closed, period: period)
        // The closed facts (over 100,000 at 500k closed cases) moved, not copied, behind the open ones.
        var facts = consume closed
        facts.insert(contentsOf: open, at: 0)
        // From the order book (`kefu import orders`): the ODR's orders over the 60 days before the
        // period's end, per marketplace too, and the units sold per SKU in the period; without a book
        // every format says "n/a".
        let orders = try source.importedOrders().map { OrderFigures($0, for: period) } ?? .noOrderBook
        return WeeklyReport.build(facts: facts, period: period, now: now, policy: config.sla,
                                  playbook: playbook, orders: orders, settings: config.report,
                                  agents: try agentNames(source, config: config))
    }

    /// Who the agents are: the store's (a team's `kefu agent` list), then this configuration's
    /// `[agent] name` (the one agent of a directory store) under its id (`[team] agent-id`).
    public static func agentNames(_ source: ReportSource, config: KefuConfig) throws -> [AgentRef] {
        var all = try source.knownAgents()
        if let name = config.reply.agentName {
            let me = config.team.agent(name: name)
            if !all.contains(where: { $0.id == me.id }) { all.append(me) }
        }
        return all
    }

    /// The open cases' facts, with a buyer quote only where the summary can show it: per product, the
    /// quotes are taken in `ProductTally.quotedFirst` order until `quotesShown` differ, so an open case
    /// after that point (among the closed cases' quotes, already in their facts) is never quoted. The
    /// excerpt is the costly part of facts: at 10,000 open cases, most of the export's time.
    public static func openFacts(_ open: [Case], closed: [CaseFacts], period: ReportPeriod) -> [CaseFacts] {
        var facts = open.map { CaseFacts($0, quote: false) }
        // product → (number, pinned, index into `facts` for an open case / nil, text for a closed one)
        var candidates: [String: [QuoteCandidate]] = [:]
        for (i, f) in facts.enumerated() where period.contains(f.openedAt) {
            candidates[f.sku ?? "", default: []].append((ProductTally.number(f), f.pinnedQuote != nil, i, f.reportQuote?.text))
        }
        for j in closed.indices where period.contains(closed[j].openedAt) {   // by index: no copy of each closed case's facts
            if let q = closed[j].reportQuote { candidates[closed[j].sku ?? "", default: []].append((ProductTally.number(closed[j]), q.pinned, nil, q.text)) }
        }
        for q in quotes(Array(candidates.values), facts: facts, open: open) {
            facts[q.index].quote = q.quote
            facts[q.index].quoteTranslation = q.translation
        }
        return facts
    }

    typealias QuoteCandidate = (number: Int, pinned: Bool, open: Int?, text: String?)

    /// The open cases' quotes each product's list needs, its lists shared among the cores (an open
    /// case is in one list only): the excerpts are most of the open cases' facts.
    private static func quotes(_ lists: [[QuoteCandidate]], facts: [CaseFacts], open: [Case]) -> [(index: Int, quote: String?, translation: String?)] {
        inChunks(lists.count, minimum: 1) { range in
            var mine: [(index: Int, quote: String?, translation: String?)] = []
            for list in lists[range] {
                var shown = Set<String>()
                for c in list.sorted(by: { ProductTally.quotedFirst(($0.number, $0.pinned), ($1.number, $1.pinned)) }) {
                    var text = c.text
                    if let i = c.open, !c.pinned {
                        var f = facts[i]
                        f.quote = CaseFacts.quote(of: open[i])
                        f.quoteTranslation = CaseFacts.quoteTranslation(of: open[i])
                        mine.append((i, f.quote, f.quoteTranslation))
                        text = f.reportQuote?.text
                    }
                    if let text { shown.insert(text) }
                    if shown.count == ProductTally.quotesShown { break }
                }
            }
            return mine
        }.flatMap { $0 }
    }

    public static func render(_ r: WeeklyReport, as format: ReportFormat) throws -> String {
        switch format {
        case .md: return WeeklyMarkdown.render(r)
        case .csv: return WeeklyCSV.render(r)
        case .json: return try WeeklyJSON.render(r)
        case .html: return WeeklyHTML.render(r)
        }
    }

    /// `kefu-weekly-2026-W47.md`
    public static func fileName(_ period: ReportPeriod, _ format: ReportFormat) -> String {
        "kefu-weekly-\(period.label.replacingOccurrences(of: "..", with: "_")).\(format.rawValue)"
    }

    /// Writes atomically (temporary file, fsync, rename), creating the directory.
    /// Writes `text` atomically to `path`. Only the store's own `exports/` is created when missing
    /// (`createDirectory`); a user's `-o DIR/FILE` into a directory that does not exist is an error.
    public static func write(_ text: String, to path: String, createDirectory: Bool = false) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if createDirectory, !dir.isEmpty { try DurableIO.makeDirectory(dir) }
        var st = stat()
        if !dir.isEmpty, stat(dir, &st) != 0 || (st.st_mode & S_IFMT) != S_IFDIR {
            throw KefuError.data("\(dir): no such directory (create it first)")
        }
        do { try DurableIO.replace(path, with: Data(text.utf8)) } catch {
            throw KefuError.data("\(path): cannot write: \(error)")
        }
    }
}
