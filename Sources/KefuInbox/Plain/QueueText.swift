import Foundation
import KefuBase
import KefuModel
import KefuConfig

/// The queue and a case as plain text, for `kefu list` / `kefu show` (and pipes): buyer text is
/// sanitised exactly as on screen, because a terminal interprets ESC the same way.
public enum QueueText {
    public static func table(_ entries: [QueueEntry], at now: Date, width: Int, warnWithin: TimeInterval = Urgency.defaultWarnWithin) -> String {
        guard !entries.isEmpty else { return "(no cases)" }
        let w = max(width, 60)
        let cols = QueueColumns(width: w, showID: true)
        var lines: [String] = []
        lines.append(row(QueueColumns.titles.map { $0.trimmingCharacters(in: .whitespaces) }, cols.widths(w - 1)))
        for e in entries {
            lines.append(row(QueueCells.fields(e, due: Urgency.dueCell(e, at: now, warnWithin: warnWithin).text, columns: cols), cols.widths(w - 1)))
        }
        return lines.joined(separator: "\n")
    }

    /// Fields padded to their columns (one space between), a dropped column (width 0) left out.
    static func row(_ f: [String], _ widths: [Int]) -> String {
        zip(f, widths).filter { $1 > 0 }.map { DisplayText.fit(DisplayText.sanitizeLine($0), to: max($1 - 1, 1)) + " " }.joined()
            .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    /// The first non-empty line of a message's head, sanitised. Only the head is read (as `BuyerWords`
    /// does): a buyer's multi-megabyte body must not be split whole for one queue cell.
    public static let headLimit = 4000
    public static func firstLine(_ body: String) -> String {
        DisplayText.lines(String(body.prefix(headLimit))).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
    }
}

public enum CaseText {
    /// `translations`: print each buyer message's machine translation into that language under it
    /// (`kefu show --translate`), or why there is none (`failures`, by message `sourceId`).
    public static func render(_ c: Case, at now: Date, config: KefuConfig = KefuConfig(), translations language: String? = nil,
                              failures: [String: String] = [:]) -> [String] {
        let s = DisplayText.sanitizeLine
        var out: [String] = []
        out.append("\(c.id)  \(MarketplaceLabel.short(channel: c.channel, marketplace: c.marketplace))  \(c.status.rawValue)  \(c.category.rawValue)  [\(c.kinds.map(\.rawValue).joined(separator: ", "))]")
        out.append("Buyer:  \(s(c.buyer.name ?? "-")) <\(s(c.buyer.address ?? "-"))> \(c.buyer.country ?? "") \(c.buyer.language ?? "")")
        if let h = c.heldAt { out.append("Hold:   held since \(ISO8601.format(h)) (a dispute in progress: never purged)") }
        if let p = c.purgedAt { out.append("Purged: personal data purged \(ISO8601.format(p))") }
        if let q = c.pinnedQuote {
            out.append("Quote:  “\(s(q.text))”\(q.language.map { " (\(s($0)))" } ?? "") pinned \(ISO8601.format(q.at))"
                       + (q.translation.map { " — “\(s($0))”" } ?? ""))
        }
        if let o = c.order {
            out.append("Order:  \(s(o.id))" + (o.tracking.map { "  tracking \(s($0.carrier ?? "")) \(s($0.number))" } ?? ""))
            for i in o.items {
                out.append("        \(i.quantity) × \(s(i.title ?? "-")) [\(s(i.sku ?? "-"))] \(i.price?.description ?? "")")
            }
        }
        if let z = LocalTime.zone(for: c) { out.append("Local:  \(LocalTime.describe(now, in: z)) for the buyer (\(z.identifier))") }
        for k in Clocks.all(c, at: now, policy: config.sla) {
            let left = k.state == .running ? " (\(Countdown.text(k.remaining(at: now))))" : ""
            out.append("Clock:  \(k.name) \(k.state.rawValue) due \(ISO8601.format(k.dueAt))\(left) — \(k.reason)")
        }
        out.append("")
        for m in c.messages {
            out.append("\(m.direction == .inbound ? "<<" : ">>") \(ISO8601.format(m.at))  \(s(m.subject ?? ""))")
            for l in DisplayText.lines(m.body) { out.append("   " + l) }
            if let language, m.direction == .inbound {
                if let t = m.translation, t.language == language {
                    out.append("   ⇄ machine-translated \(s(t.from))→\(s(t.language)):")
                    for l in DisplayText.lines(t.text) { out.append("   " + l) }
                } else if let why = failures[m.sourceId] {
                    out.append("   ⚠ translation failed: \(s(why))")
                }
            }
            out.append("")
        }
        out.append("History:")
        for e in c.events {
            var parts = [ISO8601.format(e.at)] + EventText.parts(e, stamp: ISO8601.format)
            if let n = e.undoes { parts.append("takes back " + n.compactMap { c.events.indices.contains($0) ? c.events[$0].type.rawValue : nil }.joined(separator: ", ")) }
            out.append("  " + parts.joined(separator: "  "))
        }
        return out
    }
}
