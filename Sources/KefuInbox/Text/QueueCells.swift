import Foundation
import KefuModel
import KefuMail

/// What a case is at a glance, from the marketplace process it is in (its request kinds, set by the
/// notices the intake classified) or, failing that, its category. Most serious first: a chargeback or
/// an A-to-z claim costs money and counts in the ODR; eBay requests and returns run marketplace clocks.
public enum CaseBadge {
    public static let width = 10
    static let byKind: [(RequestKind, String)] = [
        (.chargeback, "chargeback"), (.aToZClaim, "A-to-z"), (.snadRequest, "SNAD"), (.inrRequest, "INR"),
        (.returnRequest, "return"), (.negativeFeedback, "feedback"), (.cancellationRequest, "cancel"),
    ]
    static let byCategory: [(KefuModel.Category, String)] = [(.feedback, "feedback"), (.cancellation, "cancel")]

    /// "" for a plain buyer message: the badges that matter stand out in an otherwise empty column.
    public static func label(_ c: Case) -> String {
        if let hit = byKind.first(where: { c.kinds.contains($0.0) }) { return hit.1 }
        return byCategory.first { $0.0 == c.category }?.1 ?? ""
    }
}

/// One case's queue fields, in `QueueColumns.titles` order: the inbox and `kefu list` print the same.
public enum QueueCells {
    /// `due`: the due cell as the caller shows it (the inbox marks an unsent reply there). Sanitised.
    public static func fields(_ e: QueueEntry, due: String, columns: QueueColumns) -> [String] {
        let c = e.item, s = DisplayText.sanitizeLine
        return [due, c.id, CaseBadge.label(c), MarketplaceLabel.short(channel: c.channel, marketplace: c.marketplace),
                s(c.buyer.name ?? c.buyer.address ?? "-"), s(c.order?.id ?? "-"), product(c, width: columns.product - 1),
                c.category.rawValue, excerpt(c)]
    }

    /// The first item's SKU (or ASIN), then as much of its title as fits in `width` (none when fewer than
    /// `minTitle` cells are left: a stub of a title says nothing), "+N" for more items; "-" without an
    /// order. Sanitised.
    public static func product(_ c: Case, width: Int) -> String {
        guard let items = c.order?.items, let first = items.first else { return "-" }
        let s = DisplayText.sanitizeLine
        let more = items.count > 1 ? " +\(items.count - 1)" : ""
        let code = (first.sku ?? first.asin).map(s) ?? ""
        let title = first.title.map(s) ?? ""
        if code.isEmpty { return title.isEmpty ? "-" : title + more }
        let room = width - DisplayText.width(code) - DisplayText.width(more) - 1
        guard !title.isEmpty, room >= min(minTitle, DisplayText.width(title)) else { return code + more }
        return code + " " + DisplayText.truncate(title, to: room) + more
    }

    static let minTitle = 10

    /// The buyer's latest words past greetings and quotes (`BuyerWords`); the message's first line when
    /// it holds nothing else (a bare "Thanks!"), our own latest message when the buyer never wrote.
    public static func excerpt(_ c: Case) -> String {
        guard let m = c.messages.last(where: { $0.direction == .inbound }) ?? c.latestMessage else { return "" }
        return ExcerptMemo.shared.value(for: m) {
            BuyerWords.firstLine(m.body).map(DisplayText.sanitizeLine) ?? QueueText.firstLine(m.body)
        }
    }
}

/// The excerpt is a pure function of one message's body, asked for every visible row on every frame;
/// working it out (greetings in many languages, sign-offs) costs tens of microseconds a row, so it is
/// remembered by message. Bounded: emptied when full. A memo, not state: the same body always gives
/// the same text, so render stays a function of the state.
final class ExcerptMemo: @unchecked Sendable {
    static let shared = ExcerptMemo()
    static let capacity = 8192
    private let lock = NSLock()
    private var texts: [Key: String] = [:]

    struct Key: Hashable {
        var sourceId: String
        var at: Date
        var bodyBytes: Int
    }

    func value(for m: Message, _ make: () -> String) -> String {
        let key = Key(sourceId: m.sourceId, at: m.at, bodyBytes: m.body.utf8.count)
        lock.lock()
        if let t = texts[key] { lock.unlock(); return t }
        lock.unlock()
        let t = make()
        lock.lock()
        if texts.count >= Self.capacity { texts.removeAll(keepingCapacity: true) }
        texts[key] = t
        lock.unlock()
        return t
    }
}
