import Foundation

/// The Maildir file names already filed, marked only after their cases were saved (a crash in between
/// reads the mail again, and the Message-ID check skips it). A directory store keeps them in a file
/// (`MaildirSeen`); a team store in its database, so a kefu taking over the intake knows them too.
/// Called on the store's queue.
public protocol MaildirSeenList: AnyObject {
    /// Every name filed so far, read afresh where other kefus add too.
    func allKeys() throws -> Set<String>
    func add(_ keys: [String]) throws
}
