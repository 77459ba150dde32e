import Foundation
import KefuMail
import KefuModel

/// The composer drawn over the panes: who the reply goes to, the text with the lint's spans
/// marked and the cursor, then the findings.
extension InboxRender {
    static func composer(_ screen: inout Screen, _ s: InboxState, _ cs: ComposerState, _ layout: ComposerLayout) {
        for r in 1..<(s.height - 1) { screen.fill(row: r, col: 0, count: s.width, style: Style()) }
        let c = s.cases[cs.caseID]
        var title = " Reply · \(cs.caseID)"
        if let c {
            title += " · " + DisplayText.sanitizeLine(c.buyer.name ?? c.buyer.address ?? "buyer")
            title += " · " + MarketplaceLabel.short(channel: c.channel, marketplace: c.marketplace)
        }
        title += " · \(cs.language) · " + cs.offers.map { o in o.amount.map { "\(o.id) \($0.description)" } ?? o.id }.joined(separator: ", ")
        if !cs.attachments.isEmpty { title += " · attached: " + DisplayText.sanitizeLine(cs.attachments.map(\.summary).joined(separator: ", ")) }
        // Team mode: a colleague holds the case's lease, so this reply cannot be sent (the text stays).
        if let l = s.team?.lease, l.caseID == cs.caseID, case .refused(let who) = l.phase {
            title += " · ✎ \(DisplayText.sanitizeLine(who.name)) is replying: cannot send"
        }
        screen.fill(row: layout.titleRow, col: 0, count: s.width, style: Style(.title, reverse: true))
        screen.put(DisplayText.truncate(title, to: s.width), row: layout.titleRow, col: 0, limit: s.width,
                   style: Style(.title, bold: true, reverse: true))
        text(&screen, cs, layout)
        if let ruleRow = layout.checkRule {
            // The reply read back in the agent's language: machine-made, a check and nothing more.
            let lines = cs.checkLines(width: layout.textWidth)
            let more = lines.count > layout.checkRows ? " (first \(layout.checkRows) lines)" : ""
            screen.put(rule("── Back-translated into \(s.replySettings.translationLanguage), machine-made\(more) ", s.width - 2, Style(.dim, bold: true)).text,
                       row: ruleRow, col: 1, style: Style(.dim, bold: true))
            for (i, l) in lines.prefix(layout.checkRows).enumerated() {
                screen.put(DisplayText.truncate(l, to: s.width - 2), row: ruleRow + 1 + i, col: 1, limit: s.width - 2,
                           style: Style(cs.check.map { if case .failed = $0 { return true }; return false } == true ? .error : .dim))
            }
        }
        if let ruleRow = layout.lintRule {
            let e = cs.errors.count, w = cs.warnings.count
            var t = "── \(e) error(s) block sending, \(w) warning(s) "
            if cs.findings.count > layout.lintRows { t += "(first \(layout.lintRows) shown) " }
            screen.put(rule(t, s.width - 2, Style(e > 0 ? .error : .soon, bold: true)).text, row: ruleRow, col: 1,
                       style: Style(e > 0 ? .error : .soon, bold: true))
            let text = Array(cs.editor.text)
            for (i, f) in cs.findings.sorted(by: { ($0.severity == .error ? 0 : 1) < ($1.severity == .error ? 0 : 1) })
                .prefix(layout.lintRows).enumerated() {
                let mark = f.severity == .error ? "✗ " : "! "
                var line = mark + f.message
                if let span = f.span, span.upperBound <= text.count {
                    line += " — “" + DisplayText.sanitizeLine(String(text[span])) + "”"
                }
                screen.put(DisplayText.truncate(line, to: s.width - 2), row: ruleRow + 1 + i, col: 1, limit: s.width - 2,
                           style: Style(f.severity == .error ? .error : .soon))
            }
        }
    }

    /// The visible rows of the text. Lint spans are drawn reversed in their colour; the cursor is
    /// a reversed cell (the terminal's own cursor stays hidden).
    static func text(_ screen: inout Screen, _ cs: ComposerState, _ layout: ComposerLayout) {
        let rows = cs.editor.visualRows(width: layout.textWidth)
        let marks = cs.highlights()
        let cursor = cs.editor.cursorVisual(width: layout.textWidth)
        for (i, r) in layout.text(rows: rows.count, top: cs.top).visible.enumerated() {
            let row = rows[r], y = layout.textRow + i
            var x = 1
            var cursorDrawn = false
            for (j, ch) in row.text.enumerated() {
                let column = row.startColumn + j
                var style = Style()
                if let m = marks[row.line]?.first(where: { $0.range.contains(column) }) {
                    style = Style(m.severity == .error ? .error : .soon, bold: true, reverse: true)
                }
                // A control or bidi character shows as its stand-in ("␛", "�") in the error colour;
                // it is removed from what is sent.
                let glyph = TextEditor.glyph(ch)
                if glyph != String(ch) && style == Style() { style = Style(.error, bold: true) }
                if r == cursor.row && x - 1 == cursor.column { style = Style(.accent, bold: true, reverse: true); cursorDrawn = true }
                x = screen.put(glyph, row: y, col: x, limit: layout.textWidth + 1 - x, style: style)
            }
            if r == cursor.row && !cursorDrawn {
                screen.put(" ", row: y, col: min(1 + cursor.column, layout.textWidth), style: Style(.accent, reverse: true))
            }
        }
    }
}
