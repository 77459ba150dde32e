import Foundation
import KefuModel

/// The first line of what a buyer actually wrote, for the queue's excerpt (inbox and `kefu list`):
/// greetings ("Hallo,", "Dear Seller,", "您好，", "お世話になっております。"), quote headers and
/// quoted text, signature lines and sign-offs are passed over. The greeting table is `QuoteScrub`'s
/// (shared with the report's quotes), so a greeting learnt there is skipped here too. Unlike the
/// report quote, nothing is masked: the agent sees the whole message anyway.
public enum BuyerWords {
    /// Only the start of a body is read: the first line of substance is near the top.
    static let readLimit = 4000

    /// Lines that start a signature block ("Sent from my iPhone" and its translations), folded.
    static let signatureStarts = [
        "sent from my", "get outlook for", "gesendet von meinem", "von meinem iphone gesendet", "envoye de mon",
        "envoye depuis mon", "enviado desde mi", "inviato da", "iphoneから送信", "android から送信",
        "发自我的", "發自我的", "从我的", "從我的",
    ]

    /// The buyer's first line of substance, trimmed; nil when the body has none (only a greeting, a
    /// quote, a signature).
    public static func firstLine(_ body: String) -> String? {
        let lines = body.prefix(readLimit).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" })
        for n in lines.indices {
            let t = lines[n].trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            // A quoted earlier message or a signature: nothing after it is the buyer's new text.
            if QuoteCut.startsQuote(lines, at: n) || t == "--" || isSignature(t) { return nil }
            if t.hasPrefix("---") || t.hasPrefix("===") || isSalutation(t) { continue }
            let rest = QuoteScrub.stripGreeting(t)
            if rest.isEmpty { continue }
            // A sign-off ("Thanks, Mary") ends the buyer's words; a sentence before it on the line is kept.
            if let before = QuoteScrub.beforeSignOff(rest) { return before.isEmpty ? nil : before }
            return rest
        }
        return nil
    }

    /// A name-only opening the table cannot know ("Mr. Smith,", "Lieber Herr Weber,"): a few words and a
    /// comma. Stricter than `BuyerQuote.isGreeting`, which also takes "Still broken!" for one.
    static func isSalutation(_ line: String) -> Bool {
        guard let last = line.last, [",", "，", "、"].contains(last) else { return false }
        return line.count <= 30 && line.split(separator: " ").count <= 3
    }

    static func isSignature(_ line: String) -> Bool {
        guard line.utf8.count <= 80 else { return false }
        let f = NoticeText.folded(line)
        return signatureStarts.contains { f.hasPrefix($0) }
    }
}
