import Foundation
import KefuModel

/// The pure render: state → cell grid. Called once per frame; draws only what is on screen.
public enum InboxRender {
    public static func render(_ s: InboxState) -> Screen {
        var screen = Screen(width: s.width, height: s.height)
        let layout = Layout(width: s.width, height: s.height)
        if layout.tooSmall {
            let msg = "terminal too small", need = "need \(Layout.minWidth)×\(Layout.minHeight)"
            let r = max(s.height / 2 - 1, 0)
            screen.put(msg, row: r, col: max((s.width - msg.count) / 2, 0))
            screen.put(need, row: r + 1, col: max((s.width - need.count) / 2, 0), style: Style(.dim))
            return screen
        }
        header(&screen, s)
        queue(&screen, s, layout.queue)
        if layout.sideBySide {
            screen.vline(col: layout.queue.width, row: layout.queue.row, count: layout.queue.height)
        } else {
            divider(&screen, s, row: layout.detail.row - 1)
        }
        detail(&screen, s, layout.detail)
        footer(&screen, s)
        switch s.overlay {
        case .help(let scroll): help(&screen, s, scroll)
        case .menu(let m): menu(&screen, m)
        case .composer(let cs): composer(&screen, s, cs)
        default: break
        }
        return screen
    }

    static func header(_ screen: inout Screen, _ s: InboxState) {
        let st = Style(.header, reverse: true)
        screen.fill(row: 0, col: 0, count: s.width, style: st)
        let c = s.counts
        var left = " kefu · \(DisplayText.sanitizeLine(s.storeName))"
        if s.readOnly { left += " (read-only)" }
        var counts = "reply \(c.needsReply) · overdue \(c.overdue) · <2h \(c.dueSoon) · waiting \(c.waiting)"
        if c.notSent > 0 { counts += " · ⚠ \(c.notSent) repl\(c.notSent == 1 ? "y" : "ies") not sent (U)" }
        if s.unsaved > 0 { counts += " · ⚠ \(s.unsaved) not saved" }
        var right = "[\(s.filter.title)]"
        if !s.search.isEmpty { right = "/\(DisplayText.sanitizeLine(s.search)) " + right }
        let rightW = DisplayText.width(right) + 1
        let end = screen.put(left + "  ", row: 0, col: 0, limit: max(s.width - rightW, 0), style: Style(.header, bold: true, reverse: true))
        screen.put(counts, row: 0, col: end, limit: max(s.width - rightW - end, 0), style: st)
        screen.put(DisplayText.truncate(right, to: s.width - 1), row: 0, col: max(s.width - rightW, 0), style: st)
    }

    /// Column widths for a queue of width `w`; 0 drops a column.
    struct Columns {
        var due = 15, channel = 9, buyer = 14, order = 20, category = 13
        init(_ w: Int) {
            if w < 100 { buyer = 12; order = 0 }
            if w < 80 { category = 0 }
            if w < 60 { buyer = 10 }
        }
        var fixed: Int { due + channel + buyer + order + category }
    }

    static func queue(_ screen: inout Screen, _ s: InboxState, _ r: Layout.Rect) {
        let cols = Columns(r.width)
        let titleStyle = Style(.dim, bold: true)
        row(&screen, r.row, r.col, r.width, cols, ["  DUE", "CHANNEL", "BUYER", "ORDER", "CATEGORY", "LATEST"], titleStyle)
        if s.visible.isEmpty {
            let msg = s.search.isEmpty ? "No cases here (\(s.filter.title))." : "No case matches “\(DisplayText.sanitizeLine(s.search))”."
            screen.put(msg, row: r.row + 2, col: r.col + 2, limit: r.width - 2, style: Style(.dim))
            return
        }
        let rows = max(r.height - 1, 0)
        let selected = s.selectedIndex
        for i in 0..<rows {
            let idx = s.queueTop + i
            guard idx < s.visible.count else { break }
            let e = s.visible[idx]
            let c = e.item
            // A queued reply that has not left is not an answer: say so instead of a met clock.
            let (due, role) = s.unsent.contains(c.id) ? ("! not sent", Role.overdue) : Urgency.dueCell(e, at: s.now, warnWithin: s.warnWithin)
            var style = Style(role, bold: role == .overdue)
            if idx == selected { style = Style(.selected, bold: true, reverse: s.focus == .queue) }
            let latest = QueueText.firstLine(c.latestMessage?.body ?? "")
            row(&screen, r.row + 1 + i, r.col, r.width, cols,
                [due, MarketplaceLabel.short(channel: c.channel, marketplace: c.marketplace),
                 DisplayText.sanitizeLine(c.buyer.name ?? c.buyer.address ?? "-"),
                 DisplayText.sanitizeLine(c.order?.id ?? "-"), c.category.rawValue, latest], style)
        }
    }

    static func row(_ screen: inout Screen, _ r: Int, _ c0: Int, _ w: Int, _ cols: Columns, _ f: [String], _ style: Style) {
        screen.fill(row: r, col: c0, count: w, style: style)
        let widths = [cols.due, cols.channel, cols.buyer, cols.order, cols.category, max(w - cols.fixed, 0)]
        var c = c0
        for (text, width) in zip(f, widths) where width > 0 {
            screen.put(DisplayText.truncate(text, to: width - 1), row: r, col: c, limit: width - 1, style: style)
            c += width
        }
    }

    static func divider(_ screen: inout Screen, _ s: InboxState, row: Int) {
        screen.hline(row: row, col: 0, count: s.width)
        if let c = s.selectedCase {
            let t = " \(c.id) "
            screen.put(t, row: row, col: 2, style: Style(.border, bold: s.focus == .detail))
        }
    }

    static func detail(_ screen: inout Screen, _ s: InboxState, _ r: Layout.Rect) {
        guard r.height > 0 else { return }
        guard let c = s.selectedCase else {
            screen.put("Select a case.", row: r.row, col: r.col + 1, limit: r.width - 1, style: Style(.dim))
            return
        }
        let d = s.detail(c, width: r.width - 1)
        let compact = DetailContent.isCompact(paneHeight: r.height)
        let facts = compact ? d.compactFacts : d.facts
        let offers = compact ? [d.compactOffers] : d.offers
        // A reply that has not left is said first: the agent believes the buyer was answered.
        let unsent = s.unsent.contains(c.id) ? s.outbox.first { $0.caseID == c.id } : nil
        let threadRows = d.threadRows(paneHeight: r.height - (unsent == nil ? 0 : 1))
        var y = r.row
        let x = r.col + 1, w = r.width - 1
        func line(_ l: StyledLine) {
            guard y < r.row + r.height else { return }
            screen.put(DisplayText.truncate(l.text, to: w), row: y, col: x, limit: w, style: l.style)
            y += 1
        }
        if let q = unsent {
            let why = q.state.lastError ?? (q.state.inFlight ? "held: kefu stopped mid-delivery" : "queued since \(LocalTime.stamp(q.queuedAt, in: s.agentTimeZone))")
            line(StyledLine("⚠ Reply not sent — \(DisplayText.sanitizeLine(why)) · U to retry", Style(.error, bold: true)))
        }
        facts.forEach(line)
        let scroll = min(s.threadScroll, max(d.thread.count - threadRows, 0))
        let end = d.thread.count - scroll
        let start = max(end - threadRows, 0)
        let more = start > 0 ? " ↑\(start) more" : ""
        line(rule("── Thread (\(c.messages.count))\(more) ", w, Style(.border, bold: s.focus == .detail)))
        let threadTop = y
        for l in d.thread[start..<end] { line(l) }
        y = threadTop + threadRows
        line(rule("── Offers ", w, Style(.border)))
        offers.forEach(line)
    }

    /// A titled horizontal rule exactly `w` columns wide.
    static func rule(_ title: String, _ w: Int, _ style: Style) -> StyledLine {
        let t = DisplayText.truncate(title, to: w)
        return StyledLine(t + String(repeating: "─", count: max(w - DisplayText.width(t), 0)), style)
    }

    static func footer(_ screen: inout Screen, _ s: InboxState) {
        let row = s.height - 1
        if case .prompt(let p) = s.overlay {
            screen.fill(row: row, col: 0, count: s.width, style: Style())
            let end = screen.put(p.label, row: row, col: 0, style: Style(.accent, bold: true))
            var before = DisplayText.sanitizeLine(String(p.text.prefix(p.cursor)))
            let after = DisplayText.sanitizeLine(String(p.text.dropFirst(p.cursor)))
            // A long text (a quote to pin) scrolls so the cursor stays on screen: "…" marks what is cut.
            let room = max(s.width - end - 2, 2)
            var w = DisplayText.width(before)
            if w > room {
                var chars = before[...]
                while w > room - 1, let ch = chars.first { w -= DisplayText.width(of: ch); chars = chars.dropFirst() }
                before = "…" + chars
            }
            let c = screen.put(before, row: row, col: end)
            screen.put("▏", row: row, col: c, style: Style(.accent))
            screen.put(after, row: row, col: c + 1)
            if let (text, isError) = s.statusLine {
                screen.fill(row: row - 1, col: 0, count: s.width, style: Style(isError ? .error : .normal))
                screen.put(DisplayText.sanitizeLine(text), row: row - 1, col: 1, style: Style(isError ? .error : .normal, bold: isError))
            }
            return
        }
        if let (text, isError) = s.statusLine {
            screen.put(DisplayText.sanitizeLine(text), row: row, col: 1, style: Style(isError ? .error : .accent, bold: isError))
            return
        }
        // The hint line comes from the live keymap (effective keys of the current context), so a
        // rebound key shows as it is and an overlay shows only what works there.
        let ctx = s.keyContext
        let hints: [(KeyAction, String)]
        switch ctx {
        case .help: hints = [(.moveDown, "down"), (.moveUp, "up"), (.pageDown, "page"), (.cancel, "close")]
        case .menu:
            if case .menu(let m) = s.overlay, case .offers = m.purpose {
                hints = [(.toggle, "tick"), (.offer1, "tick 1"), (.confirm, "write the reply"), (.cancel, "cancel")]
            } else {
                hints = [(.moveDown, "down"), (.moveUp, "up"), (.confirm, "choose"), (.cancel, "cancel")]
            }
        case .composer:
            hints = [(.confirm, "send"), (.cancel, "cancel"), (.switchLanguage, "language"), (.externalEditor, "$EDITOR"),
                     (.deleteWordBack, "delete word")]
                + (s.translationEnabled ? [(.translateReply, "translate paragraph"), (.checkTranslation, "read back")] : [])
        default: hints = [(.help, "help"), (.search, "search"), (.switchPane, "pane"), (.noResponseNeeded, "no reply"),
                          (.snooze, "snooze"), (.setCategory, "category"), (.toggleResolved, "resolve"), (.addNote, "note"), (.quit, "quit"), (.pinQuote, "pin quote")]
        }
        var parts: [String] = []
        for (a, label) in hints {
            if let k = s.keymap.keys(for: a, in: ctx).first { parts.append("\(KeyNotation.notation(k)) \(label)") }
        }
        screen.put(DisplayText.truncate(parts.joined(separator: "  "), to: s.width - 1), row: row, col: 1, style: Style(.dim))
    }

    static func help(_ screen: inout Screen, _ s: InboxState, _ scroll: Int) {
        for r in 1..<(s.height - 1) { screen.fill(row: r, col: 0, count: s.width, style: Style()) }
        screen.put(" Keys (from the live keymap) — Esc closes ", row: 1, col: 1, style: Style(.title, bold: true))
        let lines = s.keymap.helpLines(contexts: KeyContext.allCases)
        for (i, l) in lines.dropFirst(scroll).prefix(max(s.height - 4, 0)).enumerated() {
            screen.put(DisplayText.truncate(l, to: s.width - 2), row: 2 + i, col: 1)
        }
    }

    static func menu(_ screen: inout Screen, _ m: Menu) {
        var items = m.items
        if case .offers = m.purpose {
            items = items.enumerated().map { (m.checked.contains($0.offset) ? "[x] " : "[ ] ") + $0.element }
        }
        let w = min(max(items.map { $0.count }.max() ?? 10, m.title.count) + 6, screen.width - 2)
        let visible = min(m.items.count, screen.height - 4)
        let top0 = max((screen.height - visible - 2) / 2, 1)
        let left = max((screen.width - w) / 2, 0)
        let first = min(max(m.selected - visible + 1, 0), m.items.count - visible)
        screen.fill(row: top0, col: left, count: w, style: Style(.title, reverse: true))
        screen.put(" " + m.title, row: top0, col: left, limit: w, style: Style(.title, bold: true, reverse: true))
        for i in 0..<visible {
            let idx = first + i
            let sel = idx == m.selected
            let st = sel ? Style(.selected, bold: true, reverse: true) : Style()
            screen.fill(row: top0 + 1 + i, col: left, count: w, style: st)
            screen.put((sel ? " ▸ " : "   ") + items[idx], row: top0 + 1 + i, col: left, limit: w, style: st)
        }
        screen.hline(row: top0 + 1 + visible, col: left, count: w)
    }
}
