import Foundation
import KefuModel

/// The reply side of `config.toml`: who signs, and what counts as a cheap, expensive or bulky item.
public struct ReplySettings: Sendable {
    public var storeName: String?
    public var agentName: String?
    /// The seller address replies are sent from.
    public var fromAddress: String?
    /// The configuration file these settings belong in (read or not), for hints that name it.
    public var configFile: String?
    /// Per currency: below `cheap` is cheap, from `expensive` on is expensive (the item total).
    public var priceBands: [String: (cheap: Decimal, expensive: Decimal)] = [
        "EUR": (20, 100), "USD": (20, 100), "GBP": (20, 100), "CAD": (25, 130), "AUD": (30, 150),
        "JPY": (2500, 15000), "CNY": (150, 700), "SEK": (200, 1000), "PLN": (80, 400),
    ]
    /// SKUs too big to be worth sending back (sofas, mattresses, desks).
    public var bulkySKUs: Set<String> = []
    /// Per SKU: how replies name the product (`[products."SKU"] short-name`).
    public var shortNames: [String: String] = [:]
    /// The language of the agent's guidance in the detail pane (`[agent] language`): "en" or "zh".
    public var agentLanguage = "en"
    public static let agentLanguages = ["en", "zh"]
    /// `[products."SKU"] manual = "~/manuals/x.pdf"`: attached when the "send the manual" offer is chosen.
    public var manuals: [String: String] = [:]
    /// The sendmail-compatible command replies are piped to (`[mail] command`), run by `/bin/sh`.
    public var sendCommand = "msmtp -t"
    /// Seconds a delivery may take before it is killed and retried later (`[mail] timeout`).
    public var sendTimeout: TimeInterval = 60
    /// Seconds a reply queued in the inbox waits before it may be delivered, so `u` can take it back
    /// (`[reply] undo-seconds`; 0 sends at once).
    public var undoSeconds = 10
    public static let undoSecondsRange = 0...300

    /// When a reply queued at `queuedAt` may leave: nil when there is no grace period.
    public func sendAfter(_ queuedAt: Date) -> Date? {
        undoSeconds > 0 ? queuedAt.addingTimeInterval(TimeInterval(undoSeconds)) : nil
    }

    public init() {}

    public func tier(for c: Case) -> PriceTier {
        var t = PriceTier(bulky: c.order?.items.contains { $0.sku.map(bulkySKUs.contains) ?? false } ?? false)
        guard let total = c.order?.itemsTotal, let band = priceBands[total.currency] else { return t }
        t.level = total.amount < band.cheap ? .cheap : total.amount >= band.expensive ? .expensive : .normal
        return t
    }

    /// The manuals of this case's items (`[products."SKU"] manual`), each once: what the send-manual offer attaches.
    public func manuals(for c: Case) -> [String] {
        var seen: Set<String> = []
        return (c.order?.items ?? []).compactMap { $0.sku.flatMap { manuals[$0] } }.filter { seen.insert($0).inserted }
    }
}

extension ConfigReader {
    func reply(_ root: TOMLTable) throws -> ReplySettings {
        var r = ReplySettings()
        for (section, key) in [("store", "name"), ("agent", "name"), ("mail", "from")] {
            guard let t = try table(root, section) else { continue }
            try allow(t, section == "mail" ? ["from", "command", "timeout", "maildir"] : section == "agent" ? ["name", "language"] : ["name", "url"], at: section)
            if section == "agent", let v = t["language"] {
                guard let l = v.stringValue, ReplySettings.agentLanguages.contains(l) else {
                    throw fail(t.line(of: "language"), "agent.language", "expected \"en\" or \"zh\"")
                }
                r.agentLanguage = l
            }
            if section == "mail" {
                if let c = try nonBlank(t, "command", path: "mail", expected: "expected a command line, e.g. \"msmtp -t\"") { r.sendCommand = c }
                if let n = try integer(t, "timeout", path: "mail", range: 1...3600) { r.sendTimeout = TimeInterval(n) }
            }
            guard let s = try nonBlank(t, key, path: section, expected: "expected a non-empty string") else { continue }
            switch section {
            case "store": r.storeName = s
            case "agent": r.agentName = s
            default:
                guard s.wholeMatch(of: /[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+/) != nil else {
                    throw fail(t.line(of: key), "mail.from", "\"\(s)\" is not an e-mail address")
                }
                r.fromAddress = s
            }
        }
        if let t = try table(root, "reply") {
            try allow(t, ["undo-seconds"], at: "reply")
            if let n = try integer(t, "undo-seconds", path: "reply", range: ReplySettings.undoSecondsRange) { r.undoSeconds = n }
        }
        if let prices = try table(root, "prices") {
            for cur in prices.keys {
                guard let t = try table(prices, cur, path: "prices") else { continue }
                let path = "prices.\(cur)"
                guard Money.isCurrencyCode(cur) else { throw fail(prices.line(of: cur), path, "not an ISO 4217 currency code") }
                try allow(t, ["cheap-below", "expensive-from"], at: path)
                let old = r.priceBands[cur] ?? (0, Decimal.greatestFiniteMagnitude)
                let cheap = try number(t, "cheap-below", path: path, range: 0...1e12).map { Decimal($0) } ?? old.cheap
                let expensive = try number(t, "expensive-from", path: path, range: 0...1e12).map { Decimal($0) } ?? old.expensive
                guard cheap <= expensive else { throw fail(t.line(of: "expensive-from") ?? t.line, path, "cheap-below is above expensive-from") }
                r.priceBands[cur] = (cheap, expensive)
            }
        }
        if let products = try table(root, "products") {
            for sku in products.keys {
                guard let t = try table(products, sku, path: "products") else { continue }
                try allow(t, ["bulky", "short-name", "manual"], at: "products.\(sku)")
                if let m = try nonBlank(t, "manual", path: "products.\(sku)", expected: "expected a file path, e.g. \"~/manuals/lamp.pdf\"") {
                    r.manuals[sku] = (m as NSString).expandingTildeInPath
                }
                if let v = t["bulky"] {
                    guard let b = v.boolValue else { throw fail(t.line(of: "bulky"), "products.\(sku).bulky", "expected true or false") }
                    if b { r.bulkySKUs.insert(sku) }
                }
                if let v = t["short-name"] {
                    // It goes into every reply about the product: one line, no control characters, short.
                    guard let n = v.stringValue?.trimmingCharacters(in: .whitespaces), !n.isEmpty, n.count <= 60,
                          !n.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) else {
                        throw fail(t.line(of: "short-name"), "products.\(sku).short-name", "expected a name of 1–60 characters on one line")
                    }
                    r.shortNames[sku] = n
                }
            }
        }
        return r
    }
}
