import ArgumentParser
import Foundation
import KefuBase
import KefuModel
import KefuStore

/// `kefu pin ID --text … [--translation …] [--lang xx]` / `kefu pin --remove ID`: the quote the weekly
/// summary shows for the case, chosen by the agent (`Q` in the inbox does the same).
struct Pin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pin a buyer quote (and your translation) to a case for the weekly summary, or remove it.",
        discussion: "The text is scrubbed of personal data as the summary's quotes are (names, e-mail addresses, links, long numbers, postal addresses).")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The quote, in the buyer's words.") var text: String?
    @Option(help: "What it says, for the product team.") var translation: String?
    @Option(help: "The quote's language code (default: the buyer's language).") var lang: String?
    @Flag(help: "Remove the pinned quote.") var remove = false
    @Argument(help: "The case id, e.g. K-1042.") var id: String

    func validate() throws {
        if remove && (text != nil || translation != nil || lang != nil) {
            throw ValidationError("--remove takes no --text, --translation or --lang")
        }
        if !remove && text == nil { throw ValidationError("give --text \"…\" (or --remove)") }
        if let lang, PinnedQuote.normalizedLanguage(lang) == nil {
            throw ValidationError("--lang: \"\(lang)\" is not a language code (en, de, ja, zh-Hant, …)")
        }
    }

    func run() throws {
        let now = try Now.fromEnvironment()()
        let agent = try storeOptions.loadConfig().agentID
        var (store, c) = try storeOptions.openAnyCase(id, now: now)
        defer { store.close(now: now) }
        let key = c.id, before = c.events.count
        if remove {
            guard c.unpinQuote(at: now) else { Output.line("\(key): no pinned quote"); return }
            c.attributeEvents(from: before, to: agent)
            try store.saveNow(c)
            Output.line("\(key): pinned quote removed")
            return
        }
        guard let q = PinnedQuote.make(text: text ?? "", translation: translation, language: lang, for: c, at: now) else {
            throw KefuError.data("--text: nothing is left to pin once personal data is removed")
        }
        c.pin(q) // not updatedAt: a notice-only case's resolved time falls back to it
        c.attributeEvents(from: before, to: agent)
        try store.saveNow(c)
        Output.line("\(key): pinned “\(q.text)”\(q.language.map { " (\($0))" } ?? "")"
                    + (q.translation.map { " — “\($0)”" } ?? ""))
    }
}
