import Foundation
import KefuBase
import KefuModel

/// `history/lookup.bin`: which line of `history/index.tsv` holds a closed case, an order, a thread or
/// a message id, answered by reading a few slots of a hash table on disk — never by loading the
/// index. A lookup costs the same at 1,000 closed cases as at 500,000.
///
/// The table is derived: `index.tsv` stays the record. The header says which index it covers (its
/// inode and length): lines appended since are read into memory (the tail, small) and win, as later
/// lines do; an index rewritten whole (a purge) or a damaged table is rebuilt by the store's writer,
/// and `kefu check --reindex` rebuilds it from scratch. Every hit is checked against the index line
/// it points to, so a hash collision or a torn slot only costs a probe, never a wrong answer.
public final class HistoryLookupFile: HistoryLookup, @unchecked Sendable {
    public static let fileName = "lookup.bin"
    static let magic: UInt64 = 0x3158_4948_5546_454B   // "KEFUHIX1"
    static let headerSize = 64
    static let slotSize = 16
    /// An index line is longer only for a thread of hundreds of thousands of messages.
    static let maxLine = 64 << 20

    let directory: String
    let indexPath: String
    let path: String
    private var fd: Int32
    private let indexFD: Int32
    private var slotCount: UInt64
    private var used: UInt64
    /// Lines past `covered` (appended since the table was written), newest last.
    private var tail: HistoryIndex
    private let lock = NSLock()   // lookups may come from the intake thread and the store's thread

    /// Opens the table for `directory` (the store), catching up with the index. `writable`: the
    /// store's writer, which brings the table up to date; a reader keeps the difference in memory.
    public init(directory: String, writable: Bool) throws {
        self.directory = directory
        indexPath = directory + "/history/index.tsv"
        path = directory + "/history/" + Self.fileName
        if !DurableIO.exists(indexPath) {
            try DurableIO.makeDirectory(directory + "/history")
            _ = try AppendFile(path: indexPath)   // an empty index: every lookup misses
        }
        indexFD = open(indexPath, O_RDONLY | O_CLOEXEC)
        guard indexFD >= 0 else { throw DurableIO.errno("open", indexPath) }
        var st = stat()
        fstat(indexFD, &st)
        let inode = UInt64(st.st_ino), length = UInt64(st.st_size)
        var header = Self.readHeader(path)
        if writable, header == nil || header!.inode != inode || header!.covered > length {
            try Self.rebuild(indexPath: indexPath, path: path)
            header = Self.readHeader(path)
        }
        fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC)
        let usable = header.map { $0.inode == inode && $0.covered <= length } ?? false
        slotCount = usable ? header!.slots : 0
        used = usable ? header!.used : 0
        let covered = usable ? header!.covered : 0
        tail = try HistoryIndex(path: indexPath, from: covered, keepLines: writable)
        if writable && fd >= 0 && tail.count > 0 { try absorbTail(inode: inode, length: length) }
    }

    deinit {
        if fd >= 0 { close(fd) }
        close(indexFD)
    }

    // MARK: Lookups

    public func caseID(channel: Channel, orderId: String) -> String? { find(.order, channel, orderId)?.id }
    public func caseID(channel: Channel, threadKey: String) -> String? { find(.thread, channel, threadKey)?.id }
    public func caseID(channel: Channel, messageId: String) -> String? { find(.message, channel, messageId)?.id }
    public func entry(id: String) -> HistoryEntry? { find(.id, nil, id) }

    public func closedCase(id: String) throws -> Case? {
        guard let e = entry(id: id) else { return nil }
        return try CaseStore.historyCase(entry: e, directory: directory)
    }

    package enum Kind: UInt8 { case id = 1, order, thread, message }

    /// The newest index line for the key: the tail first (later lines win), then the table.
    func find(_ kind: Kind, _ channel: Channel?, _ value: String) -> HistoryEntry? {
        lock.lock(); defer { lock.unlock() }
        if let e = tailLookup(kind, channel, value) { return e }
        guard fd >= 0, slotCount > 0, used > 0 else { return nil }   // an empty table: no read for every message
        let h = Self.hash(kind, channel, value)
        var i = h % slotCount
        for _ in 0..<slotCount {
            guard let (slotHash, offset) = readSlot(i) else { return nil }
            if slotHash == 0 { return nil }
            if slotHash == h, let e = entry(at: offset), Self.matches(e, kind, channel, value) { return e }
            i = (i + 1) % slotCount
        }
        return nil
    }

    private func tailLookup(_ kind: Kind, _ channel: Channel?, _ value: String) -> HistoryEntry? {
        guard tail.count > 0 else { return nil }
        switch kind {
        case .id: return tail.entry(id: value)
        case .order: return tail.caseID(channel: channel!, orderId: value).flatMap(tail.entry(id:))
        case .thread: return tail.caseID(channel: channel!, threadKey: value).flatMap(tail.entry(id:))
        case .message: return tail.caseID(channel: channel!, messageId: value).flatMap(tail.entry(id:))
        }
    }

    static func matches(_ e: HistoryEntry, _ kind: Kind, _ channel: Channel?, _ value: String) -> Bool {
        switch kind {
        case .id: return e.id == value
        case .order: return e.channel == channel && e.orderId == value
        case .thread: return e.channel == channel && e.threadKey == value
        case .message: return e.channel == channel && e.messageIds.contains(value)
        }
    }

    /// The keys an index line answers for.
    static func keys(_ e: HistoryEntry) -> [(Kind, Channel?, String)] {
        var out: [(Kind, Channel?, String)] = [(.id, nil, e.id)]
        if let o = e.orderId { out.append((.order, e.channel, o)) }
        if let t = e.threadKey { out.append((.thread, e.channel, t)) }
        for m in e.messageIds { out.append((.message, e.channel, m)) }
        return out
    }

    /// FNV-1a over the key, then a 64-bit finaliser; never 0 (0 marks an empty slot). Stable across
    /// runs and machines, unlike Swift's seeded `Hasher`.
    package static func hash(_ kind: Kind, _ channel: Channel?, _ value: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        mix(kind.rawValue)
        for b in (channel?.rawValue ?? "").utf8 { mix(b) }
        mix(0x1F)
        for b in value.utf8 { mix(b) }
        h = (h ^ (h >> 33)) &* 0xff51_afd7_ed55_8ccd
        h = (h ^ (h >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h == 0 ? 1 : h
    }

    // MARK: Reading

    private func readSlot(_ i: UInt64) -> (UInt64, UInt64)? {
        var slot = [UInt64](repeating: 0, count: 2)
        let n = slot.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Self.slotSize, off_t(Self.headerSize) + off_t(i) * off_t(Self.slotSize)) }
        guard n == Self.slotSize else { return nil }
        return (UInt64(littleEndian: slot[0]), UInt64(littleEndian: slot[1]))
    }

    /// The index line starting at `offset`, or nil when there is none (a torn slot, a stale table).
    private func entry(at offset: UInt64) -> HistoryEntry? {
        // Only the start of a line: a damaged offset into a line's middle can still parse.
        if offset > 0 {
            var before: UInt8 = 0
            guard pread(indexFD, &before, 1, off_t(offset) - 1) == 1, before == 0x0A else { return nil }
        }
        return LineStream.line(indexFD, at: offset, limit: Self.maxLine).flatMap { HistoryEntry(line: Substring(String(decoding: $0, as: UTF8.self))) }
    }

    struct Header { var slots, used, covered, inode: UInt64 }

    static func readHeader(_ path: String) -> Header? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var h = [UInt64](repeating: 0, count: 5)
        let n = h.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 40, 0) }
        guard n == 40, UInt64(littleEndian: h[0]) == magic else { return nil }
        var st = stat()
        fstat(fd, &st)
        let slots = UInt64(littleEndian: h[1])
        // A table cut short (a crash while it was first written) is no table.
        guard slots > 0, UInt64(st.st_size) == UInt64(headerSize) + slots * UInt64(slotSize) else { return nil }
        return Header(slots: slots, used: UInt64(littleEndian: h[2]), covered: UInt64(littleEndian: h[3]), inode: UInt64(littleEndian: h[4]))
    }

    // MARK: Writing (the store's writer only)

    /// Writes a fresh table for the whole index: into a temporary file, then renamed over the old one.
    /// The index is read a piece at a time and only each key's hash and line offset are kept (16 bytes
    /// a key), so rebuilding for 500,000 closed cases stays well under 100 MB.
    static func rebuild(indexPath: String, path: String) throws {
        var st = stat()
        guard stat(indexPath, &st) == 0 else { throw DurableIO.errno("stat", indexPath) }
        var keyed: [(hash: UInt64, offset: UInt64)] = []
        // The length covered: up to the last whole line.
        let covered = try LineStream.forEachLine(indexPath) { line, offset in
            guard let e = HistoryEntry(line: Substring(String(decoding: line, as: UTF8.self))) else { return }
            for (kind, channel, value) in keys(e) { keyed.append((hash(kind, channel, value), offset)) }
        }
        var slots = UInt64(1024)
        while slots < UInt64(keyed.count) * 2 + 16 { slots *= 2 }   // at most half full: short probes
        var table = [UInt64](repeating: 0, count: Int(slots) * 2)
        var used: UInt64 = 0
        let indexFD = open(indexPath, O_RDONLY | O_CLOEXEC)
        guard indexFD >= 0 else { throw DurableIO.errno("open", indexPath) }
        defer { close(indexFD) }
        func line(_ offset: UInt64) -> HistoryEntry? {
            LineStream.line(indexFD, at: offset, limit: maxLine).flatMap { HistoryEntry(line: Substring(String(decoding: $0, as: UTF8.self))) }
        }
        // In file order, so a later line takes over its keys. Equal hashes are nearly always the same key
        // (a case retired again): both lines are read to tell a true collision apart.
        for (h, off) in keyed {
            var i = Int(h % slots)
            while table[i * 2] != 0 {
                if table[i * 2] == h, sameKey(h, line(table[i * 2 + 1]), line(off)) { break }
                i = (i + 1) % Int(slots)
            }
            if table[i * 2] == 0 { used += 1 }
            table[i * 2] = h; table[i * 2 + 1] = off
        }
        keyed = []
        try DurableIO.replace(path) { write in
            var header = Data()
            for v in [magic, slots, used, covered, UInt64(st.st_ino)] + [UInt64](repeating: 0, count: 3) { withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) } }
            try write(header)
            let step = 1 << 17   // 1 MB of slots a write
            for lo in stride(from: 0, to: table.count, by: step) {
                try table[lo..<min(lo + step, table.count)].withUnsafeBytes { try write(Data($0)) }
            }
        }
    }

    /// Whether the key hashed to `h` in line `new` is also a key of `old` (the slot's line).
    private static func sameKey(_ h: UInt64, _ old: HistoryEntry?, _ new: HistoryEntry?) -> Bool {
        guard let old else { return true }   // an unreadable slot line: take the slot over
        guard let new else { return false }
        return keys(new).contains { k in hash(k.0, k.1, k.2) == h && matches(old, k.0, k.1, k.2) }
    }

    /// Puts the tail's lines into the table and moves the header on; a table grown past half full
    /// is rebuilt. A crash in between leaves a header that still names the old length: the tail is
    /// read again next time (inserting a key twice is harmless).
    private func absorbTail(inode: UInt64, length: UInt64) throws {
        if (used + UInt64(tail.keyCount)) * 2 > slotCount {
            try Self.rebuild(indexPath: indexPath, path: path)
            guard let h = Self.readHeader(path) else { return }
            // The rebuilt table is a new file: the one open is the old one, renamed over.
            let newFD = open(path, O_RDWR | O_CLOEXEC)
            guard newFD >= 0 else { throw DurableIO.errno("open", path) }
            close(fd)
            fd = newFD
            slotCount = h.slots; used = h.used
            tail = HistoryIndex.empty
            return
        }
        for (e, off) in tail.linesWithOffsets {
            for (kind, channel, value) in Self.keys(e) { try insert(Self.hash(kind, channel, value), kind, channel, value, offset: off) }
        }
        // The slots reach the disk before the header that counts them: a crash between leaves the
        // old header, and the tail is read again.
        guard fsync(fd) == 0 else { throw DurableIO.errno("fsync", path) }
        var header = [Self.magic, slotCount, used, length, inode].map(\.littleEndian)
        guard header.withUnsafeMutableBytes({ pwrite(fd, $0.baseAddress, 40, 0) }) == 40, fsync(fd) == 0 else { throw DurableIO.errno("write", path) }
        tail = HistoryIndex.empty
    }

    private func insert(_ h: UInt64, _ kind: Kind, _ channel: Channel?, _ value: String, offset: UInt64) throws {
        var i = h % slotCount
        while let (slotHash, old) = readSlot(i), slotHash != 0 {
            if slotHash == h, let e = entry(at: old), Self.matches(e, kind, channel, value) { break }
            i = (i + 1) % slotCount
        }
        if readSlot(i)?.0 == 0 { used += 1 }
        var slot = [h.littleEndian, offset.littleEndian]
        guard slot.withUnsafeMutableBytes({ pwrite(fd, $0.baseAddress, Self.slotSize, off_t(Self.headerSize) + off_t(i) * off_t(Self.slotSize)) }) == Self.slotSize else {
            throw DurableIO.errno("write", path)
        }
    }
}
