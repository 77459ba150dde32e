/// The queue's columns, one set for the inbox and `kefu list`: DUE, (ID), CHANNEL, BUYER, ORDER,
/// CATEGORY, and LATEST taking the rest. Narrower widths drop the order, then the category.
public struct QueueColumns: Sendable {
    public var due = 15, id = 0, channel = 9, buyer = 14, order = 20, category = 13

    /// `showID`: the plain listing names each case (the inbox shows the selected one's id in its divider).
    public init(width w: Int, showID: Bool = false) {
        if showID { id = 9 }
        if w < 100 { buyer = 12; order = 0 }
        if w < 80 { category = 0 }
        if w < 60 { buyer = 10 }
    }

    var fixed: Int { due + id + channel + buyer + order + category }

    /// Each field's width in a row `width` cells wide (0: the column is dropped), in the order above.
    public func widths(_ width: Int) -> [Int] { [due, id, channel, buyer, order, category, max(width - fixed, 0)] }
}
