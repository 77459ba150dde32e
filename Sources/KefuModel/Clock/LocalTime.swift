import Foundation

/// The buyer's wall clock ("Tue 03:12, night"), from their time zone or their marketplace's country.
public enum LocalTime {
    package static let countryZones: [String: String] = [
        "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City", "BR": "America/Sao_Paulo",
        "GB": "Europe/London", "IE": "Europe/Dublin", "DE": "Europe/Berlin", "AT": "Europe/Vienna", "CH": "Europe/Zurich",
        "FR": "Europe/Paris", "BE": "Europe/Brussels", "NL": "Europe/Amsterdam", "IT": "Europe/Rome", "ES": "Europe/Madrid",
        "SE": "Europe/Stockholm", "PL": "Europe/Warsaw", "TR": "Europe/Istanbul", "JP": "Asia/Tokyo", "CN": "Asia/Shanghai",
        "IN": "Asia/Kolkata", "SG": "Asia/Singapore", "AE": "Asia/Dubai", "SA": "Asia/Riyadh", "AU": "Australia/Sydney",
        "LU": "Europe/Luxembourg", "DK": "Europe/Copenhagen", "NO": "Europe/Oslo", "FI": "Europe/Helsinki", "CZ": "Europe/Prague",
        "PT": "Europe/Lisbon", "GR": "Europe/Athens", "HU": "Europe/Budapest", "RO": "Europe/Bucharest", "IL": "Asia/Jerusalem",
        "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "KR": "Asia/Seoul", "NZ": "Pacific/Auckland",
    ]
    /// Countries spanning several zones: their entry above is only a guess for the marketplace's clock,
    /// never to be written onto a buyer without a region.
    package static let multiZoneCountries: Set<String> = ["US", "CA", "MX", "BR", "AU"]

    public static func zone(for c: Case) -> TimeZone? {
        if let id = c.buyer.timeZone, let z = TimeZone(identifier: id) { return z }
        let country = c.buyer.country?.uppercased() ?? MarketplaceLabel.country(of: c.marketplace)
        return country.flatMap { countryZones[$0] }.flatMap { TimeZone(identifier: $0) }
    }

    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parts(_ date: Date, _ zone: TimeZone) -> DateComponents {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        return cal.dateComponents([.weekday, .day, .month, .hour, .minute], from: date)
    }

    public static func partOfDay(hour: Int) -> String {
        switch hour {
        case 6..<12: return "morning"
        case 12..<18: return "afternoon"
        case 18..<22: return "evening"
        default: return "night"
        }
    }

    /// `Tue 03:12, night`
    public static func describe(_ date: Date, in zone: TimeZone) -> String {
        let p = parts(date, zone)
        return String(format: "%@ %02d:%02d, %@", days[(p.weekday ?? 1) - 1], p.hour ?? 0, p.minute ?? 0, partOfDay(hour: p.hour ?? 0))
    }

    /// `Tue 21 Nov 14:05` in the given zone.
    public static func stamp(_ date: Date, in zone: TimeZone) -> String {
        let p = parts(date, zone)
        return String(format: "%@ %02d %@ %02d:%02d", days[(p.weekday ?? 1) - 1], p.day ?? 1, months[(p.month ?? 1) - 1], p.hour ?? 0, p.minute ?? 0)
    }

    /// The zone's short name at `date` (`CET`, `JST`), or `UTC` for any name of UTC.
    public static func zoneLabel(_ zone: TimeZone, at date: Date) -> String {
        ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(zone.identifier) ? "UTC"
            : zone.abbreviation(for: date) ?? zone.identifier
    }

    /// `Sat 21 Nov 13:00 CET`: a time the agent reads without converting.
    public static func zonedStamp(_ date: Date, in zone: TimeZone) -> String {
        "\(stamp(date, in: zone)) \(zoneLabel(zone, at: date))"
    }

    /// `2026-11-21` in the given zone.
    public static func day(_ date: Date, in zone: TimeZone) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let p = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0)
    }
}
