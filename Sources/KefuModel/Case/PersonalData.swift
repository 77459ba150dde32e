import Foundation
import KefuBase

/// What `kefu purge` removes from a case, and what it keeps.
///
/// Removed: the buyer's name and e-mail (relay) address, the thread key (it holds the sender's
/// address), tracking (it leads to the delivery address), every message's subject, body and
/// attachment names (replaced by `[purged YYYY-MM-DD]`), import warnings, cached machine translations, note texts (agents write
/// names in them), filed notices' texts and senders, and message ids that carry the buyer's address or
/// name (replaced by a hash).
/// Kept: ids, order id and dates, items (SKU, ASIN, title, quantity, price), country, time zone and
/// language, category, kinds, status, every time, every event with its offers and amounts, the
/// scrubbed buyer quote the weekly summary shows (`purgedQuote`, `purgedQuoteTranslation`) and the quote the agent pinned
/// (`pinnedQuote`, scrubbed when it was pinned).
public enum PersonalData {
    /// The text a purge leaves in place of personal data (the rules of the purge are in KefuStore's Purge.swift).
    public static func marker(_ now: Date) -> String { markerPrefix + "\(ISO8601.format(now).prefix(10))]" }
    package static let markerPrefix = "[purged "
    /// Whether `text` is what a purge left in place of personal data.
    public static func isMarker(_ text: String) -> Bool { text.hasPrefix(markerPrefix) }
}
