import Foundation
import KefuModel

/// Countries and time zones for order reports. Amazon and Shopify give ISO 3166 alpha-2 codes; eBay gives
/// country names, in English or the site's language. The zone is only set when it is unambiguous enough:
/// one zone for the country, or the state/province for the US, Canada and Australia (a state split
/// between zones gets the zone most of its people live in). Other multi-zone countries (Brazil, Mexico,
/// Russia, …) get none rather than a guess; the buyer's local time then falls back to the marketplace's.
enum ReportRegions {
    /// `DE`, `de`, `Germany`, `Deutschland` → `DE`; nil for a name not in the table.
    static func countryCode(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 2, t.allSatisfy({ $0.isASCII && $0.isLetter }) {
            let code = t.uppercased()
            return code == "UK" ? "GB" : code
        }
        return countryNames[t.lowercased()]
    }

    static let countryNames: [String: String] = {
        var m: [String: String] = [:]
        let table: [(String, [String])] = [
            ("US", ["united states", "united states of america", "usa", "vereinigte staaten", "アメリカ合衆国", "美国"]),
            ("GB", ["united kingdom", "great britain", "england", "scotland", "wales", "northern ireland", "vereinigtes königreich", "royaume-uni", "regno unito", "reino unido", "イギリス", "英国"]),
            ("DE", ["germany", "deutschland", "allemagne", "germania", "alemania", "ドイツ", "德国"]),
            ("FR", ["france", "frankreich", "francia", "フランス", "法国"]),
            ("IT", ["italy", "italia", "italien", "italie", "イタリア", "意大利"]),
            ("ES", ["spain", "españa", "espana", "spanien", "espagne", "spagna", "スペイン", "西班牙"]),
            ("NL", ["netherlands", "the netherlands", "nederland", "niederlande", "pays-bas", "paesi bassi", "países bajos"]),
            ("BE", ["belgium", "belgië", "belgique", "belgien", "belgio", "bélgica"]),
            ("AT", ["austria", "österreich", "autriche"]),
            ("CH", ["switzerland", "schweiz", "suisse", "svizzera", "suiza"]),
            ("IE", ["ireland", "irland", "irlande", "irlanda"]),
            ("LU", ["luxembourg", "luxemburg", "lussemburgo"]),
            ("SE", ["sweden", "sverige", "schweden", "suède"]),
            ("DK", ["denmark", "danmark", "dänemark"]),
            ("NO", ["norway", "norge", "norwegen"]),
            ("FI", ["finland", "suomi", "finnland"]),
            ("PL", ["poland", "polska", "polen", "pologne", "polonia"]),
            ("CZ", ["czech republic", "czechia", "tschechien", "česko"]),
            ("PT", ["portugal"]),
            ("GR", ["greece", "griechenland", "grèce", "grecia"]),
            ("HU", ["hungary", "ungarn"]),
            ("RO", ["romania", "rumänien"]),
            ("TR", ["turkey", "türkiye", "türkei"]),
            ("IL", ["israel"]),
            ("JP", ["japan", "日本", "japon", "giappone", "japón"]),
            ("CN", ["china", "中国", "people's republic of china", "chine", "cina"]),
            ("HK", ["hong kong", "香港"]),
            ("TW", ["taiwan", "台湾", "台灣"]),
            ("KR", ["south korea", "korea", "republic of korea", "korea, south", "韩国", "韓国"]),
            ("SG", ["singapore", "新加坡"]),
            ("IN", ["india", "indien"]),
            ("AE", ["united arab emirates", "uae"]),
            ("SA", ["saudi arabia"]),
            ("AU", ["australia", "australien", "australie"]),
            ("NZ", ["new zealand", "neuseeland"]),
            ("CA", ["canada", "kanada"]),
            ("MX", ["mexico", "méxico", "mexiko", "mexique", "messico"]),
            ("BR", ["brazil", "brasil", "brasilien", "brésil"]),
        ]
        for (code, names) in table { for n in names { m[n] = code } }
        return m
    }()

    /// State/province code → zone, for the countries that span several.
    static let regionZones: [String: [String: String]] = [
        "US": {
            var m: [String: String] = [:]
            let groups: [(String, String)] = [
                ("America/New_York", "CT DE DC FL GA KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV"),
                ("America/Indiana/Indianapolis", "IN"),
                ("America/Chicago", "AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI"),
                ("America/Denver", "CO MT NM UT WY"),
                ("America/Boise", "ID"),
                ("America/Phoenix", "AZ"),
                ("America/Los_Angeles", "CA NV OR WA"),
                ("America/Anchorage", "AK"),
                ("Pacific/Honolulu", "HI"),
                ("America/Puerto_Rico", "PR"),
            ]
            for (zone, codes) in groups { for c in codes.split(separator: " ") { m[String(c)] = zone } }
            return m
        }(),
        "CA": ["BC": "America/Vancouver", "AB": "America/Edmonton", "SK": "America/Regina", "MB": "America/Winnipeg",
               "ON": "America/Toronto", "QC": "America/Toronto", "NB": "America/Halifax", "NS": "America/Halifax",
               "PE": "America/Halifax", "NL": "America/St_Johns", "YT": "America/Whitehorse", "NT": "America/Yellowknife",
               "NU": "America/Iqaluit"],
        "AU": ["NSW": "Australia/Sydney", "ACT": "Australia/Sydney", "VIC": "Australia/Melbourne", "QLD": "Australia/Brisbane",
               "SA": "Australia/Adelaide", "WA": "Australia/Perth", "TAS": "Australia/Hobart", "NT": "Australia/Darwin"],
    ]

    /// US state names as eBay and some Amazon rows spell them.
    static let usStateNames: [String: String] = [
        "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
        "connecticut": "CT", "delaware": "DE", "district of columbia": "DC", "florida": "FL", "georgia": "GA", "hawaii": "HI",
        "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
        "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
        "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
        "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
        "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
        "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
        "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR",
    ]

    /// The region as a code (`CA`, `NSW`) from a code or a US state name; other names as written; nil when empty.
    static func regionCode(_ text: String, country: String?) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        if country == "US", let code = usStateNames[t.lowercased()] { return code }
        // A code (`ca`, `NSW`) is upper-cased; a name (`Greater London`, `東京都`) is kept as written.
        return t.count <= 3 && t.allSatisfy({ $0.isASCII && $0.isLetter }) ? t.uppercased() : t
    }

    static func timeZone(country: String?, region: String?) -> String? {
        guard let country else { return nil }
        if let zones = regionZones[country] { return region.flatMap { zones[$0] } }
        return LocalTime.multiZoneCountries.contains(country) ? nil : LocalTime.countryZones[country]
    }
}
