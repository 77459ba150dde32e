import Testing
@testable import KefuConfig

/// Parses `text` as "config.toml", recording a test issue if it fails.
private func tomlParse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> TOMLTable {
    do {
        return try TOML.parse(text, file: "config.toml")
    } catch {
        Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
        return TOMLTable()
    }
}

/// The error `text` fails with, as `file:line: message`; records a test issue if it parses.
private func tomlFailure(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    let error = #expect(throws: TOMLError.self, sourceLocation: sourceLocation) {
        try TOML.parse(text, file: "config.toml")
    }
    return error?.description
}

@Suite struct TOMLTests {
    // MARK: Documents and keys

    @Test func realisticConfigFile() throws {
        let text = """
            # kefu configuration
            warn-within = "2h"
            [clocks]
            reply-hours = 24
            [marketplace."amazon.com.au"]
            a-to-z-hours = 48
            [calendar.DE]
            holidays = ["12-25", "12-26", "2026-04-03", "easter+1"]
            [company-sla.amazon]
            hours = 8
            days = ["mon", "tue", "wed", "thu", "fri"]
            open = "09:00"
            close = "18:00"
            time-zone = "Asia/Shanghai"
            """
        let config = try TOML.parse(text, file: "config.toml")
        #expect(config.keys == ["warn-within", "clocks", "marketplace", "calendar", "company-sla"])
        #expect(config["warn-within"] == .string("2h"))
        #expect(config["clocks"]?.tableValue?["reply-hours"]?.intValue == 24)
        #expect(config["clocks"]?.tableValue?.line == 3)
        let au = config["marketplace"]?.tableValue?["amazon.com.au"]?.tableValue
        #expect(au?["a-to-z-hours"] == .integer(48))
        #expect(au?.line == 5 && au?.line(of: "a-to-z-hours") == 6)
        let holidays = config["calendar"]?.tableValue?["DE"]?.tableValue?["holidays"]?.arrayValue
        #expect(holidays?.compactMap(\.stringValue) == ["12-25", "12-26", "2026-04-03", "easter+1"])
        let sla = try #require(config["company-sla"]?.tableValue?["amazon"]?.tableValue)
        #expect(sla.keys == ["hours", "days", "open", "close", "time-zone"])
        #expect(sla["hours"]?.doubleValue == 8)
        #expect(sla["days"]?.arrayValue?.count == 5 && sla["days"]?.arrayValue?.first == .string("mon"))
        #expect(sla["open"]?.stringValue == "09:00" && sla["close"]?.stringValue == "18:00")
        #expect(sla["time-zone"]?.stringValue == "Asia/Shanghai")
        #expect(sla.line == 9 && sla.line(of: "time-zone") == 14 && sla.line(of: "nope") == nil)
    }

    @Test func commentsBlankLinesCRLFAndBOM() {
        let text = "\u{FEFF}# heading\r\n\r\n  a = 1 # trailing\r\n\t# indented comment\r\nb = \"x # not a comment\"\r\n"
        let t = tomlParse(text)
        #expect(t["a"] == .integer(1))
        #expect(t["b"] == .string("x # not a comment"))
        #expect(t.line(of: "a") == 3 && t.line(of: "b") == 5)
        #expect(t.keys == ["a", "b"])
        #expect(tomlParse("").keys.isEmpty && tomlParse("# only a comment").keys.isEmpty)
    }

    @Test func bareQuotedLiteralAndDottedKeys() {
        let t = tomlParse("""
            bare_key-1 = 1
            "quoted key" = 2
            'literal "key"' = 3
            "" = 4
            site."google.com" = true
            a . b\t.  c = 5
            a.b.d = 6
            "\\u00e9t\\u00e9" = 7
            """)
        #expect(t.keys == ["bare_key-1", "quoted key", "literal \"key\"", "", "site", "a", "été"])
        #expect(t["bare_key-1"] == .integer(1) && t["quoted key"] == .integer(2))
        #expect(t["literal \"key\""] == .integer(3) && t[""] == .integer(4) && t["été"] == .integer(7))
        #expect(t["site"] == .table(["google.com": .bool(true)]))
        #expect(t["a"] == .table(["b": .table(["c": .integer(5), "d": .integer(6)])]))
        #expect(t["a"]?.tableValue?.line == 6 && t.line(of: "site") == 5)
    }

    @Test func tablesSuperTablesAndArraysOfTables() {
        let t = tomlParse("""
            [a.b.c]
            x = 1
            [ a . "b.c" ]
            y = 2
            [a]
            z = 3
            [[item]]
            name = "one"
            [item.detail]
            size = 1
            [[item]]
            name = "two"
            [[a.list]]
            [[a.list]]
            k = true
            """)
        let a = t["a"]?.tableValue
        #expect(a?["b"]?.tableValue?["c"] == .table(["x": .integer(1)]))
        #expect(a?["b.c"] == .table(["y": .integer(2)]))
        #expect(a?["z"] == .integer(3))
        #expect(a?.line == 5)  // the implicit super-table takes the line of its own header
        #expect(a?.keys == ["b", "b.c", "z", "list"])
        #expect(a?["list"] == .array([.table([:]), .table(["k": .bool(true)])]))
        let items = t["item"]?.arrayValue?.compactMap(\.tableValue)
        #expect(items?.count == 2)
        #expect(items?.first == ["name": .string("one"), "detail": .table(["size": .integer(1)])])
        #expect(items?.last?["name"] == .string("two") && items?.last?.line == 11)
    }

    @Test func dottedKeysMayBeExtendedBySubTableHeaders() {
        let t = tomlParse("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]
            smooth = true
            """)
        let apple = t["fruit"]?.tableValue?["apple"]
        #expect(apple == .table(["color": .string("red"), "taste": .table(["sweet": .bool(true)]),
                                 "texture": .table(["smooth": .bool(true)])]))
    }

    // MARK: Values

    @Test func basicStringsWithEveryEscape() {
        let t = tomlParse(#"s = "b\b t\t n\n f\f r\r q\" s\\ u\u00E9 U\U0001F600 tab:"# + "\t" + #"!""#)
        #expect(t["s"] == .string("b\u{8} t\t n\n f\u{C} r\r q\" s\\ u\u{E9} U\u{1F600} tab:\t!"))
        #expect(tomlParse(#"s = 'C:\path\"x"'"#)["s"] == .string(#"C:\path\"x""#))
        #expect(tomlParse("s = \"über ✓\"")["s"] == .string("über ✓"))
    }

    @Test func multiLineStrings() {
        let basic = tomlParse("s = \"\"\"\nRoses\r\n  are \"red\" \\\n\n     and violets \\\t\n   blue.\"\"\"\n")
        #expect(basic["s"] == .string("Roses\n  are \"red\" and violets blue."))
        #expect(tomlParse("s = \"\"\"one\\ttwo\"\"\"")["s"] == .string("one\ttwo"))
        #expect(tomlParse("s = \"\"\"ends with quotes\"\"\"\"\"")["s"] == .string("ends with quotes\"\""))
        let literal = tomlParse("s = '''\nraw \\n stays\n  'quoted' '''\nnext = 1")
        #expect(literal["s"] == .string("raw \\n stays\n  'quoted' "))
        #expect(literal.line(of: "next") == 4)
    }

    @Test func integers() {
        let t = tomlParse("""
            a = 42
            b = +17
            c = -5
            d = 1_000_000
            e = 0
            f = -0
            g = 0xDEAD_beef
            h = 0o755
            i = 0b1101_0110
            max = 9223372036854775807
            min = -9223372036854775808
            """)
        let expected: [String: Int] = ["a": 42, "b": 17, "c": -5, "d": 1_000_000, "e": 0, "f": 0, "g": 0xDEADBEEF,
                                       "h": 0o755, "i": 0b1101_0110, "max": Int.max, "min": Int.min]
        for (key, value) in expected { #expect(t[key]?.intValue == value, "\(key)") }
        #expect(t["a"]?.typeName == "integer")
    }

    @Test func floats() {
        let t = tomlParse("""
            a = 3.14
            b = -0.01
            c = 5e+22
            d = 1E6
            e = -2e-2
            f = 6.626e-34
            g = 224_617.445_991
            h = inf
            i = -inf
            j = +nan
            k = 0.0
            """)
        let expected: [String: Double] = ["a": 3.14, "b": -0.01, "c": 5e22, "d": 1e6, "e": -0.02, "f": 6.626e-34,
                                          "g": 224_617.445_991, "h": .infinity, "i": -.infinity, "k": 0]
        for (key, value) in expected { #expect(t[key] == .float(value), "\(key)") }
        #expect(t["j"]?.doubleValue?.isNaN == true && t["j"]?.typeName == "float")
        #expect(t["a"]?.intValue == nil)
    }

    @Test func booleans() {
        let t = tomlParse("yes = true\nno = false")
        #expect(t["yes"]?.boolValue == true && t["no"]?.boolValue == false && t["no"]?.typeName == "boolean")
    }

    @Test func datesAndTimesKeepTheirText() {
        let t = tomlParse("""
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00.999999-07:00
            odt3 = 1979-05-27 07:32:00+09:00
            ldt = 1979-05-27t07:32:00
            ld = 2024-02-29
            lt1 = 07:32:00
            lt2 = 00:32:00.5
            lt3 = 09:00
            """)
        #expect(t["odt1"] == .dateTime("1979-05-27T07:32:00Z"))
        #expect(t["odt2"] == .dateTime("1979-05-27T00:32:00.999999-07:00"))
        #expect(t["odt3"] == .dateTime("1979-05-27 07:32:00+09:00"))
        #expect(t["ldt"] == .dateTime("1979-05-27t07:32:00"))
        #expect(t["ld"] == .date("2024-02-29") && t["ld"]?.typeName == "date")
        #expect(t["lt1"] == .time("07:32:00") && t["lt2"] == .time("00:32:00.5"))
        #expect(t["lt3"] == .time("09:00") && t["lt3"]?.typeName == "time" && t["odt1"]?.typeName == "date-time")
        #expect(t["lt3"]?.stringValue == nil)
    }

    @Test func arrays() {
        let t = tomlParse("""
            empty = []
            mixed = [1, "two", 3.0, [4, [5]], { six = 6 }]
            long = [
              "a",  # first
              # a comment line
              "b",
            ]
            after = 1
            """)
        #expect(t["empty"] == .array([]))
        #expect(t["mixed"] == .array([.integer(1), .string("two"), .float(3), .array([.integer(4), .array([.integer(5)])]),
                                      .table(["six": .integer(6)])]))
        #expect(t["long"]?.arrayValue == [.string("a"), .string("b")] && t["long"]?.typeName == "array")
        #expect(t.line(of: "after") == 8)
    }

    @Test func inlineTables() {
        let t = tomlParse("""
            empty = {}
            point = { x = 1, y = -2 }
            nested = { name.first = "Tom", name."last" = 'Preston', tags = ["a",
              "b"], inner = { deep = true } }
            after = 0
            """)
        #expect(t["empty"] == .table([:]))
        #expect(t["point"] == .table(["x": .integer(1), "y": .integer(-2)]))
        #expect(t["point"]?.tableValue?.keys == ["x", "y"] && t["point"]?.typeName == "table")
        let nested = t["nested"]?.tableValue
        #expect(nested?["name"] == .table(["first": .string("Tom"), "last": .string("Preston")]))
        #expect(nested?["tags"] == .array([.string("a"), .string("b")]))
        #expect(nested?["inner"]?.tableValue?["deep"]?.boolValue == true)
        #expect(t.line(of: "after") == 5)
    }

    @Test func accessorsReturnNilForOtherTypes() {
        let s = TOMLValue.string("x")
        #expect(s.stringValue == "x" && s.intValue == nil && s.doubleValue == nil && s.boolValue == nil)
        #expect(s.arrayValue == nil && s.tableValue == nil && s.typeName == "string")
        #expect(TOMLValue.integer(3).doubleValue == 3)
    }

    @Test func tableEqualityIgnoresOrderAndLines() {
        let a = tomlParse("x = 1\ny = 2")
        let b = tomlParse("\n\ny = 2\nx = 1")
        #expect(a == b && a.keys != b.keys)
        #expect(a != tomlParse("x = 1\ny = 3"))
    }

    // MARK: Errors, each with its line

    @Test func errorDescriptionNamesFileAndLine() {
        let error = TOMLError(file: "config.toml", line: 12, message: "duplicate key \"reply-hours\"")
        #expect(error.description == "config.toml:12: duplicate key \"reply-hours\"")
        #expect(tomlFailure("[clocks]\nreply-hours = 24\n\n# again\nreply-hours = 48\n")
                == "config.toml:5: duplicate key \"reply-hours\"")
    }

    @Test func deepNestingIsAnErrorWithItsLineNotAStackOverflow() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(tomlFailure("x = 1\na = " + deep) == "config.toml:2: arrays and inline tables nested deeper than 32 levels")
        #expect(tomlFailure("a = " + String(repeating: "{ b = ", count: 100_000))
                == "config.toml:1: arrays and inline tables nested deeper than 32 levels")
        #expect(tomlFailure("\n[" + deep) != nil)
        #expect(tomlFailure("\n[[" + Array(repeating: "a", count: 100_000).joined(separator: ".") + "]]")
                == "config.toml:2: key has more than 32 dotted parts")
        #expect(tomlFailure(Array(repeating: "a", count: 100_000).joined(separator: ".") + " = 1")
                == "config.toml:1: key has more than 32 dotted parts")
        // 32 levels are fine.
        let ok = tomlParse("a = " + String(repeating: "[", count: 32) + String(repeating: "]", count: 32))
        #expect(ok["a"] != nil)
    }

    @Test func unterminatedStrings() {
        #expect(tomlFailure("a = 1\nb = \"open\nc = 2") == "config.toml:2: unterminated string (missing closing \")")
        #expect(tomlFailure("a = 'open") == "config.toml:1: unterminated string (missing closing ')")
        #expect(tomlFailure("x = 1\ns = \"\"\"\nline\nline\n")
                == "config.toml:2: unterminated multi-line string (missing closing \"\"\")")
        #expect(tomlFailure("s = '''\n\n") == "config.toml:1: unterminated multi-line string (missing closing ''')")
        #expect(tomlFailure("s = \"\"\"a\"\"\"\"\"\"") == "config.toml:1: too many quotes at the end of a multi-line string")
    }

    @Test func badEscapes() {
        #expect(tomlFailure("\na = \"x\\qy\"") == "config.toml:2: invalid escape \"\\q\" in string")
        #expect(tomlFailure("a = \"\"\"\nok\n\\x\"\"\"") == "config.toml:3: invalid escape \"\\x\" in string")
        #expect(tomlFailure("a = \"\\u12\"") == "config.toml:1: invalid unicode escape: \\u needs 4 hex digits")
        #expect(tomlFailure("a = \"\\uD800\"") == "config.toml:1: invalid unicode escape \"D800\": not a Unicode scalar value")
        #expect(tomlFailure("a = \"\\U00110000\"")
                == "config.toml:1: invalid unicode escape \"00110000\": not a Unicode scalar value")
    }

    @Test func missingEqualsOrValue() {
        #expect(tomlFailure("a = 1\nreply-hours 24") == "config.toml:2: expected \"=\" after key \"reply-hours\", found \"2\"")
        #expect(tomlFailure("a = 1\nb = # nothing\nc = 2") == "config.toml:2: missing value for key \"b\"")
        #expect(tomlFailure("a = 1\nb =\nc = 2") == "config.toml:2: missing value for key \"b\"")
        #expect(tomlFailure("a = ,") == "config.toml:1: expected a value, found \",\"")
        #expect(tomlFailure("a = yes") == "config.toml:1: invalid value \"yes\" (strings must be quoted)")
    }

    @Test func keyWithNoValueAtEndOfFile() {
        #expect(tomlFailure("a = 1\nlast =") == "config.toml:2: missing value for key \"last\"")
        #expect(tomlFailure("a = 1\nlast = ") == "config.toml:2: missing value for key \"last\"")
        #expect(tomlFailure("a = 1\nlast") == "config.toml:2: expected \"=\" after key \"last\", found end of file")
        #expect(tomlFailure("a = 1\nb.") == "config.toml:2: expected a key, found end of file")
    }

    @Test func trailingGarbageAfterValue() {
        #expect(tomlFailure("a = 1 2") == "config.toml:1: expected a newline after the value, found \"2\"")
        #expect(tomlFailure("\n\ns = \"x\" y") == "config.toml:3: expected a newline after the value, found \"y\"")
        #expect(tomlFailure("[a] b = 1") == "config.toml:1: expected a newline after the table header, found \"b\"")
        #expect(tomlFailure("a = [1]]") == "config.toml:1: expected a newline after the value, found \"]\"")
        #expect(tomlFailure("[a\nb = 1") == "config.toml:1: expected \"]\" to close the table header, found end of line")
        #expect(tomlFailure("[[a]\n") == "config.toml:1: expected \"]]\" to close the table header, found end of line")
    }

    @Test func duplicateKeysAndTables() {
        #expect(tomlFailure("a = 1\nb = 2\na = 3") == "config.toml:3: duplicate key \"a\"")
        #expect(tomlFailure("[x]\nq = 1\n[y]\n[x]") == "config.toml:4: duplicate table [x] (first defined on line 1)")
        #expect(tomlFailure("a = 1\n[a]") == "config.toml:2: cannot define table [a]: \"a\" is already an integer (line 1)")
        #expect(tomlFailure("a.b = 1\n[a]") == "config.toml:2: duplicate table [a] (first defined on line 1)")
        #expect(tomlFailure("a.b = 1\na.b.c = 2") == "config.toml:2: cannot define key \"a.b.c\": \"a.b\" is already an integer (line 1)")
        #expect(tomlFailure("a.b = 1\na.b = 2") == "config.toml:2: duplicate key \"a.b\"")
        #expect(tomlFailure("site.\"google.com\" = 1\nsite.'google.com' = 2") == "config.toml:2: duplicate key site.\"google.com\"")
        #expect(tomlFailure("[a.b]\nx = 1\n[a]\nb = 2") == "config.toml:4: duplicate key \"b\"")
        #expect(tomlFailure("[a.b.c]\n[a]\nb.d = 1")
                == "config.toml:3: cannot define key \"b.d\": table [a.b] was already created by a table header (line 1)")
        #expect(tomlFailure("[[t]]\n[t]") == "config.toml:2: cannot define table [t]: \"t\" is already an array of tables (line 1)")
        #expect(tomlFailure("[t]\n[[t]]")
                == "config.toml:2: cannot define array of tables [[t]]: table [t] was already created by a table header (line 1)")
        #expect(tomlFailure("t.x = 1\n[[t]]")
                == "config.toml:2: cannot define array of tables [[t]]: table [t] was already created by dotted keys (line 1)")
        #expect(tomlFailure("t = []\n[[t]]") == "config.toml:2: cannot define array of tables [[t]]: \"t\" is already an array (line 1)")
        #expect(tomlFailure("[a]\nb = 1\n[a.b.c]") == "config.toml:3: cannot define table [a.b.c]: \"a.b\" is already an integer (line 2)")
    }

    @Test func inlineTablesAreClosed() {
        #expect(tomlFailure("p = { x = 1 }\n[p]")
                == "config.toml:2: cannot define table [p]: \"p\" is an inline table (line 1) and cannot be extended")
        #expect(tomlFailure("p = { x = 1 }\n[p.q]")
                == "config.toml:2: cannot define table [p.q]: \"p\" is an inline table (line 1) and cannot be extended")
        #expect(tomlFailure("p = { x = 1 }\np.y = 2")
                == "config.toml:2: cannot define key \"p.y\": \"p\" is an inline table (line 1) and cannot be extended")
        #expect(tomlFailure("p = { x = 1, x = 2 }") == "config.toml:1: duplicate key \"x\"")
        #expect(tomlFailure("p = { a = { b = 1 }, a.c = 2 }")
                == "config.toml:1: cannot define key \"a.c\": \"a\" is an inline table (line 1) and cannot be extended")
    }

    @Test func badNumbers() {
        #expect(tomlFailure("a = 1\nb = 012") == "config.toml:2: leading zeros are not allowed in \"012\"")
        #expect(tomlFailure("b = -01.5") == "config.toml:1: leading zeros are not allowed in \"-01.5\"")
        for bad in ["1__0", "1_", "1.", ".5", "1.e5", "1e", "0x", "+0x10", "0xG1", "0b102", "1_000.0_", "--1", "1-2", "0X10"] {
            #expect(tomlFailure("\nn = \(bad)") == "config.toml:2: invalid number \"\(bad)\"")
        }
        #expect(tomlFailure("n = _1") == "config.toml:1: invalid value \"_1\" (strings must be quoted)")
        #expect(tomlFailure("n = 9223372036854775808") == "config.toml:1: integer \"9223372036854775808\" is out of range")
        #expect(tomlFailure("n = 0x1_0000_0000_0000_0000") == "config.toml:1: integer \"0x1_0000_0000_0000_0000\" is out of range")
    }

    @Test func invalidDatesAndTimes() {
        #expect(tomlFailure("a = 1\nd = 2026-02-30") == "config.toml:2: invalid date \"2026-02-30\"")
        #expect(tomlFailure("d = 2025-02-29") == "config.toml:1: invalid date \"2025-02-29\"")
        #expect(tomlFailure("d = 2026-13-01") == "config.toml:1: invalid date \"2026-13-01\"")
        #expect(tomlFailure("d = 2026-1-5") == "config.toml:1: invalid date \"2026-1-5\"")
        #expect(tomlFailure("t = 24:00:00") == "config.toml:1: invalid time \"24:00:00\"")
        #expect(tomlFailure("t = 09:60") == "config.toml:1: invalid time \"09:60\"")
        #expect(tomlFailure("t = 9:00") == "config.toml:1: invalid time \"9:00\"")
        #expect(tomlFailure("t = 09:00:00.") == "config.toml:1: invalid time \"09:00:00.\"")
        #expect(tomlFailure("t = 2026-12-25T25:00:00Z") == "config.toml:1: invalid date-time \"2026-12-25T25:00:00Z\"")
        #expect(tomlFailure("t = 2026-12-25T09:00:00+1:00") == "config.toml:1: invalid date-time \"2026-12-25T09:00:00+1:00\"")
        #expect(tomlFailure("t = 2026-12-25X09:00:00") == "config.toml:1: invalid date-time \"2026-12-25X09:00:00\"")
    }

    @Test func unterminatedArraysAndInlineTables() {
        #expect(tomlFailure("a = 1\nb = [1, 2,\n  3\n") == "config.toml:2: unterminated array (missing \"]\")")
        #expect(tomlFailure("b = [\n  1\n  2\n]") == "config.toml:3: expected \",\" or \"]\" in the array from line 1, found \"2\"")
        #expect(tomlFailure("b = [1,,2]") == "config.toml:1: expected a value, found \",\"")
        #expect(tomlFailure("\nt = { a = 1\nb = 2") == "config.toml:2: unterminated inline table (it must close on its line)")
        #expect(tomlFailure("t = { a = 1,\n b = 2 }") == "config.toml:1: unterminated inline table (it must close on its line)")
        #expect(tomlFailure("t = { a = 1, }") == "config.toml:1: trailing comma is not allowed in an inline table")
        #expect(tomlFailure("t = { a = 1 b = 2 }") == "config.toml:1: expected \",\" or \"}\" in inline table, found \"b\"")
    }

    @Test func controlCharacters() {
        #expect(tomlFailure("a = 1\ns = \"x\u{01}y\"") == "config.toml:2: control character U+0001 is not allowed in a string; use an escape")
        #expect(tomlFailure("s = 'x\u{7F}'") == "config.toml:1: control character U+007F is not allowed in a string; use an escape")
        #expect(tomlFailure("s = \"\"\"\nok\nbad\u{0}\"\"\"")
                == "config.toml:3: control character U+0000 is not allowed in a string; use an escape")
        #expect(tomlFailure("s = \"\"\"a\rb\"\"\"") == "config.toml:1: control character U+000D is not allowed in a string; use an escape")
        #expect(tomlFailure("# note \u{07}") == "config.toml:1: control character U+0007 is not allowed in a comment")
        #expect(tomlFailure("a = 1\r") == "config.toml:1: expected a newline after the value, found U+000D")
    }

    @Test func lineNumbersStayRightAfterMultiLineValues() {
        let text = "s = \"\"\"\none\r\ntwo\"\"\"\narr = [\n  1,\n  2,\n]\nx = 1\nx = 2\n"
        #expect(tomlFailure(text) == "config.toml:9: duplicate key \"x\"")
        #expect(tomlFailure("a = '''\n\n'''\n[t]\n[t]") == "config.toml:5: duplicate table [t] (first defined on line 4)")
    }

    @Test func badKeys() {
        #expect(tomlFailure("a = 1\n= 2") == "config.toml:2: expected a key, found \"=\"")
        #expect(tomlFailure("key with space = 1") == "config.toml:1: expected \"=\" after key \"key\", found \"w\"")
        #expect(tomlFailure("\"\"\"k\"\"\" = 1") == "config.toml:1: a multi-line string cannot be a key")
        #expect(tomlFailure("[]") == "config.toml:1: expected a key, found \"]\"")
        #expect(tomlFailure("[a.]") == "config.toml:1: expected a key, found \"]\"")
        #expect(tomlFailure("ü = 1") == "config.toml:1: expected a key, found \"ü\"")
    }
}
