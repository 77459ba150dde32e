import Foundation
import KefuModel

/// A suggested category for a case, with the cues that led to it so the agent can judge it.
public struct CategorySuggestion: Sendable, Equatable {
    public var category: Category
    /// 0...1: how much evidence there is and how clearly it points at one category.
    public var confidence: Double
    /// The cues that fired for `category`, in the order they appear ("reason: …" for a return reason).
    public var matched: [String]

    public init(category: Category, confidence: Double, matched: [String]) {
        self.category = category
        self.confidence = confidence
        self.matched = matched
    }
}

/// Suggests a category from a buyer's words in English, German, French, Italian, Spanish, Japanese or
/// Chinese: weighted cue phrases (see `CategoryCues`) found in one pass, negated cues dropped, cues after
/// a "but" weighed up, and a marketplace return reason counted as strong evidence.
public enum CategorySuggester {
    /// What a listed return reason is worth: more than two strong phrases of free text.
    static let returnReasonWeight = 6.0
    /// An unlisted return reason is read as text, but it was still chosen for this return.
    static let freeReasonFactor = 2.0
    /// The buyer's main complaint usually follows "but" / "aber" / "但是".
    static let afterContrastFactor = 1.3
    /// How much of a message is read.
    static let maxScalars = 16_000
    /// Two colour names beside "I ordered … / got …" evidence: what differs is the colour.
    static let colourMismatchBonus = 3.5

    /// Equal scores go to the category that costs most when missed (A-to-z claims, chargebacks,
    /// time-critical requests first); the bare "thanks" of a sign-off comes last.
    static let tieOrder: [Category] = [
        .notReceived, .lostParcel, .damaged, .defective, .wrongItem, .missingPart, .cancellation, .addressChange,
        .lateDelivery, .warranty, .sizeColor, .feedback, .invoice, .howToUse, .unwanted, .thankYou, .other,
    ]
    private static let tieRank: [Int] = CueIndex.categories.map { c in tieOrder.firstIndex(of: c)! }
    private static let wrongItem = CueIndex.categories.firstIndex(of: .wrongItem)!
    private static let sizeColor = CueIndex.categories.firstIndex(of: .sizeColor)!

    /// The first `maxScalars` of a text: the subject and a return reason are bounded like the body.
    static func head(_ text: String) -> String {
        // No string has more scalars than UTF-8 bytes: most need no count at all.
        text.utf8.count <= maxScalars || text.unicodeScalars.count <= maxScalars ? text
            : String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxScalars)))
    }

    /// Compiles the cue tables now rather than at the first suggestion (about 0.15 s): an import calls it
    /// on another thread as it starts, so its first batch does not wait for them.
    public static func prepare() { _ = CueIndex.shared.entries.count }

    public static func suggest(text: String, subject: String = "", returnReason: String? = nil) -> CategorySuggestion {
        let index = CueIndex.shared
        var scores = [Double](repeating: 0, count: CueIndex.categories.count)
        var fired: [Int32] = []   // the entries that scored, in order (each text's distinct cues once)
        fired.reserveCapacity(8)

        // A buyer says what is wrong in the first lines; the rest of a long mail (a pasted log, a quoted
        // thread) only adds noise and time. The subject comes first, a sentence of its own.
        var body: [UInt32] = []
        // One buffer for both, not grown for the body; bounded like what is read (a pasted 20 MB mail).
        body.reserveCapacity(min(subject.utf8.count, maxScalars) + 1 + min(text.utf8.count, maxScalars))
        if !subject.isEmpty {
            ClassifierText.append(subject, upTo: maxScalars, to: &body)
            body.append(ClassifierText.sentenceBreak)
        }
        ClassifierText.append(text, upTo: maxScalars, to: &body)
        var attributes = 0
        score(body, factor: 1, index: index, scores: &scores, fired: &fired, attributes: &attributes)

        var reasonCategory: Category?
        if let reason = returnReason.map(head)?.trimmingCharacters(in: .whitespacesAndNewlines), !reason.isEmpty {
            if let c = ReturnReasonCategories.category(for: reason) {
                reasonCategory = c
                scores[CueIndex.categories.firstIndex(of: c)!] += returnReasonWeight
            } else {
                score(ClassifierText.normalize(reason), factor: freeReasonFactor, index: index, scores: &scores, fired: &fired,
                      attributes: &attributes)
            }
        }
        if attributes >= 2, scores[wrongItem] > 0 { scores[sizeColor] += colourMismatchBonus }

        var best = CueIndex.categories.count - 1   // other, unless something scores
        for c in scores.indices where scores[c] > 0 {
            if scores[best] == 0 || scores[c] > scores[best] || (scores[c] == scores[best] && tieRank[c] < tieRank[best]) { best = c }
        }
        var second = 0.0
        for c in scores.indices where c != best && scores[c] > second { second = scores[c] }
        let top = scores[best]
        guard top > 0 else { return CategorySuggestion(category: .other, confidence: 0, matched: []) }
        let category = CueIndex.categories[best]
        var matched: [String] = []
        for entry in fired.lazy.map(Int.init) {
            for k in Int(index.scoreStart[entry])..<Int(index.scoreStart[entry + 1])
            where index.scoreCategory[k] == best && index.scoreWeight[k] > 0 {
                matched.append(index.entries[entry].display)
            }
        }
        if let reason = returnReason, reasonCategory == category { matched.insert("reason: \(reason)", at: 0) }
        let strength = 1 - exp(-top / 3)
        let margin = (top - second) / top
        let confidence = (strength * (0.55 + 0.45 * margin) * 100).rounded() / 100
        return CategorySuggestion(category: category, confidence: confidence, matched: matched)
    }

    private struct Hit { var entry: Int; var start: Int; var end: Int; var dropped: UInt8 = 0 }

    /// Adds the weight of every cue that fires in `norm` (each distinct cue once) to `scores` and the
    /// cue to `fired`; counts the distinct colour names in `attributes`.
    private static func score(_ norm: [UInt32], factor: Double, index: CueIndex,
                              scores: inout [Double], fired: inout [Int32], attributes: inout Int) {
        if norm.isEmpty { return }
        var hits: [Hit] = []
        hits.reserveCapacity(16)   // one allocation for a typical message's cues, not one per doubling
        var contrastEnds: [Int] = []
        let flags = index.flags
        index.automaton.forEachMatch(in: norm) { entry, start, end in
            let f = flags[entry]
            if f & CueIndex.Flag.wordStart != 0, start > 0, ClassifierText.isWordScalar(norm[start - 1]) { return }
            if f & CueIndex.Flag.wordEnd != 0, end < norm.count, ClassifierText.isWordScalar(norm[end]) { return }
            if f & CueIndex.Flag.isContrast != 0 { contrastEnds.append(start + Int(index.contrastCut[entry])) }
            if f & CueIndex.Flag.scores == 0 { return }
            if f & CueIndex.Flag.ownNegation == 0,
               isNegated(norm, start: start, end: end, cjk: f & CueIndex.Flag.isCJK != 0, index: index) { return }
            hits.append(Hit(entry: entry, start: start, end: end))
        }
        if hits.isEmpty { return }
        // A cue inside a longer cue is the same evidence, and the longer one is the better reading:
        // "thank you in advance" is not thanks, "still haven't received" is not "haven't received".
        // Only hits that overlap can shadow each other; sorted by start, those lie within one cue's
        // length, so both filters stay linear however long the text (a pasted 20 MB mail).
        hits.sort { ($0.start, $1.end) < ($1.start, $0.end) }
        var longest = 0
        for h in hits { longest = max(longest, h.end - h.start) }
        // Both filters mark hits instead of copying the survivors: `skip` leaves out the ones an earlier
        // filter dropped, and since the scans stop by `start`, they meet the same hits in the same order.
        func overlapping(_ i: Int, skip: UInt8, _ body: (Hit) -> Bool) -> Bool {
            let h = hits[i]
            var j = i - 1
            while j >= 0, hits[j].start > h.start - longest - 1 {
                if hits[j].dropped & skip == 0, hits[j].end > h.start, body(hits[j]) { return true }
                j -= 1
            }
            j = i + 1
            while j < hits.count, hits[j].start < h.end { if hits[j].dropped & skip == 0, body(hits[j]) { return true }; j += 1 }
            return false
        }
        for i in hits.indices where overlapping(i, skip: 0, { g in
            let h = hits[i]
            return g.start <= h.start && g.end >= h.end && g.end - g.start > h.end - h.start
        }) {
            hits[i].dropped = 1
        }
        // Overlapping cues of one category are one piece of evidence: the strongest stands for both.
        for i in hits.indices where hits[i].dropped == 0 {
            let h = hits[i]
            let hp = index.primary[h.entry], hw = index.maxWeight[h.entry]
            let shadowed = overlapping(i, skip: 1) { g in
                guard g.entry != h.entry, index.primary[g.entry] == hp, g.start < h.end, h.start < g.end else { return false }
                let gw = index.maxWeight[g.entry]
                return gw > hw || (gw == hw && g.start < h.start)
            }
            if shadowed { hits[i].dropped = 2 }
        }
        // Each cue counts once; it is weighed up if any of its occurrences follows a "but".
        var order: [(entry: Int, boosted: Bool)] = []   // distinct entries, in order of first occurrence
        // entry → its place in `order` + 1, once there are too many cues to search `order` (a long text)
        var place = hits.count > 48 ? [Int32](repeating: 0, count: index.flags.count) : []
        for h in hits where h.dropped == 0 {
            let after = followsContrast(norm, start: h.start, contrastEnds: contrastEnds)
            let k = place.isEmpty ? order.firstIndex { $0.entry == h.entry } : place[h.entry] > 0 ? Int(place[h.entry]) - 1 : nil
            if let k { order[k].boosted = order[k].boosted || after; continue }
            if !place.isEmpty { place[h.entry] = Int32(order.count + 1) }
            order.append((h.entry, after))
        }
        for (entry, boost) in order {
            if index.flags[entry] & CueIndex.Flag.isAttribute != 0 { attributes += 1 }
            fired.append(Int32(entry))
            for k in Int(index.scoreStart[entry])..<Int(index.scoreStart[entry + 1]) where index.scoreWeight[k] > 0 {
                scores[Int(index.scoreCategory[k])] += index.scoreWeight[k] * factor * (boost ? afterContrastFactor : 1)
            }
        }
    }

    /// True when a contrast word ends before `start` in the same sentence.
    private static func followsContrast(_ norm: [UInt32], start: Int, contrastEnds: [Int]) -> Bool {
        guard let marker = contrastEnds.last(where: { $0 <= start }) else { return false }
        return !norm[marker..<start].contains(ClassifierText.sentenceBreak)
    }

    /// French "ne … que" means "only": "je n'ai reçu que la moitié" is not a negation. Looks for "que"
    /// from the cue's start to a few words after it.
    private static func restrictiveQue(_ norm: [UInt32], after start: Int) -> Bool {
        let q: UInt32 = 0x71, u: UInt32 = 0x75, e: UInt32 = 0x65
        var i = start
        while i + 2 < norm.count, i < start + 40, !ClassifierText.isBreak(norm[i]) {
            if norm[i] == q, norm[i + 1] == u, norm[i + 2] == e || norm[i + 2] == ClassifierText.apostrophe,
               i == 0 || !ClassifierText.isWordScalar(norm[i - 1]),
               norm[i + 2] == ClassifierText.apostrophe || i + 3 >= norm.count || !ClassifierText.isWordScalar(norm[i + 3]) {
                return true
            }
            i += 1
        }
        return false
    }

    /// French "ne" is a negation only with "pas", "plus", "jamais" … after it; Italian "ne" ("ne è arrivata
    /// una sola") has none. Looks from the cue's start to the end of its clause.
    private static func frenchPartnerFollows(_ norm: [UInt32], after start: Int) -> Bool {
        var i = start
        while i < norm.count, !ClassifierText.isBreak(norm[i]) {
            if norm[i] == ClassifierText.space || i == start {
                let from = norm[i] == ClassifierText.space ? i + 1 : i
                var to = from
                while to < norm.count, ClassifierText.isWordScalar(norm[to]) { to += 1 }
                if CueIndex.isFrenchNegationPartner(norm[from..<to]) { return true }
                i = max(to, i + 1)
            } else {
                i += 1
            }
        }
        return false
    }

    /// Latin: a negation word among the three words before the cue, within its clause.
    /// Chinese: 没/不/无/未 in the three characters before (not the A-not-A question form). Japanese: a negating ending right after.
    private static func isNegated(_ norm: [UInt32], start: Int, end: Int, cjk: Bool, index: CueIndex) -> Bool {
        if cjk {
            var j = start - 1
            while j >= 0, j >= start - 3, !ClassifierText.isBreak(norm[j]) {
                // A-not-A is a question, not a negation: 是不是丢了, 有没有收到.
                if CategoryCues.chineseNegations.contains(norm[j]), j == 0 || j + 1 >= norm.count || norm[j - 1] != norm[j + 1] {
                    return true
                }
                j -= 1
            }
            return index.japaneseNegationSuffixes.contains { suffix in
                end + suffix.count <= norm.count && norm[end..<end + suffix.count].elementsEqual(suffix)
            }
        }
        var j = start - 1
        var words = 0
        while j >= 0, words < 3 {
            let v = norm[j]
            if v == ClassifierText.space { j -= 1; continue }
            if ClassifierText.isBreak(v) { return false }
            let wordEnd = j + 1
            while j >= 0, norm[j] != ClassifierText.space, !ClassifierText.isBreak(norm[j]) { j -= 1 }
            let word = norm[(j + 1)..<wordEnd]
            if CueIndex.isNegator(word) {
                if CueIndex.isFrenchNe(word), !frenchPartnerFollows(norm, after: start) { words += 1; continue }
                return !restrictiveQue(norm, after: start)
            }
            if CueIndex.isNegationStop(word) { return false }
            words += 1
        }
        return false
    }
}
