import Foundation
import KefuModel
import KefuConfig

/// The rules a reply passes before it leaves, the same for the inbox and `kefu reply`: a refund
/// amount within what the items cost, no lint error, warnings only when the agent says so, someone
/// to send to and a sender.
public enum ReplyGate {
    /// A refund as the agent typed it (`12.50`, `12.50 EUR`): positive, with a currency (the typed
    /// one, else `currency`), and — when the items' total in that currency is known — not above it.
    public static func refund(_ text: String, currency: String?, for c: Case) -> Result<Money, Refusal> {
        let fields = text.split(separator: " ").map(String.init)
        guard let first = fields.first, let value = Money.parseAmount(first), value > 0, fields.count <= 2 else {
            return .failure(Refusal("Not an amount: “\(text)” (e.g. 12.50, or 12.50 EUR)"))
        }
        var currency = currency
        if fields.count == 2 {
            guard Money.isCurrencyCode(fields[1].uppercased()) else { return .failure(Refusal("Not a currency code: “\(fields[1])”")) }
            currency = fields[1].uppercased()
        }
        guard let cur = currency else { return .failure(Refusal("\(c.id) has no prices: give the currency too, e.g. 12.50 EUR")) }
        if let total = c.order?.itemsTotal, total.currency == cur, value > total.amount {
            return .failure(Refusal("\(Money(value, cur).description) is more than the items cost (\(total.description))"))
        }
        return .success(Money(value, cur))
    }

    public enum Verdict: Equatable, Sendable {
        case send
        /// Lint errors, no buyer address, no sender: it cannot go as it is.
        case blocked(String)
        /// Warnings the agent has not accepted yet.
        case warnings(count: Int, first: String)
    }

    public static func check(_ c: Case, findings: [LintFinding], warningsAccepted: Bool, settings: ReplySettings) -> Verdict {
        let errors = findings.filter { $0.severity == .error }
        if let hint = signatureHint(findings, settings: settings) { return .blocked("\(errors.count) error(s) — \(hint)") }
        if let e = errors.first { return .blocked("\(errors.count) error(s) — \(e.message)") }
        let warnings = findings.filter { $0.severity == .warning }
        if let w = warnings.first, !warningsAccepted { return .warnings(count: warnings.count, first: w.message) }
        guard c.buyer.address?.isEmpty == false else { return .blocked("\(c.id) has no buyer address to reply to") }
        guard settings.fromAddress != nil else { return .blocked("no sender address — " + setting("[mail] from", in: settings)) }
        return .send
    }

    /// The signature placeholders and the settings that fill them.
    static let signatureSettings = [("{{agent.name}}", "[agent] name"), ("{{store.name}}", "[store] name")]

    /// When a signature placeholder is left unresolved because its setting is missing: what to set and in
    /// which file, e.g. `{{agent.name}} is not set — set [agent] name = "…" in ~/.config/kefu/config.toml`.
    public static func signatureHint(_ findings: [LintFinding], settings: ReplySettings) -> String? {
        let open = findings.filter { $0.rule == ReplyLint.Rule.unresolvedPlaceholder.rawValue }.map(\.message)
        let missing = signatureSettings.filter { placeholder, _ in open.contains { $0.contains(placeholder) } }
        guard !missing.isEmpty else { return nil }
        return missing.map(\.0).joined(separator: " and ") + (missing.count == 1 ? " is" : " are") + " not set — "
            + setting(missing.map(\.1).joined(separator: " = \"…\" and "), in: settings)
    }

    /// `set [agent] name = "…" in FILE`, naming the file kefu reads.
    static func setting(_ name: String, in settings: ReplySettings) -> String {
        "set \(name) = \"…\" in \(settings.configFile ?? "config.toml")"
    }

    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = d }
    }
}
