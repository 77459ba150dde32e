/// Short labels for the queue: `AMZ.de`, `EBAY.uk`, `SHOP`, `MAIL`.
public enum MarketplaceLabel {
    public static func short(channel: Channel, marketplace: String?) -> String {
        switch channel {
        case .shop: return "SHOP"
        case .email: return "MAIL"
        case .amazon, .ebay:
            let head = channel == .amazon ? "AMZ" : "EBAY"
            guard let m = marketplace, let tld = m.split(separator: ".").last else { return head }
            return "\(head).\(tld)"
        }
    }

    /// The marketplace's country (ISO 3166 alpha-2) from its domain, for time zones and calendars.
    public static func country(of marketplace: String?) -> String? {
        guard let m = marketplace?.lowercased(), let tld = m.split(separator: ".").last else { return nil }
        switch tld {
        case "com": return "US"
        case "uk": return "GB"
        case "jp", "de", "fr", "it", "es", "nl", "se", "pl", "au", "ca", "mx", "br", "in", "sg", "ae", "sa", "tr", "be", "ie", "at", "ch":
            return tld.uppercased()
        default: return nil
        }
    }
}
