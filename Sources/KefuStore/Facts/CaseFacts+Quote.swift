import Foundation
import KefuModel
import KefuMail

/// A buyer quote as the weekly summary shows it: the scrubbed text, the language it is in, and
/// (when an agent typed one) a translation. `pinned`: an agent chose this quote for the report.
public struct ReportQuote: Codable, Sendable, Equatable {
    public var text: String
    /// `de`, `ja`, `zh-cn`; nil when the case does not know the buyer's language.
    public var language: String?
    public var translation: String?
    public var pinned: Bool
    /// The translation is the agent's translator's, not the agent's own (nil: not machine-made).
    public var machineTranslated: Bool?

    public init(text: String, language: String?, translation: String? = nil, pinned: Bool = false, machineTranslated: Bool? = nil) {
        self.text = text; self.language = language; self.translation = translation; self.pinned = pinned
        self.machineTranslated = machineTranslated
    }

    /// ` — “…”` for a translation, ` — machine-translated: “…”` for a machine one; "" without.
    public var translationSuffix: String {
        translation.map { " — " + (machineTranslated == true ? "machine-translated: " : "") + "“\($0)”" } ?? ""
    }

    /// A language tag as reports print it: lower case, `xx` or `xxx` with optional `-subtag`s of letters
    /// and digits; anything else (a free-text value from an import) is no language.
    static func languageCode(_ raw: String?) -> String? {
        raw.flatMap(PinnedQuote.normalizedLanguage)?.lowercased()   // the store's rule for a tag, printed in lower case
    }
}

extension CaseFacts {
    /// The one quote of this case the weekly summary may show. The builder and every renderer take a
    /// case's quote from here only, so the choice lives in one place: the quote the agent pinned (with
    /// their translation), else the scrubbed excerpt of the buyer's first message, labelled with the
    /// buyer's language, else the marketplace's.
    package var reportQuote: ReportQuote? {
        if let p = pinnedQuote {
            return ReportQuote(text: p.text, language: ReportQuote.languageCode(p.language) ?? language ?? MarketplaceDomains.language(of: marketplace),
                               translation: p.translation, pinned: true)
        }
        guard let q = quote else { return nil }
        return ReportQuote(text: q, language: language ?? MarketplaceDomains.language(of: marketplace), translation: quoteTranslation,
                           pinned: false, machineTranslated: quoteTranslation == nil ? nil : true)
    }
}
