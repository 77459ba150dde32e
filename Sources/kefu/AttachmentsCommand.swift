import ArgumentParser
import Foundation
import KefuBase
import KefuModel
import KefuStore

/// `kefu attachments ID [--save DIR]`: a case's files, numbered, with type, size and (images) pixel
/// size; with --save, copies under names that cannot leave DIR (`SafeFileName`).
struct Attachments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a case's attachments, or save copies of them to a folder.",
        discussion: "Files above [attachments] max-per-message were left in the Maildir; they are read from there, checked against the hash taken when the mail was filed.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The case id, e.g. K-1042.") var id: String
    @Option(help: "Save a copy of every attachment (or only --number N) into this folder.") var save: String?
    @Option(help: "Only the attachment with this number.") var number: Int?

    func run() throws {
        let now = try Now.fromEnvironment()()
        // A team store's files are kept by the machine whose intake filed the mail: read from this one's.
        let (store, _) = try storeOptions.reportSource(now: now)
        let key = StoreOptions.caseKey(id)
        guard let c = try store.storedCase(id: key) else { throw KefuError.data("no case \(key) in \(store.directory)") }
        let files = c.attachmentList
        if files.isEmpty { Output.line("\(key): no attachments kept"); return }
        if let n = number, !(1...files.count).contains(n) { throw KefuError.usage("--number: \(key) has attachments 1–\(files.count)") }
        for (i, item) in files.enumerated() where number == nil || number == i + 1 {
            let f = item.file
            let data: Data
            do { data = try AttachmentSource.bytes(of: f, storeDirectory: store.directory) } catch {
                Output.error("kefu: \(key) #\(i + 1): \(TerminalText.line("\(error)"))")
                continue
            }
            guard let dir = save else {
                Output.line("\(i + 1)  " + TerminalText.line(AttachmentSource.describe(f, data: data)) + "  " + ISO8601.format(item.at))
                continue
            }
            let path = try AttachmentSource.saveCopy(data, of: f, index: i + 1, to: dir)
            Output.line("\(i + 1)  saved " + TerminalText.line(path))
        }
    }
}
