import Foundation
import KefuBase
import KefuModel
import KefuMail

/// What the inbox asks the runtime to do with a file (`InboxEffect.attachment`).
public enum AttachmentRequest: Sendable, Equatable {
    /// Show it: the mailcap viewer, `[attachments] open`, or a description when there is none.
    case open(AttachmentFile, number: Int)
    case save(AttachmentFile, number: Int, to: String)
    /// Read a file to attach to the reply.
    case load(path: String)
    /// Complete a typed path as far as it is unambiguous.
    case complete(path: String)
}

/// What came of an `AttachmentRequest`.
public enum AttachmentOutcome: Sendable, Equatable {
    /// A viewer ran (the screen was left, so it is drawn again); the text says which.
    case opened(String)
    /// No viewer: what the file is (type, size, an image's pixels).
    case described(String)
    case saved(path: String)
    case loaded(OutgoingAttachment)
    /// The completed path, and the choices left when it is still ambiguous.
    case completed(String, choices: [String])
    case failed(String)
}

extension InboxUpdate {
    /// `A` in the detail pane: the case's files as a menu.
    static func showAttachments(_ s: inout InboxState) {
        guard let c = s.selectedCase else { s.statusLine = ("No case selected", true); return }
        let files = c.attachmentList.map(\.file)
        guard !files.isEmpty else {
            let listed = c.messages.contains { !($0.attachments ?? []).isEmpty }
            s.statusLine = ("\(c.id): " + (listed ? "its attachments were listed, not kept (mail filed before kefu kept files)" : "no attachments"), !listed ? false : true)
            return
        }
        let items = files.enumerated().map { "\($0.offset + 1)  " + DisplayText.sanitizeLine($0.element.summary) }
        s.overlay = .menu(Menu(title: "Attachments of \(c.id) — Enter opens, s saves a copy", items: items, selected: 0,
                               purpose: .attachments(caseID: c.id, files: files)))
    }

    static func attachmentMenu(_ s: inout InboxState, _ a: KeyAction, _ m: Menu, _ files: [AttachmentFile]) -> [InboxEffect]? {
        let f = files[m.selected]
        switch a {
        case .confirm:
            s.overlay = .menu(m)   // stays open: the agent may look at the next photo
            s.statusLine = ("Opening \(DisplayText.sanitizeLine(f.name ?? "attachment \(m.selected + 1)"))…", false)
            return [.attachment(.open(f, number: m.selected + 1))]
        case .saveAttachment:
            s.overlay = .prompt(Prompt(kind: .saveFolder, text: "~/", cursor: 2, file: f, fileNumber: m.selected + 1))
            return []
        default: return nil
        }
    }

    static func attachmentDone(_ s: inout InboxState, _ o: AttachmentOutcome) -> [InboxEffect] {
        switch o {
        case .opened(let text): s.statusLine = (DisplayText.sanitizeLine(text), false); return [.redraw]
        case .described(let text): s.statusLine = (DisplayText.sanitizeLine(text), false)
        case .saved(let path): s.statusLine = ("Saved a copy as \(DisplayText.sanitizeLine(path))", false)
        case .failed(let why): s.statusLine = (DisplayText.sanitizeLine(why), true); return [.redraw]
        case .loaded(let file):
            guard case .composer(var cs) = s.overlay, let c = s.cases[cs.caseID] else { return [] }
            cs.attachments.append(file)
            cs.relint(c)
            s.overlay = .composer(cs)
            s.statusLine = ("Attached \(DisplayText.sanitizeLine(file.summary))", false)
        case .completed(let path, let choices):
            guard case .prompt(var p) = s.overlay, p.kind == .attachPath || p.kind == .saveFolder else { return [] }
            p.text = path
            p.cursor = path.count
            s.overlay = .prompt(p)
            if choices.count > 1 {
                s.statusLine = (DisplayText.sanitizeLine(choices.prefix(8).joined(separator: "  ") + (choices.count > 8 ? "  …" : "")), false)
            }
        }
        return []
    }

    /// Enter in a path prompt.
    static func pathConfirmed(_ s: inout InboxState, _ p: Prompt) -> [InboxEffect] {
        let path = p.text.trimmingCharacters(in: .whitespaces)
        if p.kind == .attachPath {
            s.overlay = p.composer.map(Overlay.composer) ?? .none
            return path.isEmpty ? [] : [.attachment(.load(path: path))]
        }
        s.overlay = .none
        guard let f = p.file, !path.isEmpty else { return [] }
        return [.attachment(.save(f, number: p.fileNumber, to: path))]
    }

    /// The composer's `attach-file`: the path prompt, holding the reply until it closes.
    static func askAttachment(_ s: inout InboxState, _ cs: ComposerState) {
        s.overlay = .prompt(Prompt(kind: .attachPath, text: "~/", cursor: 2, composer: cs))
    }
}
