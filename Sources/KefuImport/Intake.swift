import Foundation
import KefuBase
import KefuModel
import KefuCategories
import KefuMail
import KefuStore

/// What an import did.
public struct IntakeSummary: Sendable, Equatable {
    public var newCases = 0
    public var newMessages = 0
    public var duplicates = 0
    public var reopened = 0
    /// Messages filed with a warning (unclassified, repaired, guessed).
    public var warned = 0

    public init(newCases: Int = 0, newMessages: Int = 0, duplicates: Int = 0, reopened: Int = 0, warned: Int = 0) {
        self.newCases = newCases; self.newMessages = newMessages; self.duplicates = duplicates; self.reopened = reopened; self.warned = warned
    }

    /// Adds another batch's counts (an import filed in several intakes).
    public mutating func add(_ o: IntakeSummary) {
        newCases += o.newCases; newMessages += o.newMessages; duplicates += o.duplicates; reopened += o.reopened; warned += o.warned
    }
}

/// Files each message into its case: the same channel and order id form one case; without an
/// order id, the same sender address and normalised subject. A message already stored (same
/// channel and message id) is skipped, so importing a file twice adds nothing.
public final class Intake {
    let source: IntakeSource
    /// Set when filing from the command line: `commit` writes there. The inbox files without one and
    /// hands the changed cases to its update (`takeChanged`), which saves them as an effect.
    let store: CaseStore?
    let now: Date
    /// Each case looked at, in a slot, and its message ids, order id and thread key by hash (compact:
    /// an import of 100,000 lines holds them all). A hit is checked against the case before use.
    private var slots: IntakeSlots
    /// The cases changed since the last commit, by slot, and the order they were first changed in.
    private var touched: [Int32: Case] = [:]
    private var touchedOrder: [Int32] = []
    /// With `only`: the open cases `init` indexed, held as they are instead of marking each one's slot
    /// indexed (the inbox files each mail into thousands of open cases, on its UI thread).
    private var indexedAtStart: [String: Case] = [:]
    public private(set) var summary = IntakeSummary()

    /// `only`: the messages this intake will file. Then only the open cases' keys those messages can
    /// match are indexed (the inbox files a few mails into thousands of open cases, on its UI thread).
    /// `keyMask`: tests weaken the key hash with it, to show that a collision changes nothing.
    init(source: IntakeSource, now: Date, store: CaseStore?, only batch: [InboundMessage]? = nil, keyMask: UInt64 = .max) {
        self.source = source
        self.store = store
        self.now = now
        slots = IntakeSlots(mask: keyMask)
        let open = source.openCases
        if let batch {
            let keys = Keys(batch)
            for c in open.values { index(c, only: keys) }
            indexedAtStart = open
        } else {
            for c in open.values {
                let s = slots.slot(c.id)
                slots[flags: s].insert(.indexed)
                index(c, slot: s)
            }
        }
    }

    /// Files into `source`'s cases without writing anywhere: see `takeChanged`. With `only`, the
    /// intake files exactly those messages (see the designated init).
    public convenience init(source: IntakeSource, now: Date, only batch: [InboundMessage]? = nil) {
        self.init(source: source, now: now, store: nil, only: batch)
    }

    /// Every key a batch can look up in the open cases, by kind (channels are checked when indexing).
    private struct Keys {
        var messages: Set<String> = [], orders: Set<String> = [], threads: Set<String> = []
        init(_ batch: [InboundMessage]) {
            for m in batch {
                messages.insert(m.messageId)
                messages.insert(PersonalData.purgedID(m.messageId))
                messages.formUnion(m.threadIds)
                if let o = m.orderId { orders.insert(o) }
                if m.orderId == nil, !(m.from.address ?? "").isEmpty { threads.insert(Intake.threadKey(address: m.from.address, subject: m.subject)) }
            }
        }
    }

    /// `index(c)` restricted to `keys`: the same entries for those keys, no others.
    private func index(_ c: Case, only keys: Keys) {
        var matched: [(IntakeSlots.Kind, String)] = []
        for m in c.messages where keys.messages.contains(m.sourceId) { matched.append((.message, m.sourceId)) }
        for e in c.events where e.type.isFiledNotice {
            if let id = e.messageId, keys.messages.contains(id) { matched.append((.message, id)) }
        }
        if let o = c.order?.id, keys.orders.contains(o) { matched.append((.order, o)) }
        if let t = c.threadKey, keys.threads.contains(t) { matched.append((.thread, t)) }
        guard !matched.isEmpty else { return }
        let s = slots.slot(c.id)   // only a case the batch can match takes a slot
        for (kind, value) in matched { slots.record(kind, c.channel, value, s) }
        slots.stamp(s)
    }

    /// Files into the store; `commit` writes each batch. `orders`: imported orders already read.
    public convenience init(store: CaseStore, now: Date, orders: OrderBook? = nil) throws {
        self.init(source: try StoreIntakeSource(store, orders: orders), now: now, store: store)
    }

    private func index(_ c: Case, slot s: Int32) {
        for m in c.messages { slots.record(.message, c.channel, m.sourceId, s) }
        for e in c.events where e.type.isFiledNotice { if let id = e.messageId { slots.record(.message, c.channel, id, s) } }
        if let o = c.order?.id { slots.record(.order, c.channel, o, s) }
        if let t = c.threadKey { slots.record(.thread, c.channel, t, s) }
        slots.stamp(s)
    }

    /// "AW: Re[2]: Lampe" → "Lampe" (see `ReplyPrefix`).
    public static func stripReplyPrefixes(_ subject: String) -> String { ReplyPrefix.strip(subject) }

    /// Normalises a subject for threading: reply/forward prefixes in several languages, case, spaces.
    public static func threadKey(address: String?, subject: String?) -> String {
        let s = stripReplyPrefixes((subject ?? "").lowercased())
        // Bounded as a mail's subject is (a JSONL subject is not cut at import): a key, not a copy.
        let words = s.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(2_000)
        return (address ?? "").lowercased() + "|" + words
    }

    private func current(_ id: String) throws -> Case? {
        if let s = slots.existing(id), let c = touched[s] { return c }
        return try source.openCase(id: id)
    }

    /// The open case the tables name for a key, and its slot: the latest indexed candidate that
    /// really holds the key, so a hash collision can never join a message to the wrong case.
    private func lookup(_ kind: IntakeSlots.Kind, _ channel: Channel, _ value: String) throws -> (Case, Int32)? {
        for s in slots.candidates(kind, channel, value) {
            guard let c = try touched[s] ?? source.openCase(id: slots.ids[Int(s)]), c.channel == channel else { continue }
            switch kind {
            case .order: if c.order?.id == value { return (c, s) }
            case .thread: if c.threadKey == value { return (c, s) }
            case .message: if Self.holds(c, message: value) { return (c, s) }
            case .id: break
            }
        }
        return nil
    }

    /// Whether `c` recorded message `id`, as `index` files it: a message, or a filed notice.
    private static func holds(_ c: Case, message id: String) -> Bool {
        c.messages.reversed().contains { $0.sourceId == id }   // newest first: a reply names a recent one
            || c.events.contains { $0.type.isFiledNotice && $0.messageId == id }
    }

    /// The case `m` joins, with its slot when the tables found it.
    private func findCase(for m: InboundMessage, threadKey: String?) throws -> (Case, Int32?)? {
        if let o = m.orderId {
            if let (c, s) = try lookup(.order, m.channel, o) { return (c, s) }
            if let id = source.historyCaseID(channel: m.channel, orderId: o) { return try fromHistory(id) }
            return nil
        }
        // Mail answers a message we know: the buyer's earlier mail or our reply to it.
        for t in m.threadIds {
            if let (c, s) = try lookup(.message, m.channel, t) { return (c, s) }
            if let id = source.historyCaseID(channel: m.channel, messageId: t) { return try fromHistory(id) }
        }
        if let t = threadKey {
            if let (c, s) = try lookup(.thread, m.channel, t) { return (c, s) }
            if let id = source.historyCaseID(channel: m.channel, threadKey: t) { return try fromHistory(id) }
        }
        return nil
    }

    private func fromHistory(_ id: String) throws -> (Case, Int32?)? {
        if let c = try current(id) { return (c, nil) } // reopened earlier in this import
        return try source.historyCase(id: id).map { ($0, nil) }
    }

    /// Files one message. Changes are collected; `commit` makes them durable.
    public func add(_ m: InboundMessage) throws {
        var m = m
        StoreLimits.clamp(&m, now: now) // buyer-written numbers and dates: kept within what the store reads back
        // A message filed before is a duplicate, also when a purge has since renamed its id.
        let purgedID = PersonalData.purgedID(m.messageId)
        let filedClosed = { (id: String) in self.source.historyCaseID(channel: m.channel, messageId: id).map { !self.source.isOpen($0) } ?? false }
        if try lookup(.message, m.channel, m.messageId) != nil || lookup(.message, m.channel, purgedID) != nil
            || filedClosed(m.messageId) || filedClosed(purgedID) {
            summary.duplicates += 1
            return
        }
        // Without a sender there is no conversation to join: headerless junk gets a case of its own.
        let threadKey = m.orderId == nil && !(m.from.address ?? "").isEmpty ? Self.threadKey(address: m.from.address, subject: m.subject) : nil
        var c: Case
        var found = try findCase(for: m, threadKey: threadKey)
        // Taken out of `touched` while it changes, so adding to a long thread does not copy its
        // messages each time (copy-on-write of a shared array).
        let slot: Int32
        var wasTouched = false
        if let (id, foundSlot) = found.map({ ($0.0.id, $0.1) }) {
            slot = foundSlot ?? slots.slot(id)
            wasTouched = touched.removeValue(forKey: slot) != nil
            c = found.take()!.0
        } else {
            c = Case(id: source.allocateID(), channel: m.channel, marketplace: m.marketplace, category: m.category ?? .other,
                     buyer: m.from, openedAt: m.receivedAt, threadKey: threadKey)
            if let o = m.orderId {
                c.order = Order(id: o, items: m.items)
                if let known = try source.order(channel: m.channel, orderId: o) { OrderJoin.apply(known, to: &c) }
            }
            if m.filing != .request {
                // Not work by itself (a refund, our own reply), but kept: a later buyer message joins it.
                c.status = m.filing == .sellerCopy ? .waitingBuyer : .resolved
            }
            slot = slots.newSlot(c.id)
            summary.newCases += 1
        }
        switch m.filing {
        case .request: fileRequest(m, into: &c, slot: slot)
        case .event(let type): fileEvent(type, m, into: &c)
        case .sellerCopy: fileSellerCopy(m, into: &c)
        }
        if !m.warnings.isEmpty { summary.warned += 1 }
        c.marketplace = c.marketplace ?? m.marketplace
        if c.order?.items.isEmpty == true { c.order?.items = m.items }
        c.updatedAt = max(c.updatedAt, m.receivedAt)
        summary.newMessages += 1
        if !wasTouched { touchedOrder.append(slot) }
        // (An empty dictionary is not asked: a lookup hashes the key first.)
        if (indexedAtStart.isEmpty || indexedAtStart[c.id] == nil) && !slots[flags: slot].contains(.indexed) {
            slots[flags: slot].insert(.indexed)
            index(c, slot: slot)   // new, or back from history with its old messages
        } else {
            // What `index` would find new: the message (or the filed notice) this add recorded.
            let recorded: Bool
            switch m.filing {
            case .request, .sellerCopy: recorded = true
            case .event(let type): recorded = type.isFiledNotice
            }
            if recorded { slots.record(.message, c.channel, m.messageId, slot) }
            if let o = c.order?.id { slots.record(.order, c.channel, o, slot) }
            if let t = c.threadKey { slots.record(.thread, c.channel, t, slot) }
            slots.stamp(slot)
        }
        touched[slot] = c
    }

    private func fileRequest(_ m: InboundMessage, into c: inout Case, slot: Int32) {
        c.insertMessage(Message(sourceId: m.messageId, direction: .inbound, at: m.receivedAt, kind: m.kind,
                                subject: m.subject, body: m.body, dueAt: m.dueAt, attachments: m.attachments, warnings: m.warnings,
                                files: m.files))
        c.events.append(CaseEvent(.received, at: m.receivedAt, messageId: m.messageId, from: m.from.name ?? m.from.address))
        c.addKind(m.kind)
        c.buyer = merged(c.buyer, m.from)
        if c.category == .other {
            if let hint = m.category, hint != .other {
                c.events.append(CaseEvent(.categoryChanged, at: now, text: "other→\(hint.rawValue)"))
                c.category = hint
                c.suggestedCategory = nil
            } else if m.category == nil, !agentChoseCategory(c, slot: slot) {
                let g = m.suggested ?? SuggestedCategory(CategorySuggester.suggest(text: m.body, subject: m.subject ?? ""))
                if g.category != .other {
                    c.category = g.category
                    c.suggestedCategory = g
                }
            }
        }
        if c.status != .needsReply, c.messages.last?.sourceId == m.messageId {
            // A new buyer message needs an answer again, whatever the case was waiting for.
            if c.status == .resolved { summary.reopened += 1 }
            c.events.append(CaseEvent(.statusChanged, at: now, text: "\(c.status.rawValue)→needs-reply"))
            c.status = .needsReply
            c.snoozedUntil = nil
        }
    }

    /// The agent's choice stands: a suggestion never overrides a category set by hand. Looked up once
    /// per case and import (the intake itself only ever moves a case away from `other`), so a long
    /// thread of uncategorised mail does not scan its events for every message.
    private func agentChoseCategory(_ c: Case, slot: Int32) -> Bool {
        let known = slots[flags: slot]
        if known.contains(.choiceKnown) { return known.contains(.agentChose) }
        let chose = c.liveEvents.contains { $0.type == .categoryChanged }
        slots[flags: slot].formUnion(chose ? [.choiceKnown, .agentChose] : .choiceKnown)
        return chose
    }

    private func fileEvent(_ type: EventType, _ m: InboundMessage, into c: inout Case) {
        c.events.append(CaseEvent(type, at: m.receivedAt, messageId: m.messageId, from: m.from.name ?? m.from.address,
                                  text: [m.subject, m.body.isEmpty ? nil : String(m.body.prefix(500))].compactMap { $0 }.joined(separator: "\n")))
    }

    private func fileSellerCopy(_ m: InboundMessage, into c: inout Case) {
        // The reply left from Seller Central: it answers the buyer (stops the reply clock) like one sent here.
        c.insertMessage(Message(sourceId: m.messageId, direction: .outbound, at: m.receivedAt, subject: m.subject, body: m.body,
                                attachments: m.attachments, warnings: m.warnings, files: m.files))
        c.events.append(CaseEvent(.replied, at: m.receivedAt, messageId: m.messageId, text: "copy of a reply sent outside kefu"))
        if c.status == .needsReply, c.messages.last?.sourceId == m.messageId {
            c.events.append(CaseEvent(.statusChanged, at: now, text: "needs-reply→waiting-buyer"))
            c.status = .waitingBuyer
        }
    }

    private func merged(_ a: Buyer, _ b: Buyer) -> Buyer {
        Buyer(name: a.name ?? b.name, address: a.address ?? b.address, country: a.country ?? b.country,
              timeZone: a.timeZone ?? b.timeZone, language: a.language ?? b.language)
    }

    /// The cases changed since the last call, in the order first changed; forgotten here.
    public func takeChanged() -> [Case] {
        let changed = touchedOrder.compactMap { touched.removeValue(forKey: $0) }   // moved out, not copied
        touched.removeAll(keepingCapacity: true)
        touchedOrder.removeAll(keepingCapacity: true)
        return changed
    }

    /// Writes the changed cases to the store in one atomic journal record, and returns them.
    @discardableResult
    public func commit() throws -> [Case] {
        guard !touched.isEmpty else { return [] }
        guard let store else { preconditionFailure("Intake.commit without a store: use takeChanged") }
        let order = touchedOrder.filter { touched[$0] != nil }   // as `takeChanged` returns them
        let changed = takeChanged()
        do { try store.save(changed) } catch {
            for (s, c) in zip(order, changed) { touched[s] = c; touchedOrder.append(s) }   // still to write, as before the call
            throw error
        }
        return changed
    }

    /// Imports messages in batches: each batch is one durable record, so an interrupted import
    /// keeps whole batches and a re-run adds exactly what is missing.
    public func run(_ messages: [InboundMessage], batch: Int = 2000) throws {
        for chunk in stride(from: 0, to: messages.count, by: batch) {
            for m in messages[chunk..<min(chunk + batch, messages.count)] { try add(m) }
            try commit()
        }
    }
}
