import Foundation
import KefuModel

/// The pure render: state → cell grid. Called once per frame; draws only what is on screen.
public enum InboxRender {
    public static func render(_ s: InboxState) -> Screen {
        var screen = Screen(width: s.width, height: s.height)
        let geometry = InboxGeometry(s)
        let layout = geometry.layout
        if layout.tooSmall {
            let msg = "terminal too small", need = "need \(Layout.minWidth)×\(Layout.minHeight)"
            let r = max(s.height / 2 - 1, 0)
            screen.put(msg, row: r, col: max((s.width - msg.count) / 2, 0))
            screen.put(need, row: r + 1, col: max((s.width - need.count) / 2, 0), style: Style(.dim))
            return screen
        }
        header(&screen, s)
        queue(&screen, s, layout.queue, geometry.queue(s))
        if layout.sideBySide {
            screen.vline(col: layout.queue.width, row: layout.queue.row, count: layout.queue.height)
        } else {
            divider(&screen, s, row: layout.detail.row - 1)
        }
        detail(&screen, s, layout.detail, geometry)
        footer(&screen, s)
        switch s.overlay {
        case .help(let scroll): help(&screen, s, geometry.help(s, scroll: scroll))
        case .menu(let m): menu(&screen, m, geometry.menu(m))
        case .composer(let cs): composer(&screen, s, cs, geometry.composer(cs))
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
        if let t = s.team {
            // Who this agent is and whether new cases come to them (`toggle-available`).
            left += " · " + DisplayText.sanitizeLine(t.me.name)
            if let available = t.available {
                left += (available ? " ● available" : " ○ away") + " (\(InboxUpdate.keyName(s, .toggleAvailable, in: .queue)))"
            }
        }
        var counts = "reply \(c.needsReply) · overdue \(c.overdue) · <2h \(c.dueSoon) · waiting \(c.waiting)"
        if c.notSent > 0 { counts += " · ⚠ \(c.notSent) repl\(c.notSent == 1 ? "y" : "ies") not sent (U)" }
        if s.unsaved > 0 { counts += " · ⚠ \(s.unsaved) not saved" }
        if !s.marked.isEmpty { counts += " · ✓ \(s.marked.count) marked" }
        var right = "[\(s.filter.title)\(s.team?.mineOnly == true ? " · mine" : "")]"
        if !s.search.isEmpty { right = "/\(DisplayText.sanitizeLine(s.search)) " + right }
        let rightW = DisplayText.width(right) + 1
        let end = screen.put(left + "  ", row: 0, col: 0, limit: max(s.width - rightW, 0), style: Style(.header, bold: true, reverse: true))
        screen.put(counts, row: 0, col: end, limit: max(s.width - rightW - end, 0), style: st)
        screen.put(DisplayText.truncate(right, to: s.width - 1), row: 0, col: max(s.width - rightW, 0), style: st)
    }

    static func queue(_ screen: inout Screen, _ s: InboxState, _ r: Layout.Rect, _ rows: Viewport) {
        let cols = QueueColumns(width: r.width)
        let titleStyle = Style(.dim, bold: true)
        var titles = QueueColumns.titles
        titles[1] = ""   // the selected case's id is in the divider
        row(&screen, r.row, r.col, r.width, cols, titles, titleStyle)
        if s.visible.isEmpty {
            let msg = s.search.isEmpty ? "No cases here (\(s.filter.title))." : "No case matches “\(DisplayText.sanitizeLine(s.search))”."
            screen.put(msg, row: r.row + 1, col: r.col + 2, limit: r.width - 2, style: Style(.dim))
            return
        }
        let selected = s.selectedIndex
        for (i, idx) in rows.visible.enumerated() {
            let e = s.visible[idx]
            // A queued reply that has not left is not an answer: say so instead of a met clock.
            let (due, role) = s.unsent.contains(e.item.id) ? ("! not sent", Role.overdue) : Urgency.dueCell(e, at: s.now, warnWithin: s.warnWithin)
            var style = Style(role, bold: role == .overdue)
            if idx == selected { style = Style(.selected, bold: true, reverse: s.focus == .queue) }
            // A case marked for a bulk action: ✓ before its due cell.
            let dueCell = s.marked.contains(e.item.id) ? "✓ " + due : due
            var fields = QueueCells.fields(e, due: dueCell, columns: cols)
            if let t = s.team { fields[fields.count - 1] = teamCell(t, e.item.id) + fields[fields.count - 1] }
            row(&screen, r.row + 1 + i, r.col, r.width, cols, fields, style)
        }
    }

    /// Team mode, before the excerpt: a colleague replying ("✎ Lin replying · "), else the owner ("@Lin ").
    static func teamCell(_ t: TeamState, _ id: String) -> String {
        if let who = t.colleagueReplying(id) {
            return "✎ \(DisplayText.truncate(DisplayText.sanitizeLine(who.name), to: 12)) replying · "
        }
        return t.ownerLabel(id).map { "@\($0) " } ?? ""
    }

    static func row(_ screen: inout Screen, _ r: Int, _ c0: Int, _ w: Int, _ cols: QueueColumns, _ f: [String], _ style: Style) {
        screen.fill(row: r, col: c0, count: w, style: style)
        let widths = cols.widths(w)
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

    static let firstRunHint = [
        "No cases in this store yet. To bring them in:",
        "  kefu import maildir DIR      files the mail of a Maildir (the support mailbox)",
        "  [mail] maildir = \"DIR\"       in config.toml: the open inbox follows that Maildir",
        "  kefu import FILE.jsonl       imports messages, one JSON object a line (see README)",
        "  kefu import orders FILE      imports an order report (Amazon, Shopify, eBay)",
        "  kefu demo                    opens a demo store to try kefu on",
    ]

    static func detail(_ screen: inout Screen, _ s: InboxState, _ r: Layout.Rect, _ geometry: InboxGeometry) {
        guard r.height > 0 else { return }
        guard let c = s.selectedCase else {
            // An empty store (a first run): say how cases get in, not just that there are none.
            let hint = s.cases.isEmpty ? firstRunHint : ["Select a case."]
            for (i, l) in hint.prefix(r.height).enumerated() {
                screen.put(l, row: r.row + i, col: r.col + 1, limit: r.width - 1, style: Style(.dim))
            }
            return
        }
        let pane = geometry.detail(s, c)
        var y = r.row
        let x = r.col + 1, w = pane.textWidth
        func line(_ l: StyledLine) {
            guard y < r.row + r.height else { return }
            screen.put(DisplayText.truncate(l.text, to: w), row: y, col: x, limit: w, style: l.style)
            y += 1
        }
        pane.banner.map(line)
        pane.facts.forEach(line)
        let t = pane.thread
        line(rule("── Thread (\(c.messages.count))\(t.moreText) ", w, Style(.border, bold: s.focus == .detail)))
        let threadTop = y
        for i in t.visible { line(pane.content.thread[i]) }
        y = threadTop + t.height
        if pane.offersRule { line(rule("── Offers ", w, Style(.border))) }
        pane.offers.forEach(line)
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
        screen.put(footerHints(s, width: s.width - 1), row: row, col: 1, style: Style(.dim))
    }

    /// The hint line: the actions whose records offer a label in the current context, in `KeyAction`
    /// order, with their first key in the live keymap (a rebound key shows as it is). An action that
    /// does nothing now (no case, read-only store, no such offer) is left out; help says why. Hints
    /// that do not fit whole are dropped.
    static func footerHints(_ s: InboxState, width: Int) -> String {
        let ctx = s.keyContext
        // Each action's first key in file order, from one pass over the context's bindings (every frame).
        var firstKey: [KeyAction: [Key]] = [:]
        for b in s.keymap.bindings(in: ctx) where firstKey[b.action] == nil { firstKey[b.action] = b.keys }
        var line = ""
        for a in KeyAction.allCases {
            let r = a.record
            guard let label = r.hints[ctx], let key = firstKey[a], r.disabledReason(s, in: ctx) == nil else { continue }
            let hint = (line.isEmpty ? "" : "  ") + "\(KeyNotation.notation(key)) \(label)"
            guard DisplayText.width(line + hint) <= width else { break }
            line += hint
        }
        return line
    }

    static func help(_ screen: inout Screen, _ s: InboxState, _ pane: HelpPane) {
        for r in HelpPane.titleRow..<(s.height - 1) { screen.fill(row: r, col: 0, count: s.width, style: Style()) }
        let close = s.keymap.keys(for: .cancel, in: .help).first.map { " — \(KeyNotation.notation($0)) closes" } ?? ""
        let v = pane.list
        let lines = v.length > v.height ? "· lines \(v.visible.lowerBound + 1)–\(v.visible.upperBound) of \(v.length)" : ""
        // Narrow screens get the short title, so where the list stands stays in view.
        var title = " Keys (from the live keymap)\(close) "
        if DisplayText.width(title + lines) > s.width - 2 { title = " Keys\(close) " }
        let end = screen.put(title, row: HelpPane.titleRow, col: 1, limit: s.width - 2, style: Style(.title, bold: true))
        screen.put(lines, row: HelpPane.titleRow, col: end, limit: max(s.width - 1 - end, 0), style: Style(.dim))
        for (i, l) in v.visible.enumerated() {
            let line = pane.lines[l]
            screen.put(DisplayText.truncate(line.text, to: s.width - 2), row: HelpPane.firstRow + i, col: 1, style: line.style)
        }
    }

    static func menu(_ screen: inout Screen, _ m: Menu, _ box: MenuBox) {
        let (top, left, w) = (box.top, box.left, box.width)
        screen.fill(row: top, col: left, count: w, style: Style(.title, reverse: true))
        screen.put(" " + m.title, row: top, col: left, limit: w, style: Style(.title, bold: true, reverse: true))
        for (i, idx) in box.list.visible.enumerated() {
            let sel = idx == m.selected
            let st = sel ? Style(.selected, bold: true, reverse: true) : Style()
            screen.fill(row: top + 1 + i, col: left, count: w, style: st)
            screen.put((sel ? " ▸ " : "   ") + box.labels[idx], row: top + 1 + i, col: left, limit: w, style: st)
        }
        screen.hline(row: top + 1 + box.list.height, col: left, count: w)
        // A list longer than the box says how much is out of sight, as the thread's rule does.
        let v = box.list, more = v.moreText
        if !more.isEmpty { screen.put(more + " ", row: top + 1 + v.height, col: left + 2, limit: max(w - 2, 0), style: Style(.border)) }
    }
}
