import KefuModel
import KefuStore

/// 64-bit hashes of keys → slots of the intake's case list, by open addressing: 12 bytes a bucket,
/// no String kept, none hashed by `Hasher` (an import of 100,000 lines holds a few keys a line).
/// One hash may name several slots — two keys that collide, or one key held by several cases — so
/// an answer is only a list of candidates, each to be checked against its case.
struct HashSlots {
    private var hashes: [UInt64] = []
    private var slots: [Int32] = []   // -1: an empty bucket
    private var count = 0

    /// Files `slot` under `h`, unless it is there already.
    mutating func insert(_ h: UInt64, _ slot: Int32) {
        if (count + 1) * 10 > slots.count * 7 { grow() }
        var i = home(h)
        while slots[i] >= 0 {
            if hashes[i] == h && slots[i] == slot { return }
            i = (i + 1) & (slots.count - 1)
        }
        hashes[i] = h; slots[i] = slot; count += 1
    }

    /// Calls `body` with each slot filed under `h` until it returns true; that slot, or nil.
    func first(_ h: UInt64, where body: (Int32) throws -> Bool) rethrows -> Int32? {
        guard !slots.isEmpty else { return nil }
        var i = home(h)
        while slots[i] >= 0 {
            if hashes[i] == h, try body(slots[i]) { return slots[i] }
            i = (i + 1) & (slots.count - 1)
        }
        return nil
    }

    private func home(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h) & (slots.count - 1) }

    private mutating func grow() {
        let (oldHashes, oldSlots) = (hashes, slots)
        let n = max(64, slots.count * 2)
        hashes = [UInt64](repeating: 0, count: n)
        slots = [Int32](repeating: -1, count: n)
        count = 0
        for (h, s) in zip(oldHashes, oldSlots) where s >= 0 { insert(h, s) }
    }
}

/// The cases an intake has looked at, each in a slot: its id, what the intake knows of it, and the
/// tables that find it by case id, message id, order id and thread key (per channel). Keys are
/// hashed as the history lookup file hashes them; `mask` weakens the hash for tests.
struct IntakeSlots {
    typealias Kind = HistoryLookupFile.Kind
    let mask: UInt64
    private(set) var ids: [String] = []
    /// When each slot was last indexed: of several cases holding one key, the latest wins, as the
    /// last write to a dictionary did.
    private var stamps: [UInt32] = []
    private var clock: UInt32 = 0
    private var flags: [Flags] = []
    private var byID = HashSlots(), byMessage = HashSlots(), byOrder = HashSlots(), byThread = HashSlots()

    struct Flags: OptionSet {
        let rawValue: UInt8
        /// Every message of the case is in the tables: from then on only a new one is added.
        static let indexed = Flags(rawValue: 1)
        /// Whether the agent set the category by hand is known, and its answer.
        static let choiceKnown = Flags(rawValue: 2), agentChose = Flags(rawValue: 4)
    }

    init(mask: UInt64 = .max) { self.mask = mask }

    private func hash(_ kind: Kind, _ channel: Channel?, _ value: String) -> UInt64 {
        HistoryLookupFile.hash(kind, channel, value) & mask
    }

    /// The slot of case `id`, if it has one.
    func existing(_ id: String) -> Int32? { byID.first(hash(.id, nil, id)) { ids[Int($0)] == id } }

    /// The slot of case `id`, given one on first sight.
    mutating func slot(_ id: String) -> Int32 {
        if let s = existing(id) { return s }
        let s = Int32(ids.count)
        ids.append(id); stamps.append(0); flags.append([])
        byID.insert(hash(.id, nil, id), s)
        return s
    }

    subscript(flags s: Int32) -> Flags {
        get { flags[Int(s)] }
        set { flags[Int(s)] = newValue }
    }

    /// Files `slot` under a message id, order id or thread key of `channel`.
    mutating func record(_ kind: Kind, _ channel: Channel, _ value: String, _ slot: Int32) {
        let h = hash(kind, channel, value)
        switch kind {
        case .message: byMessage.insert(h, slot)
        case .order: byOrder.insert(h, slot)
        case .thread: byThread.insert(h, slot)
        case .id: preconditionFailure("case ids are filed by slot(_:)")
        }
    }

    /// Marks `slot` the latest indexed.
    mutating func stamp(_ slot: Int32) { clock += 1; stamps[Int(slot)] = clock }

    /// The slots filed under the key, latest indexed first: candidates only (see `HashSlots`).
    func candidates(_ kind: Kind, _ channel: Channel, _ value: String) -> [Int32] {
        let table: HashSlots
        switch kind {
        case .message: table = byMessage
        case .order: table = byOrder
        case .thread: table = byThread
        case .id: preconditionFailure("case ids are found by existing(_:)")
        }
        var out: [Int32] = []
        _ = table.first(hash(kind, channel, value)) { out.append($0); return false }
        if out.count > 1 { out.sort { stamps[Int($0)] > stamps[Int($1)] } }
        return out
    }
}
