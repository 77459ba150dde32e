import Foundation
import KefuModel
import KefuPlaybook

public struct StyledLine: Sendable, Equatable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = Style()) { self.text = text; self.style = style }
}

/// The detail pane's text for one case at one width, in sections the pane keeps by priority when it is
/// short (`DetailPane`): the buyer and their local time, the order and product, the running clocks, the
/// latest messages (the scrollable thread), the numbered offers; then the title, the other clocks, the
/// category guess and pinned quote, the playbook's advice. Buyer text is sanitised and wrapped here.
public struct DetailContent {
    public var title: StyledLine
    /// The buyer, their country and language, their local time now.
    public var buyer: StyledLine
    /// The category guess and the pinned quote.
    public var notes: [StyledLine] = []
    /// The order with its dates, one line per item, the tracking; `orderLine` the same in one line.
    public var order: [StyledLine] = []
    public var orderLine: StyledLine?
    /// Every clock, running ones first (most urgent first); the first `urgent` of them are the running
    /// deadlines (not the informational feedback-removal window).
    public var clocks: [StyledLine] = []
    public var urgent = 0
    public var thread: [StyledLine] = []
    /// One numbered line per offer, and the advice under them.
    public var offers: [StyledLine] = []
    public var guidance: [StyledLine] = []

    /// Everything above the thread, as a pane with room for all of it shows it.
    public var facts: [StyledLine] { [title, buyer] + notes + order + clocks }

    /// `guidance`: the playbook's advice for the case, in the agent's `language` ("en" or "zh"), which
    /// also names the offers.
    public init(_ c: Case, at now: Date, width: Int, agentZone: TimeZone = TimeZone(identifier: "UTC")!,
                policy: SLAPolicy = .standard, offers: [Playbook.Offer] = [], guidance: [String] = [], language: String = "en",
                translations: DetailTranslations? = nil) {
        let s = DisplayText.sanitizeLine
        let w = max(width, 1)
        let utc = TimeZone(identifier: "UTC")!
        let label = MarketplaceLabel.short(channel: c.channel, marketplace: c.marketplace)
        title = StyledLine("\(c.id) · \(label) · \(c.status.rawValue) · \(c.category.rawValue) · \(c.kinds.map(\.rawValue).joined(separator: ", "))", Style(.title, bold: true))
        var buyer = "Buyer: \(s(c.buyer.name ?? c.buyer.address ?? (c.purgedAt.map { "personal data purged \(LocalTime.day($0, in: utc))" } ?? "unknown")))"
        let extra = [c.buyer.country, c.buyer.language].compactMap { $0 }.map(s)
        if !extra.isEmpty { buyer += " (\(extra.joined(separator: ", ")))" }
        if let z = LocalTime.zone(for: c) { buyer += " · \(LocalTime.describe(now, in: z))" }
        if c.isHeld { buyer += " · held (kept from purge)" }
        self.buyer = StyledLine(buyer)
        if let g = c.suggestedCategory, g.category == c.category {
            // The intake's guess, with its evidence, until the agent sets a category.
            let cues = g.cues.prefix(3).map { "“\(s($0))”" }.joined(separator: ", ")
            notes.append(StyledLine("Category \(g.category.rawValue) suggested (\(Int((g.confidence * 100).rounded())) %\(cues.isEmpty ? "" : ", from " + cues))",
                                    Style(.dim)))
        }
        if let q = c.pinnedQuote {
            // The quote the weekly summary will show (`Q`), wrapped to at most three lines each.
            func wrapped(_ text: String, _ indent: String) -> [StyledLine] {
                Self.capped(DisplayText.wrap(text, to: max(w - indent.count, 1)).map { indent + $0 }, rows: 3, width: w)
                    .map { StyledLine($0, Style(.accent)) }
            }
            notes += wrapped("Pinned for the report\(q.language.map { " (\(s($0)))" } ?? ""): “\(s(q.text))”", "")
            if let t = q.translation { notes += wrapped("Translation: “\(s(t))”", "  ") }
        }
        // Every clock: running ones first, most urgent first; the queue shows only the first.
        let zoneName = LocalTime.zoneLabel(agentZone, at: now)
        let all = Clocks.all(c, at: now, policy: policy).filter { $0.kind != .snooze }.sorted {
            ($0.isUrgent ? 0 : $0.state == .running ? 1 : 2, $0.dueAt) < ($1.isUrgent ? 0 : $1.state == .running ? 1 : 2, $1.dueAt)
        }
        for k in all {
            let when = "\(LocalTime.stamp(k.dueAt, in: agentZone)) \(zoneName)"
            switch k.state {
            case .running:
                let r = k.remaining(at: now)
                let text = r <= 0 ? "\(k.kind.label): \(Countdown.text(r)) (was due \(when))"
                    : "\(k.kind.label) due in \(Countdown.text(r)) (\(when))" + (k.kind == .reply ? "" : " · \(k.reason)")
                let role = k.kind.isInformational ? Role.dim : Urgency.role(remaining: r, warnWithin: policy.warnWithin)
                clocks.append(StyledLine(text, Style(role, bold: r <= 0 && k.isUrgent)))
                if k.isUrgent { urgent += 1 }
            case .met, .breached, .stopped:
                clocks.append(StyledLine("\(k.kind.label): \(k.state.rawValue) — \(k.reason)", Style(k.state == .breached ? .overdue : .dim)))
            }
        }
        if c.status == .snoozed, let u = c.snoozedUntil {
            clocks.append(StyledLine("Snoozed until \(LocalTime.zonedStamp(u, in: agentZone))", Style(.dim)))
        }
        if let o = c.order {
            var line = "Order: \(s(o.id))"
            if let d = o.purchasedAt { line += " · bought \(LocalTime.day(d, in: utc))" }
            if let d = o.shippedAt { line += " · shipped \(LocalTime.day(d, in: utc))" }
            if let d = o.deliveredAt { line += " · delivered \(LocalTime.day(d, in: utc))" }
            order.append(StyledLine(line))
            func item(_ i: OrderItem) -> String {
                "\(i.quantity)× \(s(i.title ?? "-")) [\(s(i.sku ?? i.asin ?? "-"))]" + (i.price.map { " · \($0.description)" } ?? "")
            }
            for i in o.items { order.append(StyledLine("  " + item(i))) }
            if let t = o.tracking { order.append(StyledLine("Tracking: \(s(t.carrier ?? "")) \(s(t.number))")) }
            // The short form: the order and its first item, the rest counted.
            let more = o.items.count > 1 ? " · +\(o.items.count - 1) more" : ""
            orderLine = StyledLine("Order: \(s(o.id))" + (o.items.first.map { " · " + item($0) } ?? "") + more)
        }

        // The thread, oldest first; internal notes sit where they were written.
        var items: [(Date, Int, [StyledLine])] = []
        var fileNumber = 0
        for (n, m) in c.messages.enumerated() {
            let inbound = m.direction == .inbound
            var lines = [StyledLine("\(inbound ? "◀" : "▶") \(LocalTime.stamp(m.at, in: utc))  \(s(m.subject ?? ""))", Style(inbound ? .accent : .dim, bold: true))]
            let body = DisplayText.lines(m.body).flatMap { Self.indented($0, width: w) }
            lines += inbound ? Self.translated(m, body, translations, width: w) : body
            if let files = m.files {
                // Numbered as the attachment list (A) numbers them: across the case, oldest first.
                for f in files {
                    fileNumber += 1
                    lines.append(StyledLine("  Attachment \(fileNumber): " + s(f.summary) + (f.inline == true ? ", shown in the text" : ""), Style(.dim)))
                }
            } else {
                for a in m.attachments ?? [] { lines.append(StyledLine("  Attachment: " + s(a), Style(.dim))) }
            }
            for warning in m.warnings ?? [] { lines += Self.indented("⚠ " + s(warning), width: w, Style(.soon)) }
            lines.append(StyledLine(""))
            items.append((m.at, n, lines))
        }
        for (n, e) in c.liveEvents.enumerated() where e.type == .note {
            var lines = [StyledLine("✎ note \(LocalTime.stamp(e.at, in: utc))", Style(.dim, bold: true))]
            lines += Self.indented(s(e.text ?? ""), width: w, Style(.dim))
            lines.append(StyledLine(""))
            items.append((e.at, 10_000 + n, lines))
        }
        thread = items.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.flatMap(\.2)
        if thread.last?.text == "" { thread.removeLast() }

        let list = offers.prefix(9)
        self.offers = list.enumerated().map { StyledLine("\($0.offset + 1) \($0.element.label[language] ?? $0.element.label["en"] ?? $0.element.id)") }
        // The advice under the offers, at most four lines: the rest is in playbook.json.
        let advice = guidance.flatMap { g in
            DisplayText.wrap(s(g), to: max(w - 2, 1)).enumerated().map { ($0.offset == 0 ? "» " : "  ") + $0.element }
        }
        self.guidance = Self.capped(advice, rows: Self.guidanceRows, width: w).map { StyledLine($0, Style(.dim)) }
    }

    static let guidanceRows = 4

    /// One sanitised line wrapped under a thread item, two columns in from the pane's text.
    static func indented(_ line: String, width w: Int, _ style: Style = Style()) -> [StyledLine] {
        DisplayText.wrap(line, to: max(w - 2, 1)).map { StyledLine("  " + $0, style) }
    }

    /// At most `rows` of `lines`; when some are cut, the last one kept ends in " …" (within `width`).
    static func capped(_ lines: [String], rows: Int, width: Int) -> [String] {
        guard lines.count > rows else { return lines }
        var kept = Array(lines.prefix(rows))
        if let last = kept.last { kept[kept.count - 1] = DisplayText.truncate(last + " …", to: width) }
        return kept
    }

    /// A buyer message's lines with its machine translation, as `translations.view` wants them.
    static func translated(_ m: Message, _ original: [StyledLine], _ t: DetailTranslations?, width w: Int) -> [StyledLine] {
        guard let t, t.view != .original else { return original }
        if let tr = m.translation, tr.language == t.language {
            var out = [StyledLine("  ⇄ machine-translated \(DisplayText.sanitizeLine(tr.from))→\(DisplayText.sanitizeLine(tr.language))", Style(.dim))]
            out += DisplayText.lines(tr.text).flatMap { indented($0, width: w) }
            return t.view == .both ? original + out : out
        }
        switch t.status[m.sourceId] {
        case .pending: return original + [StyledLine("  ⇄ translating…", Style(.dim))]
        case .failed(let why):
            return original + indented("⚠ translation failed: " + DisplayText.sanitizeLine(why), width: w, Style(.soon))
        default: return original
        }
    }
}
