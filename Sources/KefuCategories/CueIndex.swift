/// The cue tables compiled once: every cue normalised, flagged and loaded into one automaton.
import KefuModel
struct CueIndex: Sendable {
    struct Entry: Sendable {
        var display: String
        var scores: [(category: Int, weight: Double)]   // index into Category.allCases
        var wordStart: Bool      // Latin-script: must begin a word
        var wordEnd: Bool        // written with a trailing "$"
        var ownNegation: Bool    // "doesn't work", "没有收到": never dropped as negated
        var isCJK: Bool          // negation is looked for the CJK way
        var isContrast: Bool
        var contrastCut = 0      // a contrast marker's own length: its first word ("ma" of "ma non")
        var isAttribute = false  // a colour name (see `CategoryCues.attributeWeight`)
        var primary = -1         // the category of its strongest weight, for merging overlapping cues
    }

    static let shared = CueIndex(groups: CategoryCues.all, contrastMarkers: CategoryCues.contrastMarkers)
    static let categories = Category.allCases

    let entries: [Entry]
    let automaton: CueAutomaton
    let japaneseNegationSuffixes: [[UInt32]]

    // What the matching loop reads of `entries`, flat (reading an `Entry` copies its string and array).
    enum Flag {
        static let wordStart: UInt8 = 1, wordEnd: UInt8 = 2, ownNegation: UInt8 = 4, isCJK: UInt8 = 8
        static let isContrast: UInt8 = 16, isAttribute: UInt8 = 32, scores: UInt8 = 64
    }
    let flags: [UInt8]
    let contrastCut: [Int32]
    let primary: [Int32]
    let maxWeight: [Double]           // of an entry's scores, 0 if it has none
    let scoreStart: [Int32]           // entry → range in scoreCategory/scoreWeight, in `scores` order
    let scoreCategory: [Int32]
    let scoreWeight: [Double]

    init(groups: [CueGroup], contrastMarkers: [String]) {
        let categoryIndex = Dictionary(uniqueKeysWithValues: Self.categories.enumerated().map { ($1, $0) })
        var entries: [Entry] = []
        var patterns: [[UInt32]] = []
        var slot: [String: Int] = [:]   // normalised cue (with its * and $) → entry, so languages can share a cue

        func add(_ raw: Substring, category: Category?, weight: Double) {
            let wordEnd = raw.hasSuffix("$"), inWord = raw.hasPrefix("*")
            let text = String(raw.dropFirst(inWord ? 1 : 0).dropLast(wordEnd ? 1 : 0))
            let norm = ClassifierText.normalize(text)
            guard let first = norm.first else { return }
            let key = (inWord ? "*" : "") + String(String.UnicodeScalarView(norm.compactMap(Unicode.Scalar.init))) + (wordEnd ? "$" : "")
            let i: Int
            if let existing = slot[key] {
                i = existing
            } else {
                i = entries.count
                slot[key] = i
                patterns.append(norm)
                entries.append(Entry(display: text, scores: [], wordStart: !inWord && ClassifierText.isWordScalar(first), wordEnd: wordEnd,
                                     ownNegation: Self.carriesNegation(norm), isCJK: norm.contains { $0 >= 0x2E80 }, isContrast: false))
            }
            guard let category else {
                entries[i].isContrast = true
                entries[i].contrastCut = norm.firstIndex(of: ClassifierText.space) ?? norm.count
                return
            }
            let c = categoryIndex[category]!
            if category == .sizeColor, weight == CategoryCues.attributeWeight { entries[i].isAttribute = true }
            if let k = entries[i].scores.firstIndex(where: { $0.category == c }) {
                entries[i].scores[k].weight = max(entries[i].scores[k].weight, weight)
            } else {
                entries[i].scores.append((c, weight))
            }
        }
        for g in groups { for cue in g.cues { add(cue, category: g.category, weight: g.weight) } }
        for m in contrastMarkers { add(Substring(m), category: nil, weight: 0) }
        for i in entries.indices { entries[i].primary = entries[i].scores.max { $0.weight < $1.weight }?.category ?? -1 }
        self.entries = entries
        flags = entries.map { e in
            (e.wordStart ? Flag.wordStart : 0) | (e.wordEnd ? Flag.wordEnd : 0) | (e.ownNegation ? Flag.ownNegation : 0)
                | (e.isCJK ? Flag.isCJK : 0) | (e.isContrast ? Flag.isContrast : 0) | (e.isAttribute ? Flag.isAttribute : 0)
                | (e.scores.isEmpty ? 0 : Flag.scores)
        }
        contrastCut = entries.map { Int32($0.contrastCut) }
        primary = entries.map { Int32($0.primary) }
        maxWeight = entries.map { $0.scores.map(\.weight).max() ?? 0 }
        var starts: [Int32] = [0]
        for e in entries { starts.append(starts.last! + Int32(e.scores.count)) }
        scoreStart = starts
        scoreCategory = entries.flatMap { $0.scores.map { Int32($0.category) } }
        scoreWeight = entries.flatMap { $0.scores.map(\.weight) }
        self.automaton = CueAutomaton(patterns: patterns)
        self.japaneseNegationSuffixes = CategoryCues.japaneseNegationSuffixes.map(ClassifierText.normalize)
    }

    private static let cjkNegationParts = CategoryCues.cjkNegationParts.map(ClassifierText.normalize)
    private static let negators = PackedWords(CategoryCues.negators)
    private static let negationStops = PackedWords(CategoryCues.negationStops)

    /// A word of up to 8 ASCII letters as one integer, so look-ups in the hot path allocate nothing.
    @inline(__always) static func packed(_ word: ArraySlice<UInt32>) -> UInt64? {
        if word.count > 8 { return nil }
        var key: UInt64 = 0
        for v in word { if v >= 128 { return nil }; key = key << 8 | UInt64(v) }
        return key
    }

    /// A negation word: listed, or an English "-n't", or a French "n'…".
    static func isNegator(_ word: ArraySlice<UInt32>) -> Bool {
        let n: UInt32 = 0x6E, t: UInt32 = 0x74, q = ClassifierText.apostrophe
        let s = word.startIndex, e = word.endIndex
        if word.count >= 3, word[e - 3] == n, word[e - 2] == q, word[e - 1] == t { return true }
        if word.count > 2, word[s] == n, word[s + 1] == q { return true }
        return packed(word).map(negators.contains) ?? false
    }

    private static let frenchNe = packed(ClassifierText.normalize("ne")[...])
    private static let frenchPartners = PackedWords(CategoryCues.frenchNegationPartners)
    static func isFrenchNe(_ word: ArraySlice<UInt32>) -> Bool { packed(word) == frenchNe }
    static func isFrenchNegationPartner(_ word: ArraySlice<UInt32>) -> Bool { packed(word).map(frenchPartners.contains) ?? false }

    static func isNegationStop(_ word: ArraySlice<UInt32>) -> Bool { packed(word).map(negationStops.contains) ?? false }

    private static func carriesNegation(_ norm: [UInt32]) -> Bool {
        if norm.split(separator: ClassifierText.space).contains(where: isNegator) { return true }
        return cjkNegationParts.contains { part in
            norm.count >= part.count && (0...(norm.count - part.count)).contains { norm[$0..<$0 + part.count].elementsEqual(part) }
        }
    }
}

/// Words of up to 8 ASCII letters, packed and sorted: a binary search over a few dozen integers is
/// cheaper than hashing every word before a cue.
struct PackedWords: Sendable {
    private let keys: [UInt64]
    init(_ words: Set<String>) {
        keys = Set(words.compactMap { CueIndex.packed(ClassifierText.normalize($0)[...]) }).sorted()
    }
    func contains(_ key: UInt64) -> Bool {
        var lo = 0, hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keys[mid] == key { return true }
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return false
    }
}
