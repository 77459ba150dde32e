import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuConfig

@Suite struct ConfigTests {
    let sample = """
    # kefu configuration
    time-zone = "Asia/Shanghai"
    warn-within = "90m"

    [clocks]
    reply-hours = 20
    chargeback-days = 6

    [marketplace."amazon.com.au"]
    a-to-z-hours = 36

    [marketplace.ebay]
    ebay-request-business-days = 2

    [calendar.DE]
    holidays = ["2026-11-24", "12-31"]

    [calendar.GB]
    builtin-holidays = false

    [company-sla.amazon]
    hours = 8
    days = ["mon", "tue", "wed", "thu", "fri"]
    open = "09:30"
    close = "18:00"
    holidays = ["10-01"]
    """

    @Test func readsEverySetting() throws {
        let c = try KefuConfig.parse(sample, file: "config.toml", fallbackZone: TimeZone(identifier: "UTC")!)
        #expect(c.timeZone.identifier == "Asia/Shanghai")
        #expect(c.sla.warnWithin == 90 * 60)
        let de = c.sla.limits(channel: .amazon, marketplace: "amazon.de")
        #expect(de.replyHours == 20 && de.chargebackDays == 6 && de.aToZHours == 72)
        #expect(c.sla.limits(channel: .amazon, marketplace: "amazon.com.au").aToZHours == 36)
        #expect(c.sla.limits(channel: .ebay, marketplace: "ebay.de").ebayRequestBusinessDays == 2)
        let deCal = c.sla.calendars["DE"]!
        let nov24 = HolidayRules.days(year: 2026, month: 11, day: 24)
        #expect(!deCal.isBusinessDay(nov24), "configured date")
        #expect(!deCal.isBusinessDay(HolidayRules.days(year: 2026, month: 12, day: 25)), "built-in Christmas kept")
        #expect(c.sla.calendars["GB"]!.holidays.isEmpty, "built-ins dropped")
        let sla = c.sla.companySLA[.amazon]!
        #expect(sla.hours == 8 && sla.calendar.opens == 9 * 3600 + 1800 && sla.calendar.zone.identifier == "Asia/Shanghai")
        #expect(!sla.calendar.isBusinessDay(HolidayRules.days(year: 2026, month: 10, day: 1)))
        #expect(c.sla.companySLA[.ebay] == nil)
    }

    @Test func mailDelivery() throws {
        let c = try KefuConfig.parse("[mail]\nfrom = \"a@b.example\"\ncommand = \"sendmail -t -i\"\ntimeout = 15\n", file: "config.toml",
                                     fallbackZone: TimeZone(identifier: "UTC")!)
        #expect(c.reply.sendCommand == "sendmail -t -i" && c.reply.sendTimeout == 15 && c.reply.fromAddress == "a@b.example")
        let d = try KefuConfig.parse("", file: "config.toml", fallbackZone: TimeZone(identifier: "UTC")!)
        #expect(d.reply.sendCommand == "msmtp -t" && d.reply.sendTimeout == 60)
    }

    @Test func undoSendGracePeriod() throws {
        let utc = TimeZone(identifier: "UTC")!, t = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try KefuConfig.parse("", file: "config.toml", fallbackZone: utc).reply.sendAfter(t) == t.addingTimeInterval(10))
        let c = try KefuConfig.parse("[reply]\nundo-seconds = 30\n", file: "config.toml", fallbackZone: utc)
        #expect(c.reply.undoSeconds == 30 && c.reply.sendAfter(t) == t.addingTimeInterval(30))
        #expect(try KefuConfig.parse("[reply]\nundo-seconds = 0\n", file: "config.toml", fallbackZone: utc).reply.sendAfter(t) == nil, "0 sends at once")
    }

    @Test func maildirIsRelativeToTheConfigFile() throws {
        let utc = TimeZone(identifier: "UTC")!
        #expect(try KefuConfig.parse("[mail]\nmaildir = \"Mail/support\"\n", file: "/home/a/.config/kefu/config.toml", fallbackZone: utc).maildir
                == "/home/a/.config/kefu/Mail/support")
        #expect(try KefuConfig.parse("[mail]\nmaildir = \"/var/mail/support\"\n", file: "/x/config.toml", fallbackZone: utc).maildir == "/var/mail/support")
        #expect(try KefuConfig.parse("", file: "/x/config.toml", fallbackZone: utc).maildir == nil)
        #expect(throws: KefuError.self) { try KefuConfig.parse("[mail]\nmaildir = 3\n", file: "/x/config.toml", fallbackZone: utc) }
    }

    @Test func productShortNamesAndTheAgentsLanguage() throws {
        let c = try KefuConfig.parse("[agent]\nname = \"Lin\"\nlanguage = \"zh\"\n[products.\"KETTLE-GLS-17\"]\nshort-name = \"Wasserkocher\"\nbulky = false\n", file: "c.toml")
        #expect(c.reply.agentLanguage == "zh" && c.reply.agentName == "Lin")
        #expect(c.reply.shortNames == ["KETTLE-GLS-17": "Wasserkocher"] && c.reply.bulkySKUs.isEmpty)
        #expect(try KefuConfig.parse("", file: "c.toml").reply.agentLanguage == "en")
        #expect(throws: KefuError.data("c.toml:2: agent.language: expected \"en\" or \"zh\"")) {
            try KefuConfig.parse("[agent]\nlanguage = \"fr\"\n", file: "c.toml")
        }
        #expect(throws: KefuError.self) { try KefuConfig.parse("[products.A]\nshort-name = \"\"\n", file: "c.toml") }
        #expect(throws: KefuError.self) { try KefuConfig.parse("[products.A]\nshort-name = \"a\\u001Bb\"\n", file: "c.toml") }
    }

    @Test func reportCurrencyAndRates() throws {
        #expect(try KefuConfig.parse("", file: "c.toml").report == ReportSettings())
        let c = try KefuConfig.parse("[report]\ncurrency = \"USD\"\n[report.rates]\nEUR = 1.08\nJPY = 0.0067\nGBP = 1\nCNY = \"0.138\"\n", file: "c.toml")
        #expect(c.report.currency == "USD")
        #expect(c.report.rates == ["EUR": Decimal(string: "1.08")!, "JPY": Decimal(string: "0.0067")!, "GBP": 1, "CNY": Decimal(string: "0.138")!])
    }

    @Test func privacyKeepDays() throws {
        #expect(try KefuConfig.parse("", file: "c.toml").keepDays == 30)
        #expect(try KefuConfig.parse("[privacy]\nkeep-days = 90\n", file: "c.toml").keepDays == 90)
    }

    @Test func aMissingFileMeansTheDefaults() throws {
        let c = try KefuConfig.load(path: tempDir() + "/none.toml", fallbackZone: TimeZone(identifier: "Europe/Berlin")!)
        #expect(c.path == nil && c.timeZone.identifier == "Europe/Berlin")
        #expect(c.sla.limits(channel: .amazon, marketplace: "amazon.com.au").aToZHours == 48)
        #expect(c.sla.limits(channel: .amazon, marketplace: "amazon.com").aToZHours == 72)
        #expect(c.sla.warnWithin == 2 * 3600)
    }

    @Test(arguments: [
        ("[clocks]\nreply-hour = 24", "config.toml:2: clocks.reply-hour: unknown setting"),
        ("[clocks]\nreply-hours = \"24\"", "config.toml:2: clocks.reply-hours: expected a number, found string"),
        ("[clocks]\nchargeback-days = 6.5", "config.toml:2: clocks.chargeback-days: expected a whole number"),
        ("[clocks]\nreply-hours = 0", "config.toml:2: clocks.reply-hours: must be between"),
        ("time-zone = \"Mars/Olympus\"", "config.toml:1: time-zone: unknown time zone"),
        ("\n\n[calendar.Germany]\nweekend = [\"sat\"]", "config.toml:3: calendar.Germany: not a country code"),
        ("[calendar.DE]\nholidays = [\"Christmas\"]", "config.toml:2: calendar.DE.holidays: \"Christmas\" is not a date"),
        ("[calendar.DE]\nweekend = [\"saturday\", \"someday\"]", "config.toml:2: calendar.DE.weekend: \"someday\" is not a weekday"),
        ("[company-sla.fax]\nhours = 8", "config.toml:1: company-sla.fax: not a channel"),
        ("[company-sla.amazon]\ndays = [\"mon\"]", "config.toml:1: company-sla.amazon: needs `hours`"),
        ("[company-sla.amazon]\nhours = 8\nopen = \"18:00\"\nclose = \"09:00\"", "config.toml:4: company-sla.amazon.close: must be after `open`"),
        ("warn-within = \"soon\"", "config.toml:1: warn-within: expected a duration"),
        // Overflowing durations and numbers: an error naming the line, never a trap.
        ("\nwarn-within = \"999999999999999h\"", "config.toml:2: warn-within: too long (at most 3650 days)"),
        ("warn-within = \"999999999999999d\"", "config.toml:1: warn-within: too long"),
        ("warn-within = \"99999999999999999999999999m\"", "config.toml:1: warn-within: too long"),
        ("warn-within = \"87601h\"", "config.toml:1: warn-within: too long"),
        ("warn-within = 1e300", "config.toml:1: warn-within: too long"),
        ("warn-within = 999999999999999999", "config.toml:1: warn-within: too long"),
        ("[mail]\ntimeout = 99999999999999999999", "config.toml:2: integer \"99999999999999999999\" is out of range"),
        ("[mail]\ntimeout = 9999999999999", "config.toml:2: mail.timeout: must be between 1 and 3600"),
        ("[clocks]\nreply-hours = 1e300", "config.toml:2: clocks.reply-hours: must be between"),
        ("[clocks]\nchargeback-days = 999999999999999999", "config.toml:2: clocks.chargeback-days: must be between"),
        ("[company-sla.amazon]\nhours = 1e300", "config.toml:2: company-sla.amazon.hours: must be between"),
        ("[calendar.DE]\nholidays = [\"easter+99999999999999999999\"]", "config.toml:2: calendar.DE.holidays: \"easter+99999999999999999999\" is not a date"),
        ("[calendar.DE]\nholidays = [\"99999999999-01-01\"]", "config.toml:2: calendar.DE.holidays: \"99999999999-01-01\" is not a date"),
        ("[clocks\nreply-hours = 1", "config.toml:1:"),
        ("[mail]\ntimeout = 0", "config.toml:2: mail.timeout: must be between 1 and 3600"),
        ("[mail]\ncommand = \"  \"", "config.toml:2: mail.command: expected a command line"),
        ("[mail]\nsendmail = \"msmtp\"", "config.toml:2: mail.sendmail: unknown setting"),
        ("[reply]\nundo-seconds = 301", "config.toml:2: reply.undo-seconds: must be between 0 and 300"),
        ("\n[reply]\nundo-seconds = -1", "config.toml:3: reply.undo-seconds: must be between 0 and 300"),
        ("[reply]\nundo-seconds = \"10s\"", "config.toml:2: reply.undo-seconds: expected a whole number, found string"),
        ("[reply]\nundo_seconds = 10", "config.toml:2: reply.undo_seconds: unknown setting"),
        ("[privacy]\nkeep-days = 0", "config.toml:2: privacy.keep-days: must be between 1 and 3650"),
        ("\n[privacy]\nkeep-days = 99999999999", "config.toml:3: privacy.keep-days: must be between 1 and 3650"),
        ("[privacy]\nkeep-days = 30.5", "config.toml:2: privacy.keep-days: expected a whole number"),
        ("[privacy]\nkeep-days = \"30d\"", "config.toml:2: privacy.keep-days: expected a whole number, found string"),
        ("[privacy]\nkeep-day = 30", "config.toml:2: privacy.keep-day: unknown setting"),
        ("privacy = 30", "config.toml:1: privacy: expected a table"),
        ("[report]\ncurrency = \"usd\"", "config.toml:2: report.currency: expected an ISO 4217 currency code"),
        ("[report]\ncurrency = 840", "config.toml:2: report.currency: expected an ISO 4217 currency code"),
        ("[report]\ncurency = \"USD\"", "config.toml:2: report.curency: unknown setting"),
        ("[report.rates]\nEUR = 1.08", "config.toml:1: report.rates: needs report.currency"),
        ("[report]\ncurrency = \"USD\"\n[report.rates]\nEUR = 0", "config.toml:4: report.rates.EUR: must be above 0"),
        ("[report]\ncurrency = \"USD\"\n[report.rates]\nEUR = -1.08", "config.toml:4: report.rates.EUR: must be above 0"),
        ("[report]\ncurrency = \"USD\"\n[report.rates]\nEUR = 1e300", "config.toml:4: report.rates.EUR: must be above 0"),
        ("[report]\ncurrency = \"USD\"\n[report.rates]\nEUR = \"a lot\"", "config.toml:4: report.rates.EUR: expected a number"),
        ("[report]\ncurrency = \"USD\"\n[report.rates]\nEUR = true", "config.toml:4: report.rates.EUR: expected a number"),
        ("[report]\ncurrency = \"USD\"\n[report.rates]\neur = 1.08", "config.toml:4: report.rates.eur: not an ISO 4217 currency code"),
        ("[report]\ncurrency = \"USD\"\n[report.rates]\nUSD = 1", "config.toml:4: report.rates.USD: is the report currency itself"),
        ("[report]\ncurrency = \"USD\"\nrates = 1.08", "config.toml:3: report.rates: expected a table"),
    ])
    func badSettingsNameTheLine(_ text: String, _ message: String) {
        do {
            _ = try KefuConfig.parse(text, file: "config.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
    }

    @Test func storeURLNamesAPostgreSQLStoreAndNothingElse() throws {
        let utc = TimeZone(identifier: "UTC")!
        let c = try KefuConfig.parse("[store]\nname = \"Lumen\"\nurl = \"postgresql://lin@db.example/kefu\"\n", file: "config.toml", fallbackZone: utc)
        #expect(c.storeURL == "postgresql://lin@db.example/kefu" && c.reply.storeName == "Lumen")
        #expect(try KefuConfig.parse("", file: "config.toml", fallbackZone: utc).storeURL == nil)
        #expect(throws: KefuError.data("config.toml:2: store.url: expected a PostgreSQL URL, e.g. \"postgresql://kefu@db.example/kefu\"")) {
            try KefuConfig.parse("[store]\nurl = \"/home/lin/kefu\"\n", file: "config.toml", fallbackZone: utc)
        }
    }
}
