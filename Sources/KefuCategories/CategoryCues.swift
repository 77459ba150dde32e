/// Weighted cue phrases per category. A cue is matched on `ClassifierText.normalize`d text, so write it
/// as a buyer would (accents, capitals and full-width forms are folded for you).
///
/// Conventions:
/// - Latin-script cues must start at a word start; they match as prefixes ("defekt" also finds
///   "defekte"). A trailing `$` demands a word end too ("lost$" does not find "lostness"); a leading
///   `*` lets the cue start inside a word (German compounds: "*adresse" finds "Büroadresse").
/// - Digits are normalised to one "#" per run: write "after # months".
/// - Weights: 3–4 unambiguous, 2 typical, 1 weak or shared (a bare "refund" or "thanks").
/// - Weight 0 cues fire but score nothing; being longer, they swallow the cues inside them
///   ("thank you in advance" is a sign-off, not thanks).
/// - A cue preceded by a negation ("not damaged", "没有损坏", "破損していません") is dropped, unless
///   the cue carries its own negation ("doesn't work", "没有收到").
/// - Size-colour cues of weight `attributeWeight` are attribute words (colour names): two different ones
///   next to "I ordered … got …" evidence mean the mismatch is the colour, not the product.
/// - Cues that overlap and point at the same category are one piece of evidence ("already ordered the
///   same"): only the strongest counts, so piling up near-synonyms does not outvote a clear request.
import KefuModel
struct CueGroup: Sendable {
    let category: Category
    let weight: Double
    let cues: [Substring]

    init(_ category: Category, _ weight: Double, _ cues: String) {
        self.category = category
        self.weight = weight
        self.cues = cues.split(separator: "|")
    }
}

enum CategoryCues {
    static let all: [CueGroup] = english + german + french + italian + spanish + japanese + chinese

    /// Weight that marks a size-colour cue as an attribute word (see above).
    static let attributeWeight = 0.5

    /// Words after which the buyer usually states the real problem ("the box is fine, but …").
    /// Only the first word of a marker is the marker; the rest is context that must follow it.
    static let contrastMarkers: [String] = [
        "but", "however", "aber", "jedoch", "allerdings", "sondern", "mais", "cependant", "par contre",
        "però", "tuttavia", "pero", "sin embargo", "但是", "可是", "不过", "但", "でも", "しかし", "ところが", "けど", "が、",
    ] + italianMa

    /// Italian "ma" is French "ma" (my) too: "ma commande". Italian "ma" is followed by a function word,
    /// French "ma" by a noun.
    static let italianMa: [String] = ("non il lo la le i gli un una uno e è ho ha hanno si mi ci ti ne io sono era ora poi solo "
        + "purtroppo dopo quando c'è in nel nella al alla dal con per niente nulla nessuno ancora questo questa quello quella "
        + "tutto anche appena già adesso oggi invece manca mancano funziona").split(separator: " ").map { "ma \($0)$" }

    /// Negation words (normalised tokens) looked for in the three words before a Latin-script cue.
    static let negators: Set<String> = [
        "not", "no", "never", "nothing", "none", "without", "nor", "cannot",
        "nicht", "kein", "keine", "keinen", "keiner", "keinem", "keines", "nie", "niemals", "ohne", "nichts",
        "pas", "ne", "sans", "aucun", "aucune", "jamais", "rien", "ni",
        "non", "senza", "nessun", "nessuna", "nessuno", "mai", "niente", "nulla",
        "sin", "ningun", "ninguna", "ninguno", "nunca", "nada", "tampoco",
    ]

    /// Words that end the negation look-back: "no idea why, but it is damaged".
    static let negationStops: Set<String> = [
        "but", "and", "because", "why", "however", "although", "aber", "und", "weil", "sondern", "obwohl",
        "mais", "car", "parce", "pourtant", "ma", "perche", "tuttavia", "pero", "porque",
    ]

    /// French "ne" negates only with its partner after the verb ("ne … pas"); Italian "ne" (of it) does not.
    static let frenchNegationPartners: Set<String> = ["pas", "plus", "jamais", "rien", "personne", "aucun", "aucune", "guere", "point"]

    /// Chinese negations, looked for in the three characters before a CJK cue.
    static let chineseNegations: Set<UInt32> = Set("没不无未".unicodeScalars.map(\.value))   // not 非 (非常), 别 (特别)

    /// Japanese negation follows the word: a CJK cue directly followed by one of these is dropped.
    static let japaneseNegationSuffixes: [String] = [
        "していない", "していません", "してない", "しておらず", "はありません", "はない", "はなく", "もなく", "もない",
        "もありません", "なし", "無し", "ていない", "ていません", "てない", "ておらず", "がない", "がありません",
    ]

    /// Marks a CJK cue as carrying its own negation.
    static let cjkNegationParts: [String] = ["没", "不", "无", "未", "ない", "ません", "なし", "無し", "なく", "ず"]
}
