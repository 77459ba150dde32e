/// Where each pane goes at a given terminal size. Shared by update (page sizes) and render.
public struct Layout: Equatable, Sendable {
    public struct Rect: Equatable, Sendable { public var row, col, width, height: Int }
    public static let minWidth = 40, minHeight = 12
    /// At this width and more the detail pane sits beside the queue.
    public static let sideBySideWidth = 140

    public var tooSmall: Bool
    public var sideBySide: Bool
    /// The queue, including its column-title row.
    public var queue: Rect
    public var detail: Rect

    /// `cases`: how many cases the queue lists; a short queue gives its spare rows to the detail pane
    /// (issue 17: at 120×40 empty queue rows took the space the thread needed).
    public init(width: Int, height: Int, cases: Int = .max) {
        tooSmall = width < Self.minWidth || height < Self.minHeight
        sideBySide = width >= Self.sideBySideWidth
        let body = max(height - 2, 0) // header row and footer row
        if sideBySide {
            let qw = width * 11 / 20
            queue = Rect(row: 1, col: 0, width: qw, height: body)
            detail = Rect(row: 1, col: qw + 1, width: width - qw - 1, height: body)
        } else {
            // Two fifths of the body, but no more than the title and the cases need (a row at least,
            // for "No cases here").
            let qh = min(max(4, body * 2 / 5), max(min(cases, body), 1) + 1)
            queue = Rect(row: 1, col: 0, width: width, height: qh)
            detail = Rect(row: 1 + qh + 1, col: 0, width: width, height: max(body - qh - 1, 0))
        }
    }

    /// Rows of the queue that show cases (one row holds the column titles).
    public var queueRows: Int { max(queue.height - 1, 1) }
}
