import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore
@testable import KefuDemo

/// The store reads with a hand-written reader and writes with JSONEncoder: both must agree.
@Suite struct CaseReaderTests {
    @Test func fastReaderAgreesWithCodableOnEveryDemoCase() throws {
        var cases = DemoData.cases(now: t0)
        var odd = sampleCase("K-9999")
        odd.messages[0].body = "quote \" backslash \\ slash / tab \t nl \n esc \u{1B} nul \u{0} bidi \u{202E} emoji 👩‍💻 🇩🇪 中文"
        odd.events.append(CaseEvent(.offerChosen, at: t0.addingTimeInterval(0.5), offers: ["a", "b"], amounts: [Money(Decimal(string: "-1.25")!, "JPY")]))
        odd.snoozedUntil = t0
        odd.messages[0].translation = MessageTranslation(from: "ja", language: "en", text: "quote \" nl \n 中文", at: t0.addingTimeInterval(0.25))
        odd.order?.tracking = nil
        odd.order?.status = "Unshipped"
        odd.setHeld(true, at: t0.addingTimeInterval(2))
        odd.setHeld(false, at: t0.addingTimeInterval(3))
        odd.heldAt = t0.addingTimeInterval(4)
        odd.purgedAt = t0.addingTimeInterval(5)
        odd.purgedQuote = "the handle came off"
        odd.purgedQuoteTranslation = "the handle \"came\" off"
        odd.pin(PinnedQuote(text: "取っ手が \"取れた\" \\ 👩‍💻", language: "ja", translation: "the handle came off", at: t0.addingTimeInterval(6)))
        cases.append(odd)
        var pinnedOnly = sampleCase("K-9998")
        pinnedOnly.pin(PinnedQuote(text: "lamp broke", at: t0))   // no language, no translation
        pinnedOnly.unpinQuote(at: t0.addingTimeInterval(1))
        pinnedOnly.pin(PinnedQuote(text: "lamp broke again", language: "pt-BR", at: t0.addingTimeInterval(2)))
        cases.append(pinnedOnly)
        let encoder = KefuJSON.encoder()
        for c in cases {
            let data = try encoder.encode(c)
            #expect(try CaseReader.decodeCase(data) == c, "\(c.id)")
            #expect(try KefuJSON.decoder().decode(Case.self, from: data) == c, "\(c.id)")
        }
        let record = JournalRecord(seq: 7, nextNumber: 1042, cases: cases)
        let back = try CaseReader.decodeJournal(try encoder.encode(record))
        #expect(back.seq == 7 && back.nextNumber == 1042 && back.cases == cases)
    }

    @Test func escapesWrittenByOtherToolsAreRead() throws {
        let json = #"{"a":"\u00e9\ud83d\ude00\n\"x\"","b":[1,-2.5e3,true,false,null],"c":{}}"#
        let v = try FastJSON.parse(Data(json.utf8))
        guard case .string(let a)? = v["a"], case .array(let b)? = v["b"] else { Issue.record("shape"); return }
        #expect(a == "é😀\n\"x\"")
        #expect(b.count == 5)
    }

    @Test func errorsNameTheFieldPath() {
        func failure(_ json: String) -> String {
            do { _ = try CaseReader.decodeCase(Data(json.utf8)); return "no error" } catch { return "\(error)" }
        }
        let good = String(decoding: try! KefuJSON.encoder().encode(sampleCase()), as: UTF8.self)
        #expect(failure(good.replacingOccurrences(of: #""sourceId":"K-1001-m0","#, with: "")) == "missing field messages[0].sourceId")
        #expect(failure(good.replacingOccurrences(of: #""quantity":1"#, with: #""quantity":"one""#)) == "wrong type at order.items[0].quantity: expected a whole number")
        #expect(failure(good.replacingOccurrences(of: #""status":"needs-reply""#, with: #""status":"asleep""#)) == "invalid value at status: \"asleep\"")
        #expect(failure(String(good.dropLast(30))).hasPrefix("invalid JSON at byte"))
        #expect(failure(#"{"id":1}"#).hasPrefix("missing field") || failure(#"{"id":1}"#).hasPrefix("wrong type"))
    }

    /// The reader refuses exactly what `StoreLimits` (and so `CaseStore.save`) refuses in a pinned quote.
    @Test func pinnedQuoteLimitsAreTheSaveLimits() throws {
        func failure(_ q: PinnedQuote) -> String {
            var c = sampleCase()
            c.pinnedQuote = q
            let violations = StoreLimits.violations(c)
            do { _ = try CaseReader.decodeCase(try KefuJSON.encoder().encode(c)); return violations.isEmpty ? "ok" : "saved but read: \(violations)" } catch {
                #expect(violations.first == "\(error)".replacingOccurrences(of: "invalid value at ", with: ""))
                return "\(error)"
            }
        }
        #expect(failure(PinnedQuote(text: "ok", language: "zh-Hant", at: t0)) == "ok")
        #expect(failure(PinnedQuote(text: "", at: t0)) == "invalid value at pinnedQuote.text: 0 characters (1…1000 allowed)")
        #expect(failure(PinnedQuote(text: "x", translation: String(repeating: "y", count: 1001), at: t0))
                == "invalid value at pinnedQuote.translation: 1001 characters (1…1000 allowed)")
        #expect(failure(PinnedQuote(text: "x", language: "German", at: t0)) == "invalid value at pinnedQuote.language: not a language code: \"German\"")
        #expect(failure(PinnedQuote(text: "x", at: Date(timeIntervalSince1970: -10))) == "invalid value at pinnedQuote.at: a time outside 1970-01-01…9999-12-31")
    }
}
