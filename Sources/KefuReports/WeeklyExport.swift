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
    public static func caseFacts(_ store: CaseStore, closedSince: Date?, includeBuyer: Bool = false,
                                 quote: (Case) -> Bool = { _ in true }) throws -> [CaseFacts] {
        var out = store.cases.values.map { CaseFacts($0, includeBuyer: includeBuyer, quote: quote($0)) }
        out += try store.historyFacts(closedSince: closedSince, includeBuyer: includeBuyer)
        return out
    }

    public static func report(store: CaseStore, config: KefuConfig, period: ReportPeriod, now: Date,
                              playbook: Playbook?) throws -> WeeklyReport {
        try report(store: store, openCases: Array(store.cases.values), config: config, period: period, now: now, playbook: playbook)
    }

    /// The same from the open cases as the caller holds them (the inbox's state, on another thread):
    /// the store is read only for its history files and order book.
    public static func report(store: CaseStore, openCases: [Case], config: KefuConfig, period: ReportPeriod, now: Date,
                              playbook: Playbook?) throws -> WeeklyReport {
        let closedSince = WeeklyReport.historyNeeded(for: period)
        var facts = openCases.map { CaseFacts($0, quote: period.contains($0.openedAt)) }
        facts += try store.historyFacts(closedSince: closedSince, openIDs: Set(openCases.map(\.id)))
        // From the order book (`kefu import orders`): the ODR's orders over the 60 days before the
        // period's end, per marketplace too, and the units sold per SKU in the period; without a book
        // every format says "n/a".
        let orders: OrderFigures = FileManager.default.fileExists(atPath: store.directory + "/" + OrderBook.fileName)
            ? try OrderBook.load(storeDirectory: store.directory).figures(for: period) : .noOrderBook
        return WeeklyReport.build(facts: facts, period: period, now: now, policy: config.sla,
                                  playbook: playbook, orders: orders, settings: config.report)
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
