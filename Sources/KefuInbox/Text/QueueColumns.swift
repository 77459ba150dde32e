import KefuModel

/// The queue's columns, one set for the inbox and `kefu list`: DUE, (ID), KIND, CHANNEL, BUYER, ORDER,
/// PRODUCT, CATEGORY, and LATEST (the buyer's words) taking the rest. Columns join as the width allows,
/// most telling first (kind, product, then category whole, product and buyer wider, then the order id),
/// each only while the excerpt keeps a readable width; a wide terminal widens buyer and product again. The category column
/// fits the longest category, so it is never cut.
public struct QueueColumns: Sendable {
    public var due = 15, id = 0, kind = 0, channel = 9, buyer = 10, order = 0, product = 0, category = 0

    public static let titles = ["  DUE", "ID", "KIND", "CHANNEL", "BUYER", "ORDER", "PRODUCT", "CATEGORY", "LATEST"]
    /// The longest category name and a space.
    static let categoryWidth = (Category.allCases.map(\.rawValue.count).max() ?? 13) + 1

    /// `showID`: the plain listing names each case (the inbox shows the selected one's id in its divider).
    public init(width w: Int, showID: Bool = false) {
        if showID { id = 9 }
        var rest = w - fixed
        /// Gives `column` `extra` more cells when the excerpt keeps at least `keeping` after it.
        func grow(_ column: WritableKeyPath<QueueColumns, Int>, by extra: Int, keeping: Int) {
            guard rest - extra >= keeping else { return }
            self[keyPath: column] += extra
            rest -= extra
        }
        grow(\.kind, by: CaseBadge.width + 1, keeping: 12)
        grow(\.product, by: 12, keeping: 16)
        grow(\.buyer, by: 2, keeping: 20)
        grow(\.category, by: Self.categoryWidth, keeping: 24)
        // Most SKUs whole and most names before the order id, which the detail pane shows anyway.
        grow(\.product, by: 6, keeping: 24)
        grow(\.buyer, by: 4, keeping: 24)
        grow(\.order, by: 20, keeping: 30)
        grow(\.buyer, by: 4, keeping: 40)
        grow(\.product, by: 12, keeping: 40)
    }

    var fixed: Int { due + id + kind + channel + buyer + order + product + category }

    /// Each field's width in a row `width` cells wide (0: the column is dropped), in the order of `titles`.
    public func widths(_ width: Int) -> [Int] { [due, id, kind, channel, buyer, order, product, category, max(width - fixed, 0)] }
}
