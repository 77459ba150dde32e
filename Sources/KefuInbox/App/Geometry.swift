import Foundation
import KefuModel
import KefuMail

/// Where every scrollable part of the screen sits for one state, derived from the state alone.
/// Update clamps the keys with it and render draws from it: one computation, so a line the keys can
/// reach is a line the screen shows (the queue, the thread, help, menus; the composer's layout is
/// `ComposerLayout`, reached through `composer`).
public struct InboxGeometry {
    public let layout: Layout
    let width: Int, height: Int

    public init(_ s: InboxState) {
        width = s.width; height = s.height
        layout = Layout(width: s.width, height: s.height, cases: s.visible.count)
    }

    /// The queue's case rows, the selection in view.
    public func queue(_ s: InboxState) -> Viewport {
        let v = Viewport(length: s.visible.count, height: layout.queueRows, offset: s.queueTop)
        return s.selectedIndex.map(v.revealing) ?? v
    }

    public func detail(_ s: InboxState, _ c: Case) -> DetailPane { DetailPane(s, c, layout.detail) }

    /// The help screen at `scroll`: the live keymap's lines wrapped to the screen, below its title row.
    /// An action of the panes help was opened from that does nothing now says why, dimmed.
    public func help(_ s: InboxState, scroll: Int) -> HelpPane {
        let pane: KeyContext = s.focus == .queue ? .queue : .detail
        let text = s.keymap.helpText(contexts: KeyContext.allCases, width: max(width - 2, 1)) { action, context in
            switch context {
            case .global: return action.record.disabledReason(s, in: pane)
            case .queue, .detail: return action.record.disabledReason(s, in: context)
            case .prompt, .menu, .help, .composer: return nil
            }
        }
        let lines = text.map { StyledLine($0.text, $0.off ? Style(.dim) : Style()) }
        return HelpPane(lines: lines, list: Viewport(length: lines.count, height: height - 1 - HelpPane.firstRow, offset: scroll))
    }

    public func menu(_ m: Menu) -> MenuBox { MenuBox(m, width: width, height: height) }

    public func composer(_ cs: ComposerState) -> ComposerLayout {
        ComposerLayout(width: width, height: height, findings: cs.findings.count, check: cs.checkLines(width: width - 2).count)
    }
}

/// The help overlay: a title row, then the lines through `list` down to the row above the footer.
public struct HelpPane {
    public static let titleRow = 1, firstRow = 2
    public let lines: [StyledLine]
    public let list: Viewport
}

/// A menu box centred on the screen: the title row at `top`, the items through `list` below it, a rule under them.
public struct MenuBox {
    public let top: Int, left: Int, width: Int
    /// The items as drawn (a checklist's with their tick boxes).
    public let labels: [String]
    public let list: Viewport

    init(_ m: Menu, width screenWidth: Int, height screenHeight: Int) {
        var labels = m.items
        if case .offers = m.purpose {
            labels = labels.enumerated().map { (m.checked.contains($0.offset) ? "[x] " : "[ ] ") + $0.element }
        }
        self.labels = labels
        let widest = max(labels.map(DisplayText.width).max() ?? 10, DisplayText.width(m.title))
        width = min(widest + 6, screenWidth - 2)
        let rows = max(min(labels.count, screenHeight - 4), 0)
        top = max((screenHeight - rows - 2) / 2, 1)
        left = max((screenWidth - width) / 2, 0)
        list = Viewport(length: labels.count, height: rows, offset: m.top).revealing(m.selected)
    }
}

/// The detail pane of one case: the "not sent" banner, the facts, the thread seen through its
/// viewport, the offers. The thread is wrapped at the width it is drawn at, and every row above it
/// (the banner too) is counted, so `first` reaches its oldest line.
public struct DetailPane {
    public let rect: Layout.Rect
    public let content: DetailContent
    /// A reply that has not left is said first: the agent believes the buyer was answered.
    public let banner: StyledLine?
    public let facts: [StyledLine]
    public let offers: [StyledLine]
    /// False when the pane is too short for any offer: their rule then gives its row to the thread.
    public let offersRule: Bool
    /// The thread's rows; its offset counts from the oldest line (the state's `threadScroll` from the newest).
    public let thread: Viewport

    /// Text columns: the pane less its left margin.
    public var textWidth: Int { max(rect.width - 1, 0) }

    init(_ s: InboxState, _ c: Case, _ r: Layout.Rect) {
        rect = r
        var d = s.detail(c, width: max(r.width - 1, 0))
        if let t = s.team, let owner = t.owners[c.id] { d.title.text += " · owner \(DisplayText.sanitizeLine(t.name(of: owner)))" }
        content = d
        if s.unsent.contains(c.id), let q = s.outbox.first(where: { $0.caseID == c.id }) {
            let why = q.state.lastError ?? (q.state.inFlight ? "held: kefu stopped mid-delivery" : "queued since \(LocalTime.stamp(q.queuedAt, in: s.agentTimeZone))")
            banner = StyledLine("⚠ Reply not sent — \(DisplayText.sanitizeLine(why)) · U to retry", Style(.error, bold: true))
        } else if let who = s.team?.colleagueReplying(c.id) {
            // Team mode: a colleague's lease on replying; the composer and sending are refused meanwhile.
            banner = StyledLine("✎ \(DisplayText.sanitizeLine(who.name)) is replying — leave it to them", Style(.soon, bold: true))
        } else {
            banner = nil
        }
        let bannerRows = banner == nil ? 0 : 1
        var kept = Self.keep(d, rows: r.height - bannerRows - 2)   // less the thread's and the offers' rules
        var rule = true
        if kept.offers.isEmpty, !d.offers.isEmpty || !d.guidance.isEmpty {
            let without = Self.keep(d, rows: r.height - bannerRows - 1)
            if without.offers.isEmpty { kept = without; rule = false }
        }
        (facts, offers, offersRule) = (kept.facts, kept.offers, rule)
        let above = bannerRows + facts.count + 1          // banner, facts, the thread's rule
        let below = (rule ? 1 : 0) + offers.count         // the offers' rule, the offers
        let rows = max(r.height - above - below, min(1, r.height - above))
        let all = Viewport(length: d.thread.count, height: rows)
        thread = all.at(all.maxOffset - s.threadScroll)
    }

    /// The thread's rows kept before the offers get any: the latest messages come first.
    static let threadRows = 4

    /// What a pane with `rows` rows for facts, thread and offers shows, kept in this order while they
    /// fit (issue 17: 80×24 hid the order and product and squeezed the offers into one line of ids):
    /// the buyer and their local time, the order and product in one line, the running deadlines, the
    /// latest messages (`threadRows`, reserved), the offers one per line ("+N more" when they do not
    /// all fit), then the title, the order in full, the other clocks, the notes and the advice. The
    /// thread takes what is left, and always keeps a row.
    static func keep(_ d: DetailContent, rows: Int) -> (facts: [StyledLine], offers: [StyledLine]) {
        var left = max(rows, 0)
        func take(_ n: Int, reserve: Int = 1) -> Bool {
            guard n <= left - reserve else { return false }
            left -= n
            return true
        }
        let buyer = take(1)
        let order = d.orderLine != nil && take(1)
        var clocks = 0
        while clocks < d.urgent, take(1) { clocks += 1 }
        let thread = min(max(d.thread.count, 1), threadRows)
        var offers = d.offers
        let room = max(left - thread, 0)
        if offers.count > room {
            let shown = max(room - 1, 0)
            offers = room == 0 ? [] : Array(offers.prefix(shown)) + [StyledLine("… +\(d.offers.count - shown) more offers", Style(.dim))]
        }
        left -= offers.count
        let title = take(1, reserve: thread)
        let fullOrder = order && take(d.order.count - 1, reserve: thread)
        while clocks < d.clocks.count, take(1, reserve: thread) { clocks += 1 }
        let notes = take(d.notes.count, reserve: thread)
        if take(d.guidance.count, reserve: thread) { offers += d.guidance }
        var facts = title ? [d.title] : []
        if buyer { facts.append(d.buyer) }
        if notes { facts += d.notes }
        if order { facts += fullOrder ? d.order : [d.orderLine!] }
        facts += d.clocks.prefix(clocks)
        return (facts, offers)
    }

    /// The state's `threadScroll` for a thread viewport: lines hidden below the newest.
    static func scroll(_ v: Viewport) -> Int { v.maxOffset - v.offset }
}
