import Foundation
import KefuBase

/// The agent's own editor for a reply, as mutt runs it: `$VISUAL`, else `$EDITOR`, else `vi`, on a
/// private temporary file, through the shell so `EDITOR="code --wait"` works.
public enum ExternalEditor {
    public static func edit(_ text: String, environment env: [String: String]) -> Result<String, KefuError> {
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        // Created 0600: the reply may quote the buyer.
        guard let (fd, path) = TempFile.create(prefix: "kefu-reply-", suffix: ".txt") else {
            return .failure(.data("cannot create a temporary file: \(String(cString: strerror(errno)))"))
        }
        defer { unlink(path) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do { try handle.write(contentsOf: Data((text + "\n").utf8)); try handle.close() } catch {
            return .failure(.data("cannot write \(path): \(error)"))
        }
        // In kefu's process group: the editor must be in the terminal's foreground group to read it.
        let status = TerminalCommand.run("\(editor) \"$1\"", arguments: ["kefu-editor", path], environment: env)
        guard status == 0 else {
            return .failure(.data(status == 127 ? "cannot run \(editor)" : "\(editor) exited with status \(status)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(.data("\(path) vanished")) }
        guard let edited = String(data: data, encoding: .utf8) else { return .failure(.data("the edited reply is not UTF-8")) }
        return .success(edited)
    }
}
