import Foundation
import KefuBase
import KefuModel
import KefuStore

/// `config.toml`: the numbers and calendars behind the clocks. Everything has a built-in default,
/// so a missing file is fine; a file with a typo is an error naming the line, never silently ignored.
public struct KefuConfig: Sendable {
    public var sla: SLAPolicy
    public var reply = ReplySettings()
    /// The seller's zone: company SLA, reports, and reading times like "14:00".
    public var timeZone: TimeZone
    /// Where the file was read from, or nil when the defaults apply.
    public var path: String?
    /// The support mailbox as a Maildir (`[mail] maildir`): the open inbox files new mail from it.
    public var maildir: String?
    /// `[privacy] keep-days`: days a resolved case keeps the buyer's personal data after delivery (see `PurgePolicy`).
    public var keepDays = PurgePolicy.defaultKeepDays
    /// `[team]`: assignment among agents and this agent's id, for a shared store.
    public var team = TeamSettings()
    /// `[report]`: the weekly summary's currency for converted totals, and its rates.
    public var report = ReportSettings()
    /// `[attachments]`: the per-message cap of files kept, and the viewer.
    public var attachments = AttachmentSettings()
    /// `[translate]`: the agent's translator command.
    public var translate = TranslateSettings()
    /// `[store] url`: the team's shared PostgreSQL store (`postgresql://…`); nil: the JSON directory store.
    public var storeURL: String?

    public init(timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.timeZone = timeZone
        sla = SLAPolicy(sellerZone: timeZone)
    }

    /// The file kefu reads: `$KEFU_CONFIG`, else `$XDG_CONFIG_HOME/kefu/config.toml` (or
    /// `~/.config/kefu/config.toml`) when it exists, else the store directory's own `config.toml` when it
    /// has one (what `kefu demo` writes), else the XDG path (where a missing setting goes). The agent's
    /// own file wins over the store's, so a demo store never silently drops their mail settings.
    /// (`--config FILE` comes before all of them, in the CLI.)
    public static func path(env: [String: String] = ProcessInfo.processInfo.environment, storeDirectory: String? = nil) -> String {
        if let p = env["KEFU_CONFIG"], !p.isEmpty { return p }
        let user = directory(env: env) + "/" + fileName
        if let dir = storeDirectory, !FileManager.default.fileExists(atPath: user) {
            let own = dir + "/" + fileName
            if FileManager.default.fileExists(atPath: own) { return own }
        }
        return user
    }

    public static let fileName = "config.toml"

    /// `$XDG_CONFIG_HOME/kefu`, else `~/.config/kefu`.
    public static func directory(env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let x = env["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/kefu" }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/kefu"
    }

    /// Reads the file if it exists. `fallbackZone` is used when the file names no `time-zone`.
    public static func load(path: String, fallbackZone: TimeZone = .current) throws -> KefuConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            var c = KefuConfig(timeZone: fallbackZone)
            c.reply.configFile = path   // where a missing setting goes
            return c
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw KefuError.data("\(path): cannot read") }
        guard let text = String(data: data, encoding: .utf8) else { throw KefuError.data("\(path): not UTF-8 text") }
        var c = try parse(text, file: path, fallbackZone: fallbackZone)
        c.path = path
        c.reply.configFile = path
        return c
    }

    public static func parse(_ text: String, file: String, fallbackZone: TimeZone = .current) throws -> KefuConfig {
        let root = try parseTOML(text, file: file)
        let r = ConfigReader(file: file)
        try r.allow(root, ["time-zone", "warn-within", "clocks", "marketplace", "calendar", "company-sla",
                           "store", "agent", "mail", "reply", "prices", "products", "privacy", "report", "attachments", "translate", "team"], at: "")
        var zone = fallbackZone
        if let v = root["time-zone"] { zone = try r.zone(v, "time-zone", line: root.line(of: "time-zone")) }
        var c = KefuConfig(timeZone: zone)
        c.reply = try r.reply(root)
        c.report = try r.report(root)
        c.attachments = try r.attachments(root)
        c.translate = try r.translate(root)
        c.team = try r.team(root)
        if let t = try r.table(root, "mail"), let v = t["maildir"] {
            guard let p = v.stringValue, !p.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw KefuError.data("\(file):\(t.line(of: "maildir") ?? t.line): mail.maildir: expected a directory path, e.g. \"~/Mail/support\"")
            }
            // Relative to the config file, as a user reading the file would expect; `~` is the home directory.
            let expanded = (p as NSString).expandingTildeInPath
            c.maildir = expanded.hasPrefix("/") ? expanded : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(expanded)
        }
        if let t = try r.table(root, "store"), let v = t["url"] {
            guard let u = v.stringValue, StoreURL.isPostgres(u) else {
                throw KefuError.data("\(file):\(t.line(of: "url") ?? t.line): store.url: expected a PostgreSQL URL, e.g. \"postgresql://kefu@db.example/kefu\"")
            }
            c.storeURL = u
        }
        if let t = try r.table(root, "privacy") {
            try r.allow(t, ["keep-days"], at: "privacy")
            if let d = try r.integer(t, "keep-days", path: "privacy", range: PurgePolicy.keepDaysRange) { c.keepDays = d }
        }
        if let v = root["warn-within"] { c.sla.warnWithin = try r.duration(v, "warn-within", line: root.line(of: "warn-within")) }
        if let t = try r.table(root, "clocks") { c.sla.defaults = c.sla.defaults.overlaid(by: try r.limits(t, path: "clocks")) }
        if let t = try r.table(root, "marketplace") {
            for key in t.keys {
                guard let sub = try r.table(t, key, path: "marketplace") else { continue }
                let name = key.lowercased()
                c.sla.overrides[name] = (c.sla.overrides[name] ?? ClockLimits()).overlaid(by: try r.limits(sub, path: "marketplace.\(key)"))
            }
        }
        if let t = try r.table(root, "calendar") {
            for key in t.keys {
                guard let sub = try r.table(t, key, path: "calendar") else { continue }
                let path = "calendar.\(key)"
                if key.lowercased() == "seller" {
                    c.sla.sellerCalendar = try r.calendar(sub, path: path, base: BusinessCalendar(zone: zone))
                    continue
                }
                let country = key.uppercased()
                guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw KefuError.data("\(file):\(t.line(of: key) ?? sub.line): \(path): not a country code (e.g. DE, US) or `seller`")
                }
                let base = c.sla.calendars[country] ?? BusinessCalendar(zone: zone)
                c.sla.calendars[country] = try r.calendar(sub, path: path, base: base)
            }
        }
        if let t = try r.table(root, "company-sla") {
            for key in t.keys {
                guard let sub = try r.table(t, key, path: "company-sla") else { continue }
                guard let channel = Channel(rawValue: key.lowercased()) else {
                    throw KefuError.data("\(file):\(t.line(of: key) ?? sub.line): company-sla.\(key): not a channel (\(Channel.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                c.sla.companySLA[channel] = try r.companySLA(sub, path: "company-sla.\(key)", zone: zone)
            }
        }
        return c
    }

    static func parseTOML(_ text: String, file: String) throws -> TOMLTable {
        do { return try TOML.parse(text, file: file) } catch { throw KefuError.data(error.description) }
    }

}
