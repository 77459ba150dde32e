import Foundation
import KefuModel
import KefuMail

extension Outbox {
    /// Queues a reply and records it: the mail goes to the outbox first (a reply recorded but not
    /// queued would be a lie), then the case is saved; a failed save takes the mail back out.
    /// Returns the queued file's path.
    @discardableResult
    public static func queueReply(_ mail: MailMessage, recording c: Case, in store: CaseStore) throws -> String {
        let outbox = Outbox(storeDirectory: store.directory)
        let path = try outbox.enqueue(mail)
        do { try store.save(c) } catch {
            try? outbox.remove(messageID: mail.messageID)   // not recorded, so not sent either
            throw error
        }
        return path
    }
}
