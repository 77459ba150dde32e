/// What a cell looks like. Roles, not colours: the driver maps them to colour pairs (or to
/// attributes alone on a monochrome terminal).
public enum Role: UInt8, Sendable, CaseIterable {
    case normal, header, selected, overdue, soon, dim, accent, error, border, title
}

public struct Style: Hashable, Sendable {
    public var role: Role = .normal
    public var bold = false
    public var reverse = false
    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role; self.bold = bold; self.reverse = reverse
    }
}

public struct Cell: Hashable, Sendable {
    /// One grapheme cluster; "" marks the right half of a wide character.
    public var text: String
    public var style: Style
    public static let blank = Cell(text: " ", style: Style())
}

/// The in-memory frame: render writes it, tests compare it with golden text, the driver blits it.
public struct Screen: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(width, 0); self.height = max(height, 0)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, col: Int) -> Cell { cells[row * width + col] }

    /// Writes already-sanitised text from (row, col), clipped at `limit` columns (default: row end).
    /// Wide characters that would straddle the limit are replaced by a space. Returns the next column.
    @discardableResult
    public mutating func put(_ text: String, row: Int, col: Int, limit: Int? = nil, style: Style = Style()) -> Int {
        guard row >= 0, row < height else { return col }
        let end = min(limit.map { col + $0 } ?? width, width)
        var c = col
        for ch in text {
            let w = DisplayText.width(of: ch)
            if w == 0 { continue } // the sanitiser gives combining marks a base; a stray one is dropped
            if c + w > end {
                if c < end { cells[row * width + c] = Cell(text: " ", style: style) }
                return end
            }
            if c >= 0 {
                cells[row * width + c] = Cell(text: String(ch), style: style)
                if w == 2 { cells[row * width + c + 1] = Cell(text: "", style: style) }
            }
            c += w
        }
        return c
    }

    /// Fills columns [col, col+count) of a row with spaces in `style`.
    public mutating func fill(row: Int, col: Int, count: Int, style: Style) {
        guard row >= 0, row < height else { return }
        for c in max(col, 0)..<min(col + count, width) { cells[row * width + c] = Cell(text: " ", style: style) }
    }

    public mutating func hline(row: Int, col: Int, count: Int, style: Style = Style(.border)) {
        guard row >= 0, row < height else { return }
        for c in max(col, 0)..<min(col + count, width) { cells[row * width + c] = Cell(text: "─", style: style) }
    }

    public mutating func vline(col: Int, row: Int, count: Int, style: Style = Style(.border)) {
        guard col >= 0, col < width else { return }
        for r in max(row, 0)..<min(row + count, height) { cells[r * width + col] = Cell(text: "│", style: style) }
    }

    /// The frame as text, one line per row, trailing spaces kept off: what golden files hold.
    public var text: String {
        (0..<height).map { r in
            var line = ""
            for c in 0..<width { line += cells[r * width + c].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }

    /// One character per cell naming its role where it is not normal (`.` normal, `!` overdue, `~` soon,
    /// `S` selected, `H` header, …): a second golden layer that pins colours without escape codes.
    public var styleMap: String {
        let letters: [Role: Character] = [.normal: ".", .header: "H", .selected: "S", .overdue: "!", .soon: "~",
                                          .dim: "d", .accent: "a", .error: "E", .border: "b", .title: "T"]
        return (0..<height).map { r in
            String((0..<width).map { letters[cells[r * width + $0].style.role]! })
        }.joined(separator: "\n") + "\n"
    }
}
