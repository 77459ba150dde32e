/// A window of `height` rows onto `length` lines of content, starting at line `offset`: the one
/// place where scrolling is clamped. Update moves it with the keys, render draws `visible`, and both
/// get it from `InboxGeometry`, so a scroll position the keys reach is one the screen shows.
public struct Viewport: Equatable, Sendable {
    public let length: Int
    public let height: Int
    /// The first line shown, always within `0...maxOffset`.
    public let offset: Int

    public init(length: Int, height: Int, offset: Int = 0) {
        self.length = max(length, 0)
        self.height = max(height, 0)
        self.offset = min(max(offset, 0), max(self.length - self.height, 0))
    }

    public var maxOffset: Int { max(length - height, 0) }
    /// The content lines on screen, top to bottom.
    public var visible: Range<Int> { offset..<min(offset + height, length) }
    public var hiddenAbove: Int { offset }
    public var hiddenBelow: Int { length - visible.upperBound }
    /// What is out of sight, for a rule above or below the rows: " ↑3 more ↓2 more", or "" when all is shown.
    public var moreText: String {
        (hiddenAbove > 0 ? " ↑\(hiddenAbove) more" : "") + (hiddenBelow > 0 ? " ↓\(hiddenBelow) more" : "")
    }
    /// How far a page key scrolls text: one line of the previous page stays in view, to read on from.
    public var page: Int { max(height - 1, 1) }

    public func at(_ offset: Int) -> Viewport { Viewport(length: length, height: height, offset: offset) }

    /// The viewport after a movement key when the keys scroll the text itself (thread, help);
    /// nil for a key that does not move it.
    public func scrolled(by action: KeyAction) -> Viewport? {
        switch action {
        case .moveDown: return at(offset + 1)
        case .moveUp: return at(offset - 1)
        case .pageDown: return at(offset + page)
        case .pageUp: return at(offset - page)
        case .first: return at(0)
        case .last: return at(maxOffset)
        default: return nil
        }
    }

    /// Where a cursor on line `line` goes with a movement key when the keys move a cursor through a
    /// list (queue, menu): a page is a whole screenful, so the next page's rows are all new.
    /// Nil for a key that does not move it, or an empty list.
    public func cursor(_ line: Int, after action: KeyAction) -> Int? {
        guard length > 0 else { return nil }
        let step = max(height, 1)
        let to: Int
        switch action {
        case .moveDown: to = line + 1
        case .moveUp: to = line - 1
        case .pageDown: to = line + step
        case .pageUp: to = line - step
        case .first: to = 0
        case .last: to = length - 1
        default: return nil
        }
        return min(max(to, 0), length - 1)
    }

    /// The nearest viewport that shows `line` (scrolling as little as possible).
    public func revealing(_ line: Int) -> Viewport {
        if line < offset { return at(line) }
        if line >= offset + height { return at(line - height + 1) }
        return self
    }
}
