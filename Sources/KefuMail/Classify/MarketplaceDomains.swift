import Foundation

/// Which marketplace a sender or an `X-Marketplace-ID` belongs to.
package enum MarketplaceDomains {
    /// Amazon's marketplace ids (as in Seller Central and the SP-API) → the marketplace's domain.
    static let amazonIds: [String: String] = [
        "ATVPDKIKX0DER": "amazon.com", "A2EUQ1WTGCTBG2": "amazon.ca", "A1AM78C64UM0Y8": "amazon.com.mx",
        "A2Q3Y263D00KWC": "amazon.com.br", "A1PA6795UKMFR9": "amazon.de", "A1F83G8C2ARO7P": "amazon.co.uk",
        "A13V1IB3VIYZZH": "amazon.fr", "APJ6JRA9NG5V4": "amazon.it", "A1RKKUPIHCS9HS": "amazon.es",
        "A1805IZSGTT6HS": "amazon.nl", "A2NODRKZP88ZB9": "amazon.se", "A1C3SOZRARQ6R3": "amazon.pl",
        "AMEN7PMS3EDWL": "amazon.com.be", "A33AVAJ2PDY3EV": "amazon.com.tr", "A28R8C7NBKEWEA": "amazon.ie",
        "A1VC38T7YXB528": "amazon.co.jp", "A39IBJ37TRP1C6": "amazon.com.au", "A21TJRUUN4KGV": "amazon.in",
        "A19VAU5U5O7RUS": "amazon.sg", "A2VIGQ35RCS4UG": "amazon.ae", "A17E79C6D8DWNP": "amazon.sa",
    ]

    /// Country-code endings a marketplace domain can have after `amazon.` / `ebay.`.
    static let suffixes: Set<String> = [
        "com", "ca", "com.mx", "com.br", "de", "co.uk", "fr", "it", "es", "nl", "se", "pl", "com.be", "be", "com.tr",
        "ie", "co.jp", "com.au", "in", "sg", "ae", "sa", "at", "ch", "ph", "com.sg", "com.my", "com.hk", "eg",
    ]

    /// `amazon.de` for `x@marketplace.amazon.de` or `seller-notification@amazon.de`; nil for anything
    /// else (`amazonses.com`, `amazon.example.com` are not Amazon). `brand` is "amazon" or "ebay".
    static func marketplace(brand: String, address: String?) -> String? {
        guard let address, let at = address.lastIndex(of: "@") else { return nil }
        let labels = address[address.index(after: at)...].lowercased().split(separator: ".").map(String.init)
        guard let i = labels.lastIndex(of: brand) else { return nil }
        let suffix = labels[(i + 1)...].joined(separator: ".")
        return suffixes.contains(suffix) ? "\(brand).\(suffix)" : nil
    }

    /// Whether `address` is a marketplace relay: `…@marketplace.amazon.<tld>`, `…@members.ebay.<tld>`.
    static func isRelay(_ address: String?, brand: String) -> Bool {
        guard let address, let at = address.lastIndex(of: "@"), marketplace(brand: brand, address: address) != nil else { return false }
        let host = address[address.index(after: at)...].lowercased()
        return host.hasPrefix(brand == "amazon" ? "marketplace.amazon." : "members.ebay.")
    }

    /// The language a marketplace's buyers most likely write in.
    package static func language(of marketplace: String?) -> String? {
        guard let m = marketplace, let dot = m.firstIndex(of: ".") else { return nil }
        switch m[m.index(after: dot)...] {
        case "com", "ca", "co.uk", "com.au", "ie", "in", "sg", "ph", "com.sg", "com.my", "com.hk": return "en"
        case "de", "at", "ch": return "de"
        case "fr", "com.be", "be": return "fr"
        case "it": return "it"
        case "es", "com.mx": return "es"
        case "co.jp": return "ja"
        case "nl": return "nl"
        case "se": return "sv"
        case "pl": return "pl"
        case "com.tr": return "tr"
        case "com.br": return "pt"
        case "ae", "sa", "eg": return "ar"
        default: return nil
        }
    }
}
