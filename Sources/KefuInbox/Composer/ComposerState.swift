import Foundation
import KefuMail
import KefuModel
import KefuPlaybook

/// A reply being written in the inbox: the chosen offers, the language, the text in the editor and
/// what the lint says about it. The lint runs on every edit, so what is highlighted is what blocks.
public struct ComposerState: Sendable, Equatable {
    /// A second press that a first one asked for ("Esc again discards…").
    public enum Pending: Sendable, Equatable { case discard, switchLanguage, sendDespiteWarnings }

    public var caseID: String
    public var offers: [ChosenOffer]
    public var language: String
    public var editor: TextEditor
    public internal(set) var findings: [LintFinding] = []
    /// The first visual row shown; moves so the cursor stays in view.
    public var top = 0
    /// The agent changed the composed text: discarding or switching language asks first.
    public var edited = false
    public var pending: Pending?
    /// Files going with the reply (from the path prompt, or the offer's product files).
    public var attachments: [OutgoingAttachment] = []
    /// The editor before each edit, newest last (`undo-edit`); typing a word is one step.
    public internal(set) var undoStack: [TextEditor] = []
    /// The last edit typed a word character: the next one joins its undo step.
    var typingWord = false
    static let undoLimit = 500
    /// The reply translated back into the agent's language (`check-translation`), until the next edit.
    public var check: TranslationStatus?
    /// Editing a reply still in the outbox (`edit-queued`): sending replaces that one, same Message-ID.
    public var requeue: QueuedEdit?

    public init(caseID: String, offers: [ChosenOffer], language: String, text: String) {
        self.caseID = caseID; self.offers = offers; self.language = language
        editor = TextEditor(text: text)
        editor.setCursor(.init(line: 0, column: 0))   // the reply reads from the top
    }

    /// The back-translation as shown: wrapped to the text's width (one line while it runs or failed).
    public func checkLines(width: Int) -> [String] {
        switch check {
        case nil: return []
        case .pending: return ["translating back…"]
        case .failed(let why): return [DisplayText.sanitizeLine("not translated: " + why)]
        case .done(let text): return DisplayText.lines(text).flatMap { DisplayText.wrap($0, to: max(width, 1)) }
        }
    }

    public var errors: [LintFinding] { findings.filter { $0.severity == .error } }
    public var warnings: [LintFinding] { findings.filter { $0.severity == .warning } }

    /// Re-checks the text against the rules of the case's marketplace.
    mutating func relint(_ c: Case) {
        findings = ReplyLint.check(editor.text, attachments: attachments, for: c)
    }

    /// Highlighted columns per editor line: the findings' Character spans mapped onto the lines
    /// (the editor's text is its lines joined by "\n").
    public func highlights() -> [Int: [(range: Range<Int>, severity: LintFinding.Severity)]] {
        var starts: [Int] = [], offset = 0
        for line in editor.lines { starts.append(offset); offset += line.count + 1 }
        var out: [Int: [(range: Range<Int>, severity: LintFinding.Severity)]] = [:]
        for f in findings {
            guard let span = f.span else { continue }
            for (i, start) in starts.enumerated() {
                let end = start + editor.lines[i].count
                let lo = max(span.lowerBound, start), hi = min(span.upperBound, end)
                if lo < hi { out[i, default: []].append((lo - start..<hi - start, f.severity)) }
            }
        }
        return out
    }
}

/// Where the composer's parts go on a screen of a given size. Shared by update (scrolling, moving
/// by visual rows) and render.
public struct ComposerLayout: Equatable, Sendable {
    /// Lint lines shown at most; more are summarised in the rule above them.
    public static let maxLintRows = 5
    public var titleRow: Int
    public var textRow: Int
    public var textRows: Int
    public var textWidth: Int
    /// The rule above the findings (nil when the text is clean).
    public var lintRule: Int?
    public var lintRows: Int
    /// The rule above the back-translation (`check-translation`), and its rows.
    public var checkRule: Int?
    public var checkRows: Int

    /// Back-translation lines shown at most.
    public static let maxCheckRows = 4

    public init(width: Int, height: Int, findings: Int, check: Int = 0) {
        titleRow = 1
        textRow = 2
        textWidth = max(width - 2, 1)
        lintRows = min(findings, Self.maxLintRows)
        let bottom = height - 1          // the footer row
        lintRule = findings > 0 ? bottom - lintRows - 1 : nil
        checkRows = min(check, Self.maxCheckRows)
        checkRule = check > 0 ? (lintRule ?? bottom) - checkRows - 1 : nil
        textRows = max((checkRule ?? lintRule ?? bottom) - textRow, 1)
    }

    /// The text's visual rows (`rows` of them at `textWidth`) seen from the composer's `top`.
    public func text(rows: Int, top: Int) -> Viewport { Viewport(length: rows, height: textRows, offset: top) }
}

extension ComposerState {
    /// Scrolls so the cursor's visual row is in view.
    mutating func keepCursorVisible(_ layout: ComposerLayout) {
        let row = editor.cursorVisual(width: layout.textWidth).row
        top = layout.text(rows: editor.visualRows(width: layout.textWidth).count, top: top).revealing(row).offset
    }
}

/// An offer set waiting for its refund amounts before the composer opens.
public struct PendingReply: Sendable, Equatable {
    public var caseID: String
    public var offers: [ChosenOffer]
    /// The index in `offers` whose amount the prompt asks for.
    public var asking: Int
}
