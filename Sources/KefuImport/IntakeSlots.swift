import KefuModel
import KefuStore

/// Hashes of keys → slots of the intake's case list, by open addressing: 8 bytes a bucket, no String
/// kept, none hashed by `Hasher` (an import of 100,000 lines holds a few keys a line). A bucket keeps
/// the hash's low 32 bits and the slot; one hash may name several slots — two keys that collide, or
/// one key held by several cases — so an answer is only a list of candidates, each to be checked
/// against its case.
struct HashSlots {
    /// The hash's low 32 bits above slot + 1; 0 is an empty bucket.
    private var buckets: [UInt64] = []
    private var count = 0

    /// Files `slot` under `h`, unless it is there already.
    mutating func insert(_ h: UInt64, _ slot: Int32) {
        if (count + 1) * 10 > buckets.count * 7 { grow() }
        let bucket = (h & 0xFFFF_FFFF) << 32 | UInt64(slot + 1)
        var i = home(bucket >> 32)
        while buckets[i] != 0 {
            if buckets[i] == bucket { return }
            i = (i + 1) & (buckets.count - 1)
        }
        buckets[i] = bucket; count += 1
    }

    /// Calls `body` with each slot filed under `h` until it returns true; that slot, or nil.
    func first(_ h: UInt64, where body: (Int32) throws -> Bool) rethrows -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let low = h & 0xFFFF_FFFF
        var i = home(low)
        while buckets[i] != 0 {
            if buckets[i] >> 32 == low {
                let slot = Int32(truncatingIfNeeded: buckets[i] & 0xFFFF_FFFF) - 1
                if try body(slot) { return slot }
            }
            i = (i + 1) & (buckets.count - 1)
        }
        return nil
    }

    private func home(_ low: UInt64) -> Int { Int(low) & (buckets.count - 1) }

    private mutating func grow() {
        let old = buckets
        buckets = [UInt64](repeating: 0, count: max(64, buckets.count * 2))
        for b in old where b != 0 {
            var i = home(b >> 32)
            while buckets[i] != 0 { i = (i + 1) & (buckets.count - 1) }
            buckets[i] = b
        }
    }
}

/// The cases an intake has looked at, each in a slot: its id, what the intake knows of it, and the
/// tables that find it by message id, order id and thread key (per channel). Keys are hashed as the
/// history lookup file hashes them; `mask` weakens the hash for tests.
struct IntakeSlots {
    typealias Kind = HistoryLookupFile.Kind
    let mask: UInt64
    private(set) var ids: [String] = []
    /// When each slot was last indexed: of several cases holding one key, the latest wins, as the
    /// last write to a dictionary did.
    private var stamps: [UInt32] = []
    private var clock: UInt32 = 0
    private var flags: [Flags] = []
    private var byMessage = HashSlots(), byOrder = HashSlots(), byThread = HashSlots()
    /// The slots of cases not new to this intake (open before it, or back from history): only those
    /// are ever looked up by id; a new case's slot travels with it.
    private var named: [String: Int32] = [:]

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

    /// The slot of case `id`, if it is not new to this intake and has one.
    func existing(_ id: String) -> Int32? { named[id] }

    /// The slot of case `id`, not new to this intake, given one on first sight.
    mutating func slot(_ id: String) -> Int32 {
        if let s = named[id] { return s }
        let s = newSlot(id)
        named[id] = s
        return s
    }

    /// A slot for a case this intake made.
    mutating func newSlot(_ id: String) -> Int32 {
        ids.append(id); stamps.append(0); flags.append([])
        return Int32(ids.count - 1)
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
        case .id: preconditionFailure("case ids are kept by slot(_:)")
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
