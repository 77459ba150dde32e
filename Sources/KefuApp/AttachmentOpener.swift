import Foundation
import KefuBase
import KefuModel
import KefuMail
import KefuStore
import KefuConfig
import KefuInbox

/// Does what an `InboxEffect.attachment` asks, for the runtime (one call): open a file through the
/// mailcap or `[attachments] open`, describe it when no viewer exists, save a copy, read a file for a
/// reply, complete a path. The viewer gets a copy under a name kefu chose in a private folder; the
/// screen is suspended while it runs, as for the external editor.
public enum AttachmentOpener {
    public static func outcome(_ request: AttachmentRequest, storeDirectory: String, settings: AttachmentSettings, environment env: [String: String],
                        suspend: () -> Void, resume: () -> Void) -> AttachmentOutcome {
        do {
            switch request {
            case .open(let f, let n):
                let data = try AttachmentSource.bytes(of: f, storeDirectory: storeDirectory)
                return try view(f, number: n, data: data, settings: settings, environment: env, suspend: suspend, resume: resume)
            case .save(let f, let n, let dir):
                let data = try AttachmentSource.bytes(of: f, storeDirectory: storeDirectory)
                return .saved(path: try AttachmentSource.saveCopy(data, of: f, index: n, to: (dir as NSString).expandingTildeInPath))
            case .load(let path):
                return .loaded(try OutgoingAttachment.load(path))
            case .complete(let path):
                let r = PathCompletion.complete(path)
                return .completed(r.text, choices: r.choices)
            }
        } catch {
            return .failed("\(error)")
        }
    }

    /// A `copiousoutput` viewer (pdftotext, lynx -dump) runs before the pager, with the screen still up.
    static let filterTimeout: TimeInterval = 60
    static let filterOutputLimit = 8 << 20

    /// `[attachments] open` when set; else the first mailcap entry for the type whose test passes; else a description.
    static func view(_ f: AttachmentFile, number: Int, data: Data, settings: AttachmentSettings, environment env: [String: String],
                     suspend: () -> Void, resume: () -> Void) throws -> AttachmentOutcome {
        if let open = settings.open {
            let (_, path) = try privateCopy(data, of: f, number: number)   // kept: the opener may hand it to a program that outlives it
            suspend()
            let status = run(open + " '\(path)'", stdin: nil, environment: env)
            resume()
            guard status == 0 else { return .failed("\(open) exited with status \(status)") }
            return .opened("Opened attachment \(number) with \(open)")
        }
        let candidates = Mailcap.load(settings.mailcaps ?? Mailcap.files(environment: env)).filter { Mailcap.matches($0.type, f.type) }
        guard !candidates.isEmpty else { return .described(AttachmentSource.describe(f, data: data)) }
        let (dir, path) = try privateCopy(data, of: f, number: number)
        for e in candidates {
            guard let cmd = Mailcap.expand(e.command, file: path, type: f.type) else { continue }
            if let test = e.test {
                guard let t = Mailcap.expand(test, file: path, type: f.type), run(t.command, stdin: nil, environment: env, quiet: true) == 0 else { continue }
            }
            let status: Int32
            if e.copiousOutput {
                // Its output is the buyer's file as text, and a pager may pass escapes through (`less -R`,
                // PAGER=cat): it is read first, bounded, and the pager gets it neutralised.
                let r = ShellCommand.run(cmd.command, stdin: cmd.stdin ? path : "/dev/null", timeout: filterTimeout,
                                         outputLimit: filterOutputLimit, mergeErrors: false)
                guard r.succeeded else {
                    try? FileManager.default.removeItem(atPath: dir)
                    return .failed("\(e.source): the viewer failed: " + ShellCommand.failure(status: r.status, timedOut: r.timedOut, tooMuchOutput: r.tooMuchOutput, said: r.errors))
                }
                let shown = try AttachmentSource.saveCopy(Data(TerminalText.block(String(decoding: r.output, as: UTF8.self)).utf8), named: "shown.txt", to: dir)
                suspend()
                status = run("${PAGER:-less}", stdin: shown, environment: env)
                resume()
            } else {
                suspend()
                status = run(cmd.command, stdin: cmd.stdin ? path : nil, environment: env)
                resume()
            }
            // A text-mode viewer is done with the copy; a graphical one may still be reading it.
            if e.needsTerminal || e.copiousOutput { try? FileManager.default.removeItem(atPath: dir) }
            guard status == 0 else { return .failed("\(e.source): the viewer exited with status \(status)") }
            return .opened("Opened attachment \(number) with \(e.source)")
        }
        try? FileManager.default.removeItem(atPath: dir)
        return .described(AttachmentSource.describe(f, data: data))
    }

    /// The bytes under `/tmp/kefu-view-XXXXXX/attachment-N.ext` (0700 folder, 0600 file): a path with no
    /// character the shell treats specially, whatever the buyer named the file.
    static func privateCopy(_ data: Data, of f: AttachmentFile, number: Int) throws -> (dir: String, path: String) {
        sweepOldCopies()
        var template = Array("/tmp/kefu-view-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw KefuError.data("cannot create a private folder in /tmp: \(String(cString: strerror(errno)))") }
        let dir = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let nameExt = ((f.name ?? "") as NSString).pathExtension.lowercased()
        let ext = SafeFileName.extensionFor(f.type)
            ?? (nameExt.utf8.count <= 8 && Mailcap.isSafePath(nameExt) && !nameExt.contains("/") && !nameExt.contains(".") ? nameExt : "")
        let path = try AttachmentSource.saveCopy(data, named: "attachment-\(number)" + (ext.isEmpty ? "" : "." + ext), to: dir)
        return (dir, path)
    }

    /// `/bin/sh -c command`, waiting for it; the file on standard input when `stdin` names one.
    static func run(_ command: String, stdin: String?, environment env: [String: String], quiet: Bool = false) -> Int32 {
        // A viewer in the terminal (less, w3m) must stay in its foreground process group.
        if !quiet { return TerminalCommand.run(command, stdin: stdin, environment: env) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.environment = env
        if let stdin { p.standardInput = FileHandle(forReadingAtPath: stdin) }
        // A test runs while the screen is up: what it prints must not scribble on it.
        if quiet { p.standardInput = FileHandle.nullDevice; p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice }
        do { try p.run() } catch { return 127 }
        p.waitUntilExit()
        return p.terminationReason == .exit ? p.terminationStatus : 128 + p.terminationStatus
    }

    /// A graphical viewer may still read its copy after it returns, so those copies stay; ours from a day
    /// ago and more go now (only folders of this user, never through a link).
    static func sweepOldCopies(now: Date = Date()) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for n in names where n.hasPrefix("kefu-view-") {
            var st = stat()
            let dir = "/tmp/" + n
            guard lstat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid(),
                  now.timeIntervalSince1970 - Double(st.st_mtim.tv_sec) > 86400 else { continue }
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
}
