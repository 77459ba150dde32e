import ArgumentParser
import Foundation
import KefuBase
import KefuPlaybook
import KefuReports
import KefuStore
import KefuModel

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Weekly problem summary and case exports for the product team.",
        subcommands: [ExportWeekly.self, ExportCases.self, ExportPhotos.self])
}

/// `--week` or `--from`/`--to`, read in the configured time zone.
struct PeriodOptions: ParsableArguments {
    @Option(help: "An ISO week, e.g. 2026-W47 (default: the last complete week).") var week: String?
    @Option(help: "First day, YYYY-MM-DD (with --to).") var from: String?
    @Option(help: "Last day, YYYY-MM-DD, included (with --from).") var to: String?

    /// Neither `--week` nor `--from`/`--to`: the last complete week, as `--week`'s help says.
    func period(zone: TimeZone, now: Date) throws -> ReportPeriod {
        if let w = week {
            guard from == nil, to == nil else { throw KefuError.usage("--week: give either --week or --from/--to, not both") }
            return try ReportPeriod.parseWeek(w, zone: zone)
        }
        switch (from, to) {
        case let (f?, t?): return try ReportPeriod.days(from: f, to: t, zone: zone)
        case (nil, nil):
            return ReportPeriod.lastCompleteWeek(before: now, zone: zone)
        default: throw KefuError.usage(from == nil ? "--to needs --from" : "--from needs --to")
        }
    }
}

extension StoreOptions {
    /// The store the reports read, directory or database, with its open cases.
    func reportSource(now: Date) throws -> (source: ReportSource, open: [Case]) {
        if let pg = try openPostgres(now: now) { return (pg, pg.openCases) }
        let store = try open(.readOnly, now: now)
        return (store, Array(store.cases.values))
    }
}

/// Writes to `-o FILE` (atomically, then says where) or to standard output.
func emit(_ text: String, to output: String?, what: String) throws {
    guard let path = output else { Output.document(text); return }
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    try WeeklyExport.write(text, to: absolute)
    Output.line("\(what) written to \(absolute)")
}

struct ExportWeekly: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weekly",
        abstract: "Per product: cases by category, offers, money given away, buyer quotes; totals: SLA, late response rate, claims, ODR.")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var periodOptions: PeriodOptions
    @Option(help: "md, csv, json or html.") var format: String = "md"
    @Option(name: .short, help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        guard let fmt = ReportFormat(rawValue: format) else {
            throw KefuError.usage("--format: \"\(format)\" is not one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        let period = try periodOptions.period(zone: config.timeZone, now: now)
        let (source, open) = try storeOptions.reportSource(now: now)
        let report = try WeeklyExport.report(source: source, openCases: open, config: config, period: period, now: now, playbook: try? Playbook.load())
        try emit(try WeeklyExport.render(report, as: fmt), to: output, what: "Weekly summary")
    }
}

struct ExportCases: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "One row per case opened in the period (CSV with a byte-order mark, or JSON lines).")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var periodOptions: PeriodOptions
    @Option(help: "csv or jsonl.") var format: String = "csv"
    @Option(name: .short, help: "Write to this file instead of standard output.") var output: String?
    @Flag(help: "Add the buyer's name, address and country (personal data: keep such files short-lived).") var includePii = false

    func run() throws {
        guard format == "csv" || format == "jsonl" else { throw KefuError.usage("--format: \"\(format)\" is not one of csv, jsonl") }
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        let period = try periodOptions.period(zone: config.timeZone, now: now)
        // A case opened in the period closed after its start.
        let (source, open) = try storeOptions.reportSource(now: now)
        let facts = try WeeklyExport.caseFacts(source, openCases: open, closedSince: period.start, includeBuyer: includePii, quote: { _ in false })
        let rows = CaseExport.rows(facts, period: period, now: now, policy: config.sla, playbook: try? Playbook.load(), includePII: includePii)
        let text = format == "csv" ? CaseExport.csv(rows, includePII: includePii) : try CaseExport.jsonl(rows)
        try emit(text, to: output, what: "\(rows.count) case(s)")
    }
}

struct ExportPhotos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "photos",
        abstract: "Copy the kept photos of the cases opened in the period into a folder, named SKU_CASE_N.ext.",
        discussion: "The weekly summary names the cases with photos under each product. Photos are the buyer's personal data: kefu purge removes them with the case's other data.")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var periodOptions: PeriodOptions
    @Option(name: .short, help: "The folder to copy the photos into (it must exist).") var output: String

    func run() throws {
        let now = try Now.fromEnvironment()()
        let config = try storeOptions.loadConfig()
        let period = try periodOptions.period(zone: config.timeZone, now: now)
        let (source, open) = try storeOptions.reportSource(now: now)
        let dir = output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output
        let r = try PhotoExport.run(source: source, openCases: open, period: period, to: dir)
        for p in r.problems { Output.error("kefu: " + TerminalText.line(p)) }
        Output.line("\(r.written.count) photo(s) of \(period.label) copied to " + TerminalText.line(dir))
        if !r.problems.isEmpty { throw ExitCode(2) }
    }
}
