import Foundation

/// What `BuyerQuote` removes besides e-mail addresses, links and long numbers: greetings and sign-offs
/// that carry a name, a trailing signature, and postal addresses, in the classifier's languages
/// (en, de, fr, it, es, ja, zh). Hand-written scanning over words and characters, linear in the text.
public enum QuoteScrub {
    // MARK: Greetings

    /// Openings, lowercased; a name may follow up to the first comma or exclamation mark.
    static let greetings = [
        "hi", "hello", "hey", "dear", "good morning", "good afternoon", "good evening",
        "hallo", "liebe", "lieber", "sehr geehrte", "sehr geehrter", "guten tag", "guten morgen", "moin", "servus",
        "bonjour", "bonsoir", "salut", "cher", "chère", "madame", "monsieur",
        "ciao", "salve", "buongiorno", "buonasera", "gentile", "gentili", "caro", "cara", "egregio",
        "hola", "buenos días", "buenos dias", "buenas tardes", "buenas", "estimado", "estimada", "querido", "querida",
        "こんにちは", "お世話になっております", "お世話になります", "拝啓", "你好", "您好", "尊敬的", "亲爱的", "亲",
        // Added for the queue's excerpt (issue 17): openings seen in real inboxes, and the other
        // languages of Amazon's EU and Asian marketplaces (pt, nl, pl, sv, tr, ko).
        "hello there", "greetings", "to whom it may concern", "guten abend", "grüß gott", "grüezi",
        "mesdames", "messieurs", "buona sera",
        "いつもお世話になっております", "はじめまして", "初めまして", "早上好", "晚上好", "哈喽", "嗨",
        "olá", "bom dia", "boa tarde", "boa noite", "prezado", "prezada",
        "goedemorgen", "goedemiddag", "goedenavond", "goedendag", "geachte",
        "dzień dobry", "witam", "hej", "merhaba", "안녕하세요",
    ]
    static let greetingEnd: Set<Character> = [",", "!", "，", "、", ":", "：", "！", "。"]
    /// Japanese and Chinese honorifics after a name: `山田様、` `王先生，`.
    static let honorifics = ["様", "さま", "さん", "殿", "先生", "女士", "小姐", "御中"]

    /// The first line without its greeting (`Hi John, the lamp…` → `the lamp…`); "" when nothing else.
    public static func stripGreeting(_ line: String) -> String {
        let lower = line.lowercased()
        for g in greetings where lower.hasPrefix(g) {
            let rest = lower.dropFirst(g.count)
            // A whole word (`Hi` but not `Hinweis`); CJK greetings are words on their own.
            if let next = rest.first, next.isLetter, g.unicodeScalars.first!.isASCII || g.count == 1 { continue }
            let chars = Array(line)
            let limit = min(chars.count, g.count + 40)
            if let end = (g.count..<limit).first(where: { greetingEnd.contains(chars[$0]) }) {
                return String(chars[(end + 1)...]).trimmingCharacters(in: .whitespaces)
            }
            return line.split(separator: " ").count <= 4 ? "" : line
        }
        // `山田様、…` / `王先生，…`: a short name and an honorific at the start. Only the line's head can
        // hold one (a name of up to 6 letters), so only the head is searched: the queue asks this of
        // every visible row on every frame.
        let head = Array(line.prefix(6 + 3))
        for h in honorifics {
            let hc = Array(h)
            guard let at = head.indices.first(where: { head[$0...].starts(with: hc) }),
                  at >= 1, at <= 6, head[..<at].allSatisfy(isCJKLetter) else { continue }
            let chars = Array(line)
            var end = at + hc.count
            while end < chars.count, greetingEnd.contains(chars[end]) || chars[end] == " " || chars[end] == "　" { end += 1 }
            return String(chars[end...]).trimmingCharacters(in: .whitespaces)
        }
        return line
    }

    // MARK: Sign-offs

    /// Closings, lowercased: from one of these (followed by nothing but a name) the rest is signature.
    static let closings = [
        "thanks", "thank you", "many thanks", "thanks again", "thx", "regards", "best regards", "kind regards",
        "warm regards", "best wishes", "best", "cheers", "sincerely", "yours sincerely", "yours faithfully", "yours truly",
        "sent from my",
        "mit freundlichen grüßen", "mit freundlichen grüssen", "mit freundlichem gruß", "mfg", "freundliche grüße",
        "viele grüße", "viele grüsse", "liebe grüße", "lg", "beste grüße", "herzliche grüße", "gruß", "grüße", "danke",
        "vielen dank", "danke schön",
        "cordialement", "bien cordialement", "merci", "merci beaucoup", "bien à vous", "salutations",
        "sincères salutations", "bonne journée", "veuillez agréer",
        "saluti", "cordiali saluti", "distinti saluti", "un saluto", "grazie", "grazie mille", "buona giornata",
        "saludos", "un saludo", "saludos cordiales", "atentamente", "gracias", "muchas gracias", "cordialmente", "un abrazo",
        "よろしくお願いします", "よろしくお願いいたします", "よろしくお願い致します", "宜しくお願いします", "宜しくお願い致します",
        "ありがとうございます", "ありがとうございました", "敬具", "以上",
        "谢谢", "謝謝", "多谢", "感谢", "此致", "敬礼", "祝好",
    ].sorted { $0.count > $1.count }
    static let closingChars: [[Character]] = closings.map(Array.init)
    static let closingFirst: Set<Character> = Set(closings.compactMap(\.first))
    static let sentenceEnd: Set<Character> = [".", "!", "?", "。", "！", "？", "…"]
    /// Characters that make a CJK remainder a sentence rather than a name.
    static let cjkFunction: Set<Character> = Set("你您们的了吗呢吧啊我他她是在有不这那和也就都很要会能给用到对说看请帮助には、をがのもてでしすまたかよねだな")

    /// The part of `line` before a sign-off, when it has one: `The lamp broke. Thanks, Mary` → `The lamp broke.`
    public static func beforeSignOff(_ line: String) -> String? {
        let chars = Array(line)
        let lower = Array(line.lowercased())
        guard lower.count == chars.count else { return nil }   // a case mapping that changes lengths: leave it
        var i = 0
        var lastNonSpace = -1   // kept as we go: looking back over a run of spaces at every index is quadratic
        while i < chars.count {
            // Only at the start of the line or of a sentence.
            let atStart = lastNonSpace < 0 || sentenceEnd.contains(chars[lastNonSpace])
            if (atStart || isCJKLetter(chars[i])) && closingFirst.contains(lower[i]) {
                for cc in closingChars {
                    guard i + cc.count <= lower.count, (0..<cc.count).allSatisfy({ lower[i + $0] == cc[$0] }) else { continue }
                    let cjk = cc.allSatisfy(isCJKLetter)
                    // Latin closings, and 以上 (Chinese "more than"), only where a sentence starts.
                    if (!cjk || cc == ["以", "上"]), !atStart { continue }
                    if !cjk, i + cc.count < chars.count, chars[i + cc.count].isLetter { continue }
                    if isNameRemainder(chars[(i + cc.count)...], cjk: cjk) {
                        return String(chars[..<i]).trimmingCharacters(in: .whitespaces)
                    }
                }
            }
            if chars[i] != " " && chars[i] != "　" { lastNonSpace = i }
            i += 1
        }
        return nil
    }

    /// Nothing, or only a name: `, Mary Smith`, `Hans Müller`, ` 山田`.
    static func isNameRemainder(_ rest: ArraySlice<Character>, cjk: Bool) -> Bool {
        let trimmed = String(rest).trimmingCharacters(in: CharacterSet(charactersIn: " 　,，、.。!！:：;-–—~〜"))
        if trimmed.isEmpty { return true }
        return isNameLine(trimmed)
    }

    /// A line that is only a name: 1–4 capitalised words (`Hans Müller`, `M. Lee`), or 1–4 CJK letters.
    static func isNameLine(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: CharacterSet(charactersIn: " 　,，.。!！"))
        guard !t.isEmpty, t.count <= 40 else { return false }
        if t.allSatisfy(isCJKLetter) { return t.count <= 4 && !t.contains(where: cjkFunction.contains) }
        let words = t.split(separator: " ")
        guard (1...4).contains(words.count) else { return false }
        return words.allSatisfy { w in
            guard let f = w.first, f.isUppercase else { return false }
            return w.allSatisfy { $0.isLetter || $0 == "." || $0 == "-" || $0 == "'" }
        }
    }

    static func isCJKLetter(_ ch: Character) -> Bool {
        guard let u = ch.unicodeScalars.first else { return false }
        switch u.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: return true
        default: return false
        }
    }

    // MARK: Addresses

    static let placeholder = "[address]"

    /// Street types written after the name and number (`123 Main Street`); capitalised in addresses.
    static let streetAfter: Set<String> = ["street", "st", "avenue", "ave", "road", "rd", "lane", "ln", "drive", "dr",
                                          "boulevard", "blvd", "way", "court", "ct", "place", "pl", "terrace", "close",
                                          "crescent", "highway", "hwy", "parkway", "pkwy", "square", "sq"]
    /// Street types that come first (`12 rue de la Paix`, `Via Roma 10`, `Calle Mayor 5`).
    static let streetBefore: Set<String> = ["rue", "avenue", "av", "bd", "boulevard", "chemin", "allée", "allee", "impasse",
                                           "quai", "place", "route", "via", "viale", "piazza", "piazzale", "corso", "vicolo",
                                           "largo", "calle", "c/", "avenida", "avda", "plaza", "paseo", "carrera", "camino",
                                           "ronda", "travesía", "strada", "contrada"]
    /// German street names are one word ending in one of these (`Hauptstraße 5`, `Musterstr. 12a`).
    static let germanSuffixes = ["straße", "strasse", "str", "weg", "gasse", "allee", "platz", "ring", "damm", "ufer", "chaussee"]
    /// Flat, suite and floor words, followed by their number.
    static let unitWords: Set<String> = ["apt", "apartment", "suite", "ste", "unit", "flat", "floor", "wohnung", "whg",
                                        "appartement", "appt", "bâtiment", "bat", "étage", "interno", "int", "scala",
                                        "piano", "piso", "puerta", "depto", "dpto", "escalera", "esc"]
    /// Lowercase words inside a street name (`rue de la Paix`, `Via della Spiga`).
    static let particles: Set<String> = ["de", "la", "le", "les", "du", "des", "l'", "d'", "del", "della", "delle", "dei",
                                        "di", "da", "y", "am", "an", "der", "im", "of"]

    /// Postal addresses in one line replaced by `[address]`: street and number, flat or suite, postcodes
    /// (US ZIP after a state, UK, five digits before a town, Japanese `〒`/`123-4567`, Chinese six digits
    /// after 邮编), and Japanese/Chinese addresses (省/市/区/路… then a number with 号/番地/丁目).
    static func addresses(_ line: String) -> String {
        cjkAddresses(latinAddresses(line))
    }

    static func latinAddresses(_ line: String) -> String {
        // Every pattern below needs a digit (a house number, a flat, a postcode): most lines have none,
        // and tokenising them is most of what quoting a case costs.
        guard line.unicodeScalars.contains(where: { (0x30...0x39).contains($0.value) || (0xFF10...0xFF19).contains($0.value) }) else { return line }
        let tokens = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard tokens.count >= 1 else { return line }
        let clean = tokens.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",;:.()")) }
        let lower = clean.map { $0.lowercased() }
        let hasCJK = line.contains(where: isCJKLetter)
        func isHouseNumber(_ s: String) -> Bool {
            let d = s.prefix { $0.isASCII && $0.isNumber }
            guard (1...5).contains(d.count) else { return false }
            let rest = s.dropFirst(d.count)
            if rest.isEmpty { return true }
            if rest.count == 1, rest.first!.isLetter { return true }                     // 221B, 12a
            if rest.first == "-" || rest.first == "/" { return rest.dropFirst().allSatisfy { $0.isASCII && ($0.isNumber || $0.isLetter) } && rest.count <= 4 }
            return false
        }
        func isCapitalised(_ i: Int) -> Bool { clean[i].first?.isUppercase ?? false }
        func isGermanStreet(_ i: Int) -> Bool {
            guard isCapitalised(i) else { return false }
            return germanSuffixes.contains { lower[i].hasSuffix($0) && lower[i].count >= $0.count + 3 }
        }
        func digits(_ s: String) -> Int { s.filter { $0.isASCII && $0.isNumber }.count }
        var spans: [(Int, Int)] = []
        for i in tokens.indices {
            // Number first: `123 Main Street`, `12 rue de la Paix`.
            if isHouseNumber(clean[i]) {
                if i + 1 < tokens.count, streetBefore.contains(lower[i + 1]) { spans.append((i, i + 1)) }
                var j = i + 1
                while j < tokens.count, j <= i + 4, isCapitalised(j) {
                    if streetAfter.contains(lower[j]) && j > i + 1 { spans.append((i, j)); break }
                    if tokens[j].hasSuffix(",") { break }
                    j += 1
                }
            }
            // Street first: `Hauptstraße 5`, `Via Roma 10`, `Calle Mayor 5`.
            if isGermanStreet(i) || (streetBefore.contains(lower[i]) && isCapitalised(i)) {
                var j = i + 1
                while j < tokens.count, j <= i + 4 {
                    if isHouseNumber(clean[j]) { spans.append((i, j)); break }
                    guard isCapitalised(j) || particles.contains(lower[j]) else { break }
                    j += 1
                }
            }
            // Flat / suite: `Apt 4B`, `Suite 200`.
            if unitWords.contains(lower[i]), i + 1 < tokens.count, digits(clean[i + 1]) > 0, clean[i + 1].count <= 6 {
                spans.append((i, i + 1))
            }
            // Postcodes.
            let t = clean[i]
            if t.count == 5 || t.count == 10, digits(t) == (t.count == 5 ? 5 : 9), t.first!.isNumber {
                if i > 0, clean[i - 1].count == 2, clean[i - 1].allSatisfy({ $0.isASCII && $0.isUppercase }) { spans.append((i - 1, i)) }  // IL 62704
                else if t.count == 5, i + 1 < tokens.count, isCapitalised(i + 1) { spans.append((i, i + 1)) }                        // 10115 Berlin
            }
            if isUKOutward(t), i + 1 < tokens.count, isUKInward(clean[i + 1]) { spans.append((i, i + 1)) }
            if t.count >= 5, t.count <= 7, isUKOutward(String(t.dropLast(3))), isUKInward(String(t.suffix(3))) { spans.append((i, i)) }
            if hasCJK, isJapanesePostcode(t) { spans.append((i, i)) }
        }
        guard !spans.isEmpty else { return line }
        // Signals a few words apart are one address (`12 rue de la Paix, 75002 Paris`); each address
        // runs on over its town, state and the rest of the street name, up to the end of a sentence.
        // The end of a sentence (`St.` and `Apt.` are abbreviations, not ends).
        func endsSentence(_ k: Int) -> Bool { tokens[k].hasSuffix(".") && !streetAfter.contains(lower[k]) && !unitWords.contains(lower[k]) }
        var groups: [(Int, Int)] = []
        for (a, b) in spans.sorted(by: { $0.0 < $1.0 }) {
            if let last = groups.last, a <= last.1 + 4, !(last.1..<a).contains(where: endsSentence) {
                groups[groups.count - 1].1 = max(last.1, b)
            } else { groups.append((a, b)) }
        }
        var out: [String] = []
        var next = 0
        for (a, b) in groups where a >= next {
            var start = a, end = b
            while !endsSentence(end), end + 1 < tokens.count,
                  isCapitalised(end + 1) || particles.contains(lower[end + 1]) || isHouseNumber(clean[end + 1]) || digits(clean[end + 1]) >= 4 {
                end += 1
            }
            if start > 0, lower[start - 1] == "c/o", start - 1 >= next { start -= 1 }
            let trail = tokens[end].last.map { ",;:.".contains($0) ? String($0) : "" } ?? ""
            out += tokens[next..<start]
            out.append(placeholder + trail)
            next = end + 1
        }
        out += tokens[next...]
        return out.joined(separator: " ")
    }

    static func isUKOutward(_ s: String) -> Bool {
        let c = Array(s)
        guard (2...4).contains(c.count), c.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else { return false }
        let letters = c.prefix { $0.isLetter }.count
        guard (1...2).contains(letters), letters < c.count, c[letters].isNumber else { return false }
        return c.count - letters <= 2
    }

    static func isUKInward(_ s: String) -> Bool {
        let c = Array(s)
        return c.count == 3 && c[0].isASCII && c[0].isNumber && c[1].isASCII && c[1].isUppercase && c[2].isASCII && c[2].isUppercase
    }

    static func isJapanesePostcode(_ s: String) -> Bool {
        let c = Array(s.hasPrefix("〒") ? String(s.dropFirst()) : s)
        return c.count == 8 && c[3] == "-" && c.enumerated().allSatisfy { $0.offset == 3 || isDigit($0.element) }
    }

    static func isDigit(_ ch: Character) -> Bool {
        guard let u = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else { return false }
        return (0x30...0x39).contains(u.value) || (0xFF10...0xFF19).contains(u.value)
    }

    /// Administrative units before the number, and what follows a number in an address.
    static let admin: Set<Character> = Set("省市区區県县都府道町村路街镇鎮郡州巷弄")
    static let numberMarks: Set<Character> = Set("号號番地丁目栋棟楼樓室階Ff-－ー‐の")
    static let stopBefore: Set<Character> = Set("是在到寄送往于於的:：，,。、 はにへでをがも住址所")

    static func cjkAddresses(_ line: String) -> String {
        guard line.contains(where: { isCJKLetter($0) || $0 == "〒" }) else { return line }
        var c = Array(line)
        var out: [Character] = []
        var i = 0
        while i < c.count {
            // 〒 and its number; 邮编/郵便番号 and theirs.
            var prefixLen = 0
            if c[i] == "〒" { prefixLen = 1 }
            for p in ["邮编", "郵便番号", "邮政编码"] where String(c[i..<min(c.count, i + p.count)]) == p { prefixLen = p.count }
            if prefixLen > 0 {
                var j = i + prefixLen
                while j < c.count, c[j] == ":" || c[j] == "：" || c[j] == " " { j += 1 }
                let numStart = j
                while j < c.count, isDigit(c[j]) || c[j] == "-" || c[j] == "－" { j += 1 }
                if j > numStart {
                    out += Array(placeholder)
                    i = j
                    continue
                }
            }
            // A number with address marks (`88号`, `1-2-3`, `1丁目2番3号`) after an administrative unit.
            if isDigit(c[i]) {
                var j = i
                var marks = 0
                while j < c.count, isDigit(c[j]) || numberMarks.contains(c[j]) || c[j] == "目" {
                    if !isDigit(c[j]) { marks += 1 }
                    j += 1
                }
                let lookBack = max(out.count - 12, 0)
                if let firstAdmin = out[lookBack...].firstIndex(where: admin.contains), marks > 0 {
                    var start = firstAdmin
                    var k = 0
                    while start > 0, k < 3, isCJKLetter(out[start - 1]), !stopBefore.contains(out[start - 1]) { start -= 1; k += 1 }
                    // A postcode just before (`100020 北京市…`).
                    var s = start
                    while s > 0, out[s - 1] == " " { s -= 1 }
                    var d = s
                    while d > 0, isDigit(out[d - 1]) { d -= 1 }
                    if s - d == 6 { start = d }
                    out.removeSubrange(start...)
                    out += Array(placeholder)
                    i = j
                    continue
                }
                out += c[i..<j]
                i = j
                continue
            }
            out.append(c[i])
            i += 1
        }
        c = out
        // Merge `[address][address]` from a postcode next to its address.
        return String(c).replacingOccurrences(of: placeholder + placeholder, with: placeholder)
            .replacingOccurrences(of: placeholder + " " + placeholder, with: placeholder)
    }
}
