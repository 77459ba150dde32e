import Foundation
import KefuBase
import KefuModel
import KefuPlaybook

/// One text for the agent's translator, and where its answer goes.
public struct TranslationJob: Sendable, Equatable, Hashable {
    public enum Purpose: Sendable, Equatable, Hashable {
        /// A buyer message, into the agent's language: cached on the message.
        case message(caseID: String, sourceId: String)
        /// The composer's paragraph in `lines` (as they were), typed by the agent, into the buyer's language.
        case reply(caseID: String, lines: Range<Int>)
        /// The whole reply back into the agent's language, shown under it.
        case check(caseID: String)
    }
    public var purpose: Purpose
    public var text: String
    public var from: String
    public var to: String
    public init(purpose: Purpose, text: String, from: String, to: String) {
        self.purpose = purpose; self.text = text; self.from = from; self.to = to
    }

    static func key(_ caseID: String, _ sourceId: String) -> String { caseID + "\u{1F}" + sourceId }
}

public enum TranslationStatus: Sendable, Equatable {
    case pending
    /// The command's error, neutralised.
    case failed(String)
    case done(String)
}

/// What the detail pane shows of a buyer message that has a translation.
public enum TranslationView: Sendable, Equatable, CaseIterable {
    case both, translation, original

    var label: String {
        switch self {
        case .both: return "Buyer messages: original and machine translation"
        case .translation: return "Buyer messages: machine translation only"
        case .original: return "Buyer messages: original only"
        }
    }
}

/// What the detail pane needs to show one case's translations.
public struct DetailTranslations: Sendable, Equatable {
    public var view: TranslationView
    /// The agent's language: translations into another are stale and not shown.
    public var language: String
    /// Per message `sourceId`: asked for, or failed.
    public var status: [String: TranslationStatus]
}

extension InboxState {
    func detailTranslations(_ c: Case) -> DetailTranslations {
        var status: [String: TranslationStatus] = [:]
        if !translationStatus.isEmpty {
            for m in c.messages { status[m.sourceId] = translationStatus[TranslationJob.key(c.id, m.sourceId)] }
        }
        return DetailTranslations(view: translationView, language: replySettings.translationLanguage, status: status)
    }
}

extension InboxUpdate {
    /// Cases beyond the open one whose messages are translated ahead of time: the top of the queue.
    static let prefetchCases = 3

    /// Asks for the translations the open case and the top of the queue lack (each once: a failed one
    /// waits for `toggle-translation` on its case).
    static func wantedTranslations(_ s: inout InboxState) -> [InboxEffect] {
        var ids = s.selectedID.map { [$0] } ?? []
        for e in s.visible.prefix(prefetchCases) where !ids.contains(e.item.id) { ids.append(e.item.id) }
        let to = s.replySettings.translationLanguage
        var out: [InboxEffect] = []
        for id in ids {
            guard let c = s.cases[id], let from = ReplyComposer.knownLanguage(of: c), from != to else { continue }
            for m in c.messages where m.needsTranslation(into: to) {
                let key = TranslationJob.key(id, m.sourceId)
                guard s.translationStatus[key] == nil else { continue }
                s.translationStatus[key] = .pending
                out.append(.translate(TranslationJob(purpose: .message(caseID: id, sourceId: m.sourceId), text: m.body, from: from, to: to)))
            }
        }
        return out
    }

    static func requireTranslator(_ s: inout InboxState) -> Bool {
        guard let why = Unavailable.noTranslator(s) else { return true }
        s.statusLine = (why, true)
        return false
    }

    /// Original → translation → both; on a case whose translation failed, also tries again.
    static func toggleTranslation(_ s: inout InboxState) {
        guard requireTranslator(&s) else { return }
        if let id = s.selectedID {
            let prefix = TranslationJob.key(id, "")
            let failed = s.translationStatus.filter { $0.key.hasPrefix(prefix) && $0.value != .pending }.map(\.key)
            if !failed.isEmpty {
                for k in failed { s.translationStatus[k] = nil }
                s.statusLine = ("Translating again…", false)
                return
            }
        }
        let all = TranslationView.allCases
        s.translationView = all[(all.firstIndex(of: s.translationView)! + 1) % all.count]
        s.statusLine = (s.translationView.label, false)
    }

    static func translated(_ s: inout InboxState, _ job: TranslationJob, _ result: Result<String, Translator.Failure>) -> [InboxEffect] {
        switch job.purpose {
        case .message(let id, let sourceId):
            let key = TranslationJob.key(id, sourceId)
            switch result {
            case .failure(let f):
                s.translationStatus[key] = .failed(f.description)
                return []
            case .success(let text):
                s.translationStatus[key] = nil
                guard var c = s.cases[id], let i = c.messages.firstIndex(where: { $0.sourceId == sourceId }),
                      c.messages[i].body == job.text else { return [] }
                c.messages[i].translation = MessageTranslation(from: job.from, language: job.to,
                                                               text: String(text.prefix(StoreLimits.translationLength.upperBound)), at: s.now)
                let previous = s.cases[id]
                s.cases[id] = c
                // Cached with the message, so the next open runs no command (not `updatedAt`: nothing happened to the case).
                return s.readOnly ? [] : [.save(c, previous: previous)]
            }
        case .reply(let id, let lines):
            guard case .composer(var cs) = s.overlay, cs.caseID == id else { return [] }
            switch result {
            case .failure(let f):
                s.statusLine = ("Not translated: \(f.description)", true)
            case .success(let text):
                guard lines.upperBound <= cs.editor.lines.count,
                      cs.editor.lines[lines].map({ String($0) }).joined(separator: "\n") == job.text else {
                    s.statusLine = ("Not translated: the paragraph changed meanwhile", true)
                    return []
                }
                let effects = edit(&s, &cs) { $0.replaceLines(lines, with: text) }
                s.statusLine = ("Paragraph machine-translated into \(job.to): read it before sending", false)
                return effects
            }
        case .check(let id):
            guard case .composer(var cs) = s.overlay, cs.caseID == id, cs.editor.text == job.text else { return [] }
            switch result {
            case .failure(let f): cs.check = .failed(f.description)
            case .success(let text): cs.check = .done(text)
            }
            cs.keepCursorVisible(composerLayout(s, cs))
            s.overlay = .composer(cs)
        }
        return []
    }

    /// The paragraph at the cursor (lines between blank ones), from the agent's language into the reply's.
    static func translateParagraph(_ s: inout InboxState, _ cs: ComposerState) -> [InboxEffect] {
        guard requireTranslator(&s) else { return [] }
        let from = s.replySettings.translationLanguage, to = ReplyComposer.baseLanguage(cs.language)
        guard from != to else { s.statusLine = ("The reply is in \(from), your own language: nothing to translate", true); return [] }
        let lines = cs.editor.lines
        func blank(_ i: Int) -> Bool { lines[i].allSatisfy(\.isWhitespace) }
        var lo = cs.editor.cursor.line, hi = lo
        guard !blank(lo) else { s.statusLine = ("Put the cursor in the paragraph you typed to translate it", true); return [] }
        while lo > 0 && !blank(lo - 1) { lo -= 1 }
        while hi < lines.count - 1 && !blank(hi + 1) { hi += 1 }
        let text = lines[lo...hi].map { String($0) }.joined(separator: "\n")
        s.statusLine = ("Translating the paragraph into \(cs.language)…", false)
        return [.translate(TranslationJob(purpose: .reply(caseID: cs.caseID, lines: lo..<hi + 1), text: text, from: from, to: to))]
    }

    /// The whole reply into the agent's language, shown under the text until the next edit.
    static func checkTranslation(_ s: inout InboxState, _ cs: ComposerState) -> [InboxEffect] {
        guard requireTranslator(&s) else { return [] }
        let to = s.replySettings.translationLanguage, from = ReplyComposer.baseLanguage(cs.language)
        guard to != from else { s.statusLine = ("The reply is in \(to), your own language", true); return [] }
        var cs = cs
        cs.check = .pending
        s.overlay = .composer(cs)
        return [.translate(TranslationJob(purpose: .check(caseID: cs.caseID), text: cs.editor.text, from: from, to: to))]
    }
}
