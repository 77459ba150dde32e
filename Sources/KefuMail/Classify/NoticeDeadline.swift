import Foundation

/// A response deadline a claim or chargeback notice states itself ("respond within 3 calendar days"),
/// as a time after the mail's date. The localised phrasings are the project's own reconstructions.
/// Only counts of days or hours are read; a stated calendar date ("by 24 November") is not.
enum NoticeDeadline {
    static let day = 86_400.0, hour = 3_600.0
    /// Folded text before the number, and the unit words that must follow it.
    static let phrases: [(before: String, after: [(String, Double)])] = [
        ("within ", [("calendar days", day), ("calendar day", day), ("days", day), ("day", day), ("hours", hour)]),
        ("innerhalb von ", [("kalendertagen", day), ("kalendertage", day), ("tagen", day), ("tage", day), ("stunden", hour)]),
        ("innerhalb ", [("kalendertagen", day), ("tagen", day), ("stunden", hour)]),
        ("binnen ", [("kalendertagen", day), ("tagen", day), ("stunden", hour)]),
        ("sous ", [("jours calendaires", day), ("jours", day), ("heures", hour)]),
        ("dans un delai de ", [("jours calendaires", day), ("jours", day), ("heures", hour)]),
        ("entro ", [("giorni di calendario", day), ("giorni solari", day), ("giorni", day), ("ore", hour)]),
        ("en un plazo de ", [("dias naturales", day), ("dias", day), ("horas", hour)]),
        ("dentro de ", [("dias naturales", day), ("dias", day), ("horas", hour)]),
    ]
    /// Japanese: the number comes first ("3暦日以内", "72時間以内").
    static let japaneseAfter: [(String, Double)] = [("暦日以内", day), ("日以内", day), ("日間以内", day), ("時間以内", hour)]
    /// Longer spans are not a response deadline (a 30-day appeal window, a 90-day policy).
    static let maxSpan = 14 * day

    /// The span stated in folded `text`, the first match.
    static func span(in folded: String) -> TimeInterval? {
        for (before, after) in phrases {
            var from = folded.startIndex
            while let r = folded[from...].range(of: before) {
                from = r.upperBound
                let digits = folded[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
                guard digits.count <= 3, let n = Int(digits), n > 0 else { continue }
                let rest = folded[digits.endIndex...].drop { $0 == " " }
                if let unit = after.first(where: { rest.hasPrefix($0.0) })?.1, Double(n) * unit <= maxSpan {
                    return Double(n) * unit
                }
            }
        }
        for (after, unit) in japaneseAfter {
            var from = folded.startIndex
            while let r = folded[from...].range(of: after) {
                from = r.upperBound
                var start = r.lowerBound
                while start > folded.startIndex, let c = folded[folded.index(before: start)].asciiValue, (48...57).contains(c) {
                    start = folded.index(before: start)
                }
                if let n = Int(folded[start..<r.lowerBound]), n > 0, Double(n) * unit <= maxSpan { return Double(n) * unit }
            }
        }
        return nil
    }

    /// `mailDate` + the stated span, or nil.
    static func due(text: String, mailDate: Date) -> Date? {
        // Deadlines sit in the notice's first screens; a huge body is not searched to its end.
        let head = text.utf8.count > 64_000 ? String(decoding: text.utf8.prefix(64_000), as: UTF8.self) : text
        return span(in: NoticeText.folded(head)).map { mailDate.addingTimeInterval($0) }
    }
}
