import Foundation
import Testing
@testable import KefuBase
@testable import KefuModel
@testable import KefuStore

/// A quote the agent pins to a case (issue 21, item 6): scrubbed when pinned, carried in the facts line
/// a retiring case leaves for reports, kept through the purge, and set from the command line.
@Suite struct PinnedQuoteTests {
    @Test func pinningScrubsPersonalDataAsTheReportsQuotesDo() throws {
        let c = sampleCase()   // buyer Markus Weber, language de
        let q = try #require(PinnedQuote.make(
            text: "Hallo, die Lampe ist kaputt. Markus Weber, Hauptstraße 5, 10115 Berlin, 0171 2345678, mw@example.de https://x.example/p\nMit freundlichen Grüßen\nMarkus",
            translation: "The lamp is broken. Weber, call 0171 2345678", language: nil, for: c, at: t0))
        #expect(q.text == "die Lampe ist kaputt. [name], [address], [e-mail] [link]", "the address takes the phone number with it")
        #expect(q.translation == "The lamp is broken. [name], call [number]")
        #expect(q.language == "de" && q.at == t0, "the buyer's language by default")
        // A short line the agent chose stays (the automatic excerpt would take "Kaputt!" for a greeting).
        #expect(PinnedQuote.make(text: "Kaputt!", translation: "", language: "DE-at", for: c, at: t0)
                == PinnedQuote(text: "Kaputt!", language: "de-at", translation: nil, at: t0))
        #expect(PinnedQuote.make(text: "Hallo Markus,", translation: nil, language: nil, for: c, at: t0) == nil)
        #expect(PinnedQuote.scrub(String(repeating: "sehr ", count: 100), buyerName: nil)!.count <= PinnedQuote.maxLength)
        #expect(PinnedQuote.normalizedLanguage("zh_Hant") == "zh-Hant" && PinnedQuote.normalizedLanguage("German") == nil)
        // Control and bidi characters become spaces (the text reaches Markdown, HTML and terminals).
        #expect(PinnedQuote.scrub("a\u{1B}[2Jb\u{202E}c", buyerName: nil) == "a [2Jb c")
    }

    /// The facts line of a case with a pinned quote reads back the same through the byte scanner and
    /// through the general reader (which a line with an escaped character takes).
    @Test func factsCarryThePinnedQuoteThroughBothReaders() throws {
        var c = sampleCase()
        c.pin(PinnedQuote(text: "die Lampe ist kaputt", language: "de", translation: "the lamp is broken", at: t0))
        let facts = CaseFacts(c)
        #expect(facts.pinnedQuote == c.pinnedQuote && CaseFacts.pinned(of: c) == c.pinnedQuote)
        let line = try KefuJSON.encoder().encode(FactsRecord(seq: 9, facts: facts))
        #expect(String(decoding: line, as: UTF8.self).contains(#""pinnedQuote":{"at":"2026-11-21T10:00:00Z","language":"de","text":"die Lampe ist kaputt","translation":"the lamp is broken"}"#))
        #expect(FactsScanner.record(line)?.facts == facts, "the fast path reads it")
        #expect(try CaseFacts.decodeRecord(line).facts == facts)

        c.pin(PinnedQuote(text: "sagte \"kaputt\"", at: t0.addingTimeInterval(60)))   // an escape, no language or translation
        let escaped = try KefuJSON.encoder().encode(FactsRecord(seq: 10, facts: CaseFacts(c)))
        #expect(FactsScanner.record(escaped) == nil)
        #expect(try CaseFacts.decodeRecord(escaped).facts.pinnedQuote == PinnedQuote(text: "sagte \"kaputt\"", at: t0.addingTimeInterval(60)))
        // Without one, the line is as before.
        let plain = try KefuJSON.encoder().encode(FactsRecord(seq: 11, facts: CaseFacts(sampleCase())))
        #expect(!String(decoding: plain, as: UTF8.self).contains("pinnedQuote"))
        #expect(FactsScanner.record(plain)?.facts.pinnedQuote == nil)
        // Out of the store's limits: the general reader names the field.
        let bad = Data(String(decoding: line, as: UTF8.self).replacingOccurrences(of: #""language":"de""#, with: #""language":"Deutsch""#).utf8)
        #expect(throws: (any Error).self) { try CaseFacts.decodeRecord(bad) }
        #expect(FactsScanner.record(bad) == nil)
    }

    /// The whole way: `kefu pin` on a closed case brings it back, the next compaction retires it again
    /// with a facts line holding the quote, reports read it without decoding history, and `kefu purge`
    /// keeps it in the case and in the facts.
    @Test func aPinnedQuoteSurvivesRetiringAndPurge() throws {
        let dir = try PurgeTests.makeStore()   // K-1001: closed, resolved 50 days ago, due for purge
        let env = PurgeTests.env(dir)
        let pin = try run("kefu", ["pin", "1001", "--text", "Lampe kaputt, ruf an: 0171 2345678", "--translation", "Lamp broken, call me",
                                   "--store", dir], env: env)
        #expect(pin.status == 0, "\(pin.stderr)")
        #expect(pin.stdout == "K-1001: pinned “Lampe kaputt, ruf an: [number]” (de) — “Lamp broken, call me”\n")
        let expected = PinnedQuote(text: "Lampe kaputt, ruf an: [number]", language: "de", translation: "Lamp broken, call me", at: t0)

        // Pinning does not make the case recent (updatedAt stays): it retires again with a facts line holding the quote.
        var store = try CaseStore.open(dir, mode: .readOnly, now: t0)
        let pinned = try store.cases["K-1001"] ?? store.historyCase(id: "K-1001")
        #expect(pinned?.pinnedQuote == expected && pinned?.events.last?.type == .quotePinned)
        let later = t0.addingTimeInterval(8 * PurgeTests.day)
        let laterEnv = env.merging(["KEFU_NOW": ISO8601.format(later)]) { _, b in b }
        try Self.compact(dir, at: later)
        store = try CaseStore.open(dir, mode: .readOnly, now: later)
        #expect(store.cases["K-1001"] == nil)
        var facts = try store.historyFacts(closedSince: nil).first { $0.id == "K-1001" }
        #expect(facts?.pinnedQuote == expected && store.historyCasesDecoded == 0)
        #expect(try store.historyCase(id: "K-1001")?.pinnedQuote == expected)

        let purge = try run("kefu", ["purge", "--store", dir], env: laterEnv)
        #expect(purge.status == 0 && purge.stdout.hasPrefix("purged "), "\(purge.stdout)\(purge.stderr)")
        store = try CaseStore.open(dir, mode: .readOnly, now: later)
        let purged = try #require(try store.historyCase(id: "K-1001"))
        #expect(purged.purgedAt == later && purged.buyer.name == nil && purged.pinnedQuote == expected)
        facts = try store.historyFacts(closedSince: nil).first { $0.id == "K-1001" }
        #expect(facts?.pinnedQuote == expected)
        #expect(try CaseStore.check(dir, repair: false, now: t0).ok)

        // Removed: back in the active set without it; retired again, its facts have no quote any longer.
        let remove = try run("kefu", ["pin", "--remove", "K-1001", "--store", dir], env: laterEnv)
        #expect(remove.status == 0 && remove.stdout == "K-1001: pinned quote removed\n", "\(remove.stderr)")
        let again = try run("kefu", ["pin", "--remove", "K-1001", "--store", dir], env: laterEnv)
        #expect(again.stdout == "K-1001: no pinned quote\n")
        let muchLater = later.addingTimeInterval(8 * PurgeTests.day)
        try Self.compact(dir, at: muchLater)
        store = try CaseStore.open(dir, mode: .readOnly, now: muchLater)
        #expect(store.cases["K-1001"] == nil)
        let final = try #require(try store.historyFacts(closedSince: nil).first { $0.id == "K-1001" })
        #expect(final.pinnedQuote == nil && final.quote == purged.purgedQuote)
    }

    /// Opens the store as a writer at `now`, compacts (retiring what is due) and lets go of the lock.
    static func compact(_ dir: String, at now: Date) throws {
        let writer = try CaseStore.open(dir, now: now)
        try writer.compact(now: now)
        writer.close(now: now)
    }

    @Test func pinCommandRules() throws {
        let dir = try PurgeTests.makeStore()
        let env = PurgeTests.env(dir)
        let lang = try run("kefu", ["pin", "K-1006", "--text", "Toujours rien reçu", "--lang", "fr", "--store", dir], env: env)
        #expect(lang.status == 0 && lang.stdout == "K-1006: pinned “Toujours rien reçu” (fr)\n", "\(lang.stderr)")
        let shown = try run("kefu", ["show", "K-1006", "--store", dir], env: env)
        #expect(shown.stdout.contains("Quote:  “Toujours rien reçu” (fr) pinned 2026-11-21T10:00:00Z"))
        // Usage errors: exit 1.
        for args in [["pin", "K-1006"], ["pin", "K-1006", "--remove", "--text", "x"], ["pin", "K-1006", "--text", "x", "--lang", "French"]] {
            let r = try run("kefu", args + ["--store", dir], env: env)
            #expect(r.status == 1 && r.stdout.isEmpty, "\(args): \(r.stderr)")
        }
        // Nothing left once personal data is removed, or no such case: exit 2, nothing changed.
        let empty = try run("kefu", ["pin", "K-1006", "--text", "Hallo Markus,", "--store", dir], env: env)
        #expect(empty.status == 2 && empty.stderr == "kefu: --text: nothing is left to pin once personal data is removed\n")
        let missing = try run("kefu", ["pin", "K-4242", "--text", "x", "--store", dir], env: env)
        #expect(missing.status == 2 && missing.stderr.hasPrefix("kefu: no case K-4242"))
        // A store another kefu holds is refused with the usual message.
        do {
            let holder = try CaseStore.open(dir, mode: .write, now: t0)
            let busy = try run("kefu", ["pin", "K-1006", "--text", "x", "--store", dir], env: env)
            #expect(busy.status == 2 && busy.stderr.contains("the store is in use by another kefu"), "\(busy.stderr)")
            holder.close(now: t0)
        }   // the lock goes with the store
        // Hostile text reaches the terminal neutralised (the store keeps the scrubbed text).
        let hostile = try run("kefu", ["pin", "K-1006", "--text", "bad\u{1B}]0;x\u{07}thing", "--store", dir], env: env)
        #expect(hostile.status == 0 && !hostile.stdout.contains("\u{1B}") && !hostile.stdout.contains("\u{07}"), "\(hostile.stdout)\(hostile.stderr)")
    }
}
