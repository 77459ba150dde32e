import Foundation
#if canImport(Glibc)
import Glibc
import KefuBase
#endif

/// Replies waiting for delivery: one `.eml` file each in `<store>/outbox/`, named
/// `<UTC date>Z_<Message-ID>.eml` so they list oldest first.
///
/// A reply is on disk completely (temp file, fsync, rename, directory fsync) before anything may deliver
/// it, and one Message-ID is queued at most once: a retry after a crash can never mail the buyer the
/// same reply twice. Callers hold the store lock, which makes the check-then-write in `enqueue` safe.
public struct Outbox: Sendable {
    public var directory: String
    private let storeDirectory: String

    public init(storeDirectory: String) {
        self.storeDirectory = storeDirectory
        directory = storeDirectory + "/outbox"
    }

    /// Writes `message.rendered()` as a 0600 file in the outbox (created 0700 if missing) and returns its
    /// path. Throws `KefuError.data` naming the path when the write fails or the Message-ID is already queued.
    /// `notBefore`: the reply may not leave before then (its delivery state is written first, so no
    /// deliverer ever sees the file without it).
    @discardableResult
    public func enqueue(_ message: MailMessage, notBefore: Date? = nil) throws -> String {
        let path = directory + "/" + (try fileName(for: message))
        let created = !DurableIO.exists(directory)
        try DurableIO.makeDirectory(directory)
        if created { try DurableIO.fsyncDirectory(storeDirectory) }   // the new folder's entry must survive a crash too
        if let existing = try files(for: message.messageID).first {
            throw KefuError.data("\(existing): a reply with Message-ID <\(message.messageID)> is already queued")
        }
        if let notBefore {
            var state = DeliveryState()
            state.notBefore = notBefore
            try DurableIO.replace(MailDelivery.statePath(path), with: try KefuJSON.encoder().encode(state))
        }
        do { try DurableIO.replace(path, with: Data(message.rendered().utf8)) } catch {
            unlink(MailDelivery.statePath(path))
            throw error
        }
        return path
    }

    /// Removes the queued file of `messageID`. Nothing queued under that ID is not an error: a rollback
    /// must not hide the failure that caused it.
    public func remove(messageID: String) throws {
        let paths = try files(for: messageID)
        for path in paths {
            if unlink(path) != 0 && errno != ENOENT { throw DurableIO.errno("unlink", path) }
            unlink(MailDelivery.statePath(path))   // its delivery state, if any: a stale one would mislead a later file
        }
        if !paths.isEmpty { try DurableIO.fsyncDirectory(directory) }
    }

    /// Paths of the queued messages, oldest first. Leftover `.tmp` files of an interrupted write are not
    /// messages and are skipped.
    public func queued() throws -> [String] {
        guard DurableIO.exists(directory) else { return [] }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw KefuError.data("\(directory): cannot list the outbox (\(error.localizedDescription))")
        }
        return names.filter { $0.hasSuffix(".eml") }.sorted().map { directory + "/" + $0 }
    }

    /// Queued paths whose name carries `messageID`, whatever their date part.
    private func files(for messageID: String) throws -> [String] {
        let tail = "_" + Self.escaped(messageID) + ".eml"
        return try queued().filter { path in
            let name = (path as NSString).lastPathComponent
            return name.firstIndex(of: "_").map { name[$0...] == tail } ?? false
        }
    }

    /// `20261121T100000.000Z_<escaped Message-ID>.eml`. The fixed-width UTC date makes name order time
    /// order; the date part never contains "_", so the Message-ID is everything after the first one.
    package func fileName(for message: MailMessage) throws -> String {
        guard !message.messageID.isEmpty else { throw KefuError.data("\(directory): a reply needs a Message-ID to be queued") }
        let t = UTCTime(message.date)
        let name = "\(t.compact).\(UTCTime.pad(t.millisecond, 3))Z_\(Self.escaped(message.messageID)).eml"
        // NAME_MAX is 255 bytes (DurableIO's temporary name shortens long names).
        guard name.utf8.count <= 251 else { throw KefuError.data("\(directory): Message-ID too long for a file name: \(message.messageID)") }
        return name
    }

    /// The Message-ID with every byte outside `[A-Za-z0-9._@+-]` written `%XX`: safe in a path, and
    /// distinct IDs always give distinct names.
    package static func escaped(_ messageID: String) -> String {
        messageID.utf8.map { b in
            let safe = (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || "._@+-".utf8.contains(b)
            return safe ? String(UnicodeScalar(b)) : "%" + MIMEEncoding.hex(b)
        }.joined()
    }
}
