import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KefuBase

/// What a rescan that found nothing new saw (`intake/maildir-stamp`): the Maildir, the change times
/// of its new/ and cur/, and the seen-list's inode, size and change time. While all of them are as
/// they were, nothing can have arrived — a delivery, a move to cur/ or a flag change adds or renames
/// a file and so changes its directory — and the next rescan lists nothing, as `notmuch new` trusts
/// directory times. Change times (ctime), not modification times: no program can set them back.
/// A derived cache, never the record: a stamp that does not match, or cannot be read, costs a listing.
public struct MaildirStamp: Codable, Equatable {
    var maildir: String
    var new: Int64
    var cur: Int64
    var seen: [Int64]
    /// The files the Maildir held, all filed.
    var files: Int

    static func path(storeDirectory: String) -> String { storeDirectory + "/intake/maildir-stamp" }

    /// A directory changed this recently is not trusted: a delivery in the same clock tick as the
    /// listing could leave its change time as the listing saw it.
    static let settle: Int64 = 2_000_000_000

    /// The times as they are now (before a listing), with `files` to fill in; nil when something
    /// cannot be stat'd (then there is nothing to compare).
    static func current(_ maildir: Maildir, seenPath: String) -> MaildirStamp? {
        guard var s = directories(maildir), let seen = seenList(seenPath) else { return nil }
        s.seen = seen
        return s
    }

    /// The Maildir's part alone (an import stats the seen-list after writing it).
    static func directories(_ maildir: Maildir) -> MaildirStamp? {
        guard let n = status(maildir.path + "/new"), let c = status(maildir.path + "/cur") else { return nil }
        return MaildirStamp(maildir: maildir.path, new: n.ctime, cur: c.ctime, seen: [], files: 0)
    }

    static func seenList(_ path: String) -> [Int64]? { status(path).map { [$0.inode, $0.size, $0.ctime] } }

    /// The stamp left by the last rescan, if it still describes `now`.
    static func matching(_ now: MaildirStamp, storeDirectory: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path(storeDirectory: storeDirectory)), data.count < 4096,
              var kept = try? JSONDecoder().decode(MaildirStamp.self, from: data), kept.files >= 0 else { return nil }
        let files = kept.files
        kept.files = 0
        return kept == now ? files : nil
    }

    /// Leaves the stamp for the next rescan when both directories had settled before the listing
    /// began (`listed`: nanoseconds since 1970). Best effort: a stamp not written costs a listing.
    func keep(storeDirectory: String, listed: Int64) {
        guard listed - max(new, cur) > Self.settle, let data = try? JSONEncoder().encode(self) else { return }
        try? DurableIO.replace(Self.path(storeDirectory: storeDirectory), with: data)
    }

    /// Now, in nanoseconds since 1970 (the clock file times are kept by).
    public static func clock() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }

    private static func status(_ path: String) -> (inode: Int64, size: Int64, ctime: Int64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (Int64(st.st_ino), Int64(st.st_size), Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec))
    }
}
