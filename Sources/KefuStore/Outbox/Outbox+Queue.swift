import Foundation
import KefuModel
import KefuMail

extension Outbox {
    /// Queues a reply and records it: the mail goes to the outbox first (a reply recorded but not
    /// queued would be a lie), then the case is saved; a failed save takes the mail back out.
    /// Returns the queued file's path.
    @discardableResult
    /// `notBefore`: the grace period in which the inbox can take the reply back.
    public static func queueReply(_ mail: MailMessage, recording c: Case, in store: CaseStore, notBefore: Date? = nil) throws -> String {
        let outbox = Outbox(storeDirectory: store.directory)
        let path = try outbox.enqueue(mail, notBefore: notBefore)
        do { try store.save(c) } catch {
            try? outbox.remove(messageID: mail.messageID)   // not recorded, so not sent either
            throw error
        }
        return path
    }
}
