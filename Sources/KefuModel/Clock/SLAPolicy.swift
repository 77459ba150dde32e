import Foundation

/// How long each clock runs. Every field is optional so that a marketplace or channel override
/// (`[marketplace."amazon.com.au"]`) only names what it changes.
public struct ClockLimits: Sendable, Equatable {
    public var replyHours: Double?
    public var returnAnswerHours: Double?
    public var returnRefundBusinessDays: Int?
    public var aToZHours: Double?
    public var chargebackDays: Int?
    public var ebayRequestBusinessDays: Int?
    public var feedbackRemovalDays: Int?

    public init(replyHours: Double? = nil, returnAnswerHours: Double? = nil, returnRefundBusinessDays: Int? = nil,
                aToZHours: Double? = nil, chargebackDays: Int? = nil, ebayRequestBusinessDays: Int? = nil,
                feedbackRemovalDays: Int? = nil) {
        self.replyHours = replyHours; self.returnAnswerHours = returnAnswerHours
        self.returnRefundBusinessDays = returnRefundBusinessDays; self.aToZHours = aToZHours
        self.chargebackDays = chargebackDays; self.ebayRequestBusinessDays = ebayRequestBusinessDays
        self.feedbackRemovalDays = feedbackRemovalDays
    }

    /// DOMAIN.md, "Case kinds, and their clocks".
    public static let marketplaceRules = ClockLimits(
        replyHours: 24, returnAnswerHours: 24, returnRefundBusinessDays: 2, aToZHours: 72,
        chargebackDays: 7, ebayRequestBusinessDays: 3, feedbackRemovalDays: 90)

    /// `other`'s values where it sets them, ours elsewhere.
    public func overlaid(by other: ClockLimits) -> ClockLimits {
        ClockLimits(replyHours: other.replyHours ?? replyHours, returnAnswerHours: other.returnAnswerHours ?? returnAnswerHours,
                    returnRefundBusinessDays: other.returnRefundBusinessDays ?? returnRefundBusinessDays,
                    aToZHours: other.aToZHours ?? aToZHours, chargebackDays: other.chargebackDays ?? chargebackDays,
                    ebayRequestBusinessDays: other.ebayRequestBusinessDays ?? ebayRequestBusinessDays,
                    feedbackRemovalDays: other.feedbackRemovalDays ?? feedbackRemovalDays)
    }
}

/// The company's own reply target for a channel, counted in business hours of the seller's calendar.
public struct CompanySLA: Sendable {
    public var hours: Double
    public var calendar: BusinessCalendar
    public init(hours: Double, calendar: BusinessCalendar) { self.hours = hours; self.calendar = calendar }
}

/// Every number and calendar the clocks use: built-in defaults, laid over by `config.toml`.
public struct SLAPolicy: Sendable {
    public var defaults: ClockLimits = .marketplaceRules
    /// Keyed by lower-cased marketplace domain (`amazon.com.au`) or channel name (`ebay`).
    public var overrides: [String: ClockLimits] = ["amazon.com.au": ClockLimits(aToZHours: 48)]
    /// Business calendars by country (ISO 3166 alpha-2).
    public var calendars: [String: BusinessCalendar]
    /// For cases without a marketplace country (web store, plain e-mail).
    public var sellerCalendar: BusinessCalendar
    public var companySLA: [Channel: CompanySLA] = [:]
    /// Due within this counts as "soon" (yellow, `~`), and wakes a snoozed case early.
    public var warnWithin: TimeInterval = 2 * 3600

    public init(sellerZone: TimeZone = TimeZone(identifier: "UTC")!) {
        var calendars: [String: BusinessCalendar] = [:]
        for (country, zoneID) in LocalTime.countryZones {
            guard let zone = TimeZone(identifier: zoneID) else { continue }
            calendars[country] = BusinessCalendar(zone: zone, weekend: Self.weekend(of: country),
                                                  holidays: Self.builtinHolidays(of: country))
        }
        self.calendars = calendars
        sellerCalendar = BusinessCalendar(zone: sellerZone)
    }

    public static let standard = SLAPolicy()

    public func limits(channel: Channel, marketplace: String?) -> ClockLimits {
        var l = defaults
        if let o = overrides[channel.rawValue] { l = l.overlaid(by: o) }
        // Domains are stored lower-case; lower-casing allocates, so only when needed.
        if let m = marketplace, let o = overrides[m] ?? (m.utf8.contains { $0 >= 65 && $0 <= 90 } ? overrides[m.lowercased()] : nil) {
            l = l.overlaid(by: o)
        }
        return l
    }

    /// The calendar business-day clocks of a case count in: its marketplace's country, else the seller's.
    public func calendar(for c: Case) -> BusinessCalendar {
        if let country = MarketplaceLabel.country(of: c.marketplace), let cal = calendars[country] { return cal }
        return sellerCalendar
    }

    static func weekend(of country: String) -> Set<Int> {
        country == "SA" ? [5, 6] : [0, 6]
    }

    /// Public holidays on fixed dates or tied to Easter. Holidays on "the nth Monday" (most of the
    /// US ones, Japan's Happy Mondays) and lunar ones are not here: add them in `config.toml`.
    static let builtinHolidayRules: [String: [String]] = [
        "US": ["01-01", "06-19", "07-04", "11-11", "12-25"],
        "CA": ["01-01", "easter-2", "07-01", "11-11", "12-25"],
        "GB": ["01-01", "easter-2", "easter+1", "12-25", "12-26"],
        "IE": ["01-01", "03-17", "easter+1", "12-25", "12-26"],
        "DE": ["01-01", "easter-2", "easter+1", "05-01", "easter+39", "easter+50", "10-03", "12-25", "12-26"],
        "AT": ["01-01", "01-06", "easter+1", "05-01", "easter+39", "easter+50", "easter+60", "08-15", "10-26", "11-01", "12-08", "12-25", "12-26"],
        "CH": ["01-01", "easter-2", "easter+1", "easter+39", "easter+50", "08-01", "12-25", "12-26"],
        "FR": ["01-01", "easter+1", "05-01", "05-08", "easter+39", "07-14", "08-15", "11-01", "11-11", "12-25"],
        "BE": ["01-01", "easter+1", "05-01", "easter+39", "easter+50", "07-21", "08-15", "11-01", "11-11", "12-25"],
        "NL": ["01-01", "easter+1", "04-27", "05-05", "easter+39", "easter+50", "12-25", "12-26"],
        "IT": ["01-01", "01-06", "easter+1", "04-25", "05-01", "06-02", "08-15", "11-01", "12-08", "12-25", "12-26"],
        "ES": ["01-01", "01-06", "easter-2", "05-01", "08-15", "10-12", "11-01", "12-06", "12-08", "12-25"],
        "SE": ["01-01", "01-06", "easter-2", "easter+1", "05-01", "easter+39", "06-06", "12-25", "12-26"],
        "PL": ["01-01", "01-06", "easter+1", "05-01", "05-03", "easter+60", "08-15", "11-01", "11-11", "12-25", "12-26"],
        "JP": ["01-01", "01-02", "01-03", "02-11", "02-23", "04-29", "05-03", "05-04", "05-05", "08-11", "11-03", "11-23"],
        "AU": ["01-01", "01-26", "easter-2", "easter+1", "04-25", "12-25", "12-26"],
        "MX": ["01-01", "05-01", "09-16", "12-25"],
        "BR": ["01-01", "easter-2", "04-21", "05-01", "09-07", "10-12", "11-02", "11-15", "12-25"],
        "IN": ["01-26", "08-15", "10-02"],
        "SG": ["01-01", "05-01", "08-09", "12-25"],
        "TR": ["01-01", "04-23", "05-01", "05-19", "07-15", "08-30", "10-29"],
        "AE": ["01-01", "12-02", "12-03"],
        "SA": ["02-22", "09-23"],
    ]

    static func builtinHolidays(of country: String) -> HolidayRules {
        var r = HolidayRules()
        for rule in builtinHolidayRules[country] ?? [] { r.add(rule) }
        return r
    }
}
