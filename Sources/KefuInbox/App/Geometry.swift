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
        layout = Layout(width: s.width, height: s.height)
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
    /// The thread's rows; its offset counts from the oldest line (the state's `threadScroll` from the newest).
    public let thread: Viewport

    /// Text columns: the pane less its left margin.
    public var textWidth: Int { max(rect.width - 1, 0) }

    init(_ s: InboxState, _ c: Case, _ r: Layout.Rect) {
        rect = r
        let d = s.detail(c, width: max(r.width - 1, 0))
        content = d
        if s.unsent.contains(c.id), let q = s.outbox.first(where: { $0.caseID == c.id }) {
            let why = q.state.lastError ?? (q.state.inFlight ? "held: kefu stopped mid-delivery" : "queued since \(LocalTime.stamp(q.queuedAt, in: s.agentTimeZone))")
            banner = StyledLine("⚠ Reply not sent — \(DisplayText.sanitizeLine(why)) · U to retry", Style(.error, bold: true))
        } else {
            banner = nil
        }
        let compact = DetailContent.isCompact(paneHeight: r.height)
        let bannerRows = banner == nil ? 0 : 1
        // The thread keeps a row and its rule: in a pane that short the facts give way from the bottom.
        facts = Array((compact ? d.compactFacts : d.facts).prefix(max(r.height - bannerRows - 2, 0)))
        offers = compact ? [d.compactOffers] : d.offers
        let above = bannerRows + facts.count + 1          // banner, facts, the thread's rule
        let below = 1 + offers.count                      // the offers' rule, the offers
        let rows = max(r.height - above - below, min(1, r.height - above))
        let all = Viewport(length: d.thread.count, height: rows)
        thread = all.at(all.maxOffset - s.threadScroll)
    }

    /// The state's `threadScroll` for a thread viewport: lines hidden below the newest.
    static func scroll(_ v: Viewport) -> Int { v.maxOffset - v.offset }
}
