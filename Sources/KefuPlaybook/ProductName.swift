import Foundation
import KefuModel
import KefuConfig

/// The product as a reply names it: short, once. `[products."SKU"] short-name` when the seller gave
/// one, else the listing title cut down to what a person would say ("Glass Electric Kettle 1.7 L with
/// Blue LED, 2200 W" → "Glass Electric Kettle"): up to the first separator or "with", without sizes,
/// counts and specifications, at most five words.
public enum ProductName {
    public static func short(for c: Case, settings: ReplySettings) -> String? {
        guard let item = c.order?.items.first(where: { $0.title != nil || $0.sku.map { settings.shortNames[$0] != nil } == true }) else { return nil }
        if let sku = item.sku, let name = settings.shortNames[sku] { return name }
        return item.title.map(shorten)
    }

    static let separators = [" - ", " – ", " — ", " | ", ",", "，", "、", "(", "（", "[", "【", ";"]
    static let cuts = [" with ", " mit ", " avec ", " con ", " inkl", " incl", " including "]
    static let units: Set<String> = ["l", "ml", "m", "cm", "mm", "w", "kw", "v", "kg", "g", "pa", "inch", "in", "zoll",
                                     "pcs", "pack", "x", "gb", "tb", "mah", "lumens", "lm", "oz", "lb", "lbs", "ft"]
    static let connectors: Set<String> = ["and", "with", "for", "to", "of", "und", "für", "et", "pour", "de", "y", "e", "per", "para", "&", "+"]

    public static func shorten(_ title: String) -> String {
        var t = title.trimmingCharacters(in: .whitespaces)
        for s in separators { if let r = t.range(of: s), r.lowerBound > t.startIndex { t = String(t[..<r.lowerBound]) } }
        for s in cuts { if let r = t.range(of: s, options: .caseInsensitive), r.lowerBound > t.startIndex { t = String(t[..<r.lowerBound]) } }
        var words: [Substring] = []
        var afterNumber = false
        for w in t.split(separator: " ") {
            let hasDigit = w.contains { $0.isNumber }
            if hasDigit { afterNumber = true; continue }
            if afterNumber && units.contains(w.lowercased()) { continue }
            afterNumber = false
            words.append(w)
        }
        let cjk = words.contains { $0.unicodeScalars.contains { $0.value >= 0x2E80 } }
        words = Array(words.prefix(cjk ? 2 : 5))
        while let last = words.last, connectors.contains(last.lowercased()) { words.removeLast() }
        let short = words.joined(separator: " ")
        return short.isEmpty ? title.trimmingCharacters(in: .whitespaces) : short
    }
}
