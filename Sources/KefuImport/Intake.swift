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
    private var byMessage: [Key: String] = [:]
    private var byOrder: [Key: String] = [:]
    private var byThread: [Key: String] = [:]
    /// A channel's id (message, order, thread key): hashed as two fields rather than joined into a
    /// new string, so a short id stays inline (an import of 100,000 lines holds one per message).
    private struct Key: Hashable {
        var channel: Channel, value: String
        init(_ channel: Channel, _ value: String) { self.channel = channel; self.value = value }
    }
    private var touched: [String: Case] = [:]
    private var touchedOrder: [String] = []
    /// Cases whose every message is in the indexes: after that only a new message is added, so a
    /// thread of 10,000 mails is not re-indexed 10,000 times.
    private var indexed: Set<String> = []
    /// With `only`: the open cases `init` indexed, held as they are instead of copying their ids into
    /// `indexed` (the inbox files each mail into thousands of open cases, on its UI thread).
    private var indexedAtStart: [String: Case] = [:]
    public private(set) var summary = IntakeSummary()

    /// `only`: the messages this intake will file. Then only the open cases' keys those messages can
    /// match are indexed (the inbox files a few mails into thousands of open cases, on its UI thread).
    init(source: IntakeSource, now: Date, store: CaseStore?, only batch: [InboundMessage]? = nil) {
        self.source = source
        self.store = store
        self.now = now
        let open = source.openCases
        if let batch {
            let keys = Keys(batch)
            for c in open.values { index(c, only: keys) }
            indexedAtStart = open
        } else {
            for c in open.values { index(c) }
            indexed = Set(open.keys)
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
        for m in c.messages where keys.messages.contains(m.sourceId) { byMessage[Key(c.channel, m.sourceId)] = c.id }
        for e in c.events where e.type.isFiledNotice {
            if let id = e.messageId, keys.messages.contains(id) { byMessage[Key(c.channel, id)] = c.id }
        }
        if let o = c.order?.id, keys.orders.contains(o) { byOrder[Key(c.channel, o)] = c.id }
        if let t = c.threadKey, keys.threads.contains(t) { byThread[Key(c.channel, t)] = c.id }
    }

    /// Files into the store; `commit` writes each batch. `orders`: imported orders already read.
    public convenience init(store: CaseStore, now: Date, orders: OrderBook? = nil) throws {
        self.init(source: try StoreIntakeSource(store, orders: orders), now: now, store: store)
    }

    private func index(_ c: Case) {
        for m in c.messages { byMessage[Key(c.channel, m.sourceId)] = c.id }
        for e in c.events where e.type.isFiledNotice { if let id = e.messageId { byMessage[Key(c.channel, id)] = c.id } }
        if let o = c.order?.id { byOrder[Key(c.channel, o)] = c.id }
        if let t = c.threadKey { byThread[Key(c.channel, t)] = c.id }
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

    private func current(_ id: String) throws -> Case? { try touched[id] ?? source.openCase(id: id) }

    private func findCase(for m: InboundMessage, threadKey: String?) throws -> Case? {
        let key: (String) -> Key = { Key(m.channel, $0) }
        if let o = m.orderId {
            if let id = byOrder[key(o)], let c = try current(id) { return c }
            if let id = source.historyCaseID(channel: m.channel, orderId: o) { return try fromHistory(id) }
            return nil
        }
        // Mail answers a message we know: the buyer's earlier mail or our reply to it.
        for t in m.threadIds {
            if let id = byMessage[key(t)], let c = try current(id) { return c }
            if let id = source.historyCaseID(channel: m.channel, messageId: t) { return try fromHistory(id) }
        }
        if let t = threadKey {
            if let id = byThread[key(t)], let c = try current(id) { return c }
            if let id = source.historyCaseID(channel: m.channel, threadKey: t) { return try fromHistory(id) }
        }
        return nil
    }

    private func fromHistory(_ id: String) throws -> Case? {
        if let c = try current(id) { return c } // reopened earlier in this import
        return try source.historyCase(id: id)
    }

    /// Files one message. Changes are collected; `commit` makes them durable.
    public func add(_ m: InboundMessage) throws {
        var m = m
        StoreLimits.clamp(&m, now: now) // buyer-written numbers and dates: kept within what the store reads back
        let msgKey = Key(m.channel, m.messageId)
        // A message filed before is a duplicate, also when a purge has since renamed its id.
        let purgedID = PersonalData.purgedID(m.messageId)
        let filedClosed = { (id: String) in self.source.historyCaseID(channel: m.channel, messageId: id).map { !self.source.isOpen($0) } ?? false }
        if byMessage[msgKey] != nil || byMessage[Key(m.channel, purgedID)] != nil || filedClosed(m.messageId) || filedClosed(purgedID) {
            summary.duplicates += 1
            return
        }
        // Without a sender there is no conversation to join: headerless junk gets a case of its own.
        let threadKey = m.orderId == nil && !(m.from.address ?? "").isEmpty ? Self.threadKey(address: m.from.address, subject: m.subject) : nil
        var c: Case
        var found = try findCase(for: m, threadKey: threadKey)
        // Taken out of `touched` while it changes, so adding to a long thread does not copy its
        // messages each time (copy-on-write of a shared array).
        let wasTouched = found.map { touched.removeValue(forKey: $0.id) != nil } ?? false
        if found != nil {
            c = found.take()!
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
            summary.newCases += 1
        }
        switch m.filing {
        case .request: fileRequest(m, into: &c)
        case .event(let type): fileEvent(type, m, into: &c)
        case .sellerCopy: fileSellerCopy(m, into: &c)
        }
        if !m.warnings.isEmpty { summary.warned += 1 }
        c.marketplace = c.marketplace ?? m.marketplace
        if c.order?.items.isEmpty == true { c.order?.items = m.items }
        c.updatedAt = max(c.updatedAt, m.receivedAt)
        summary.newMessages += 1
        if !wasTouched { touchedOrder.append(c.id) }
        if indexedAtStart[c.id] == nil && indexed.insert(c.id).inserted {
            index(c)   // new, or back from history with its old messages
        } else {
            // What `index` would find new: the message (or the filed notice) this add recorded.
            let recorded: Bool
            switch m.filing {
            case .request, .sellerCopy: recorded = true
            case .event(let type): recorded = type.isFiledNotice
            }
            if recorded { byMessage[Key(c.channel, m.messageId)] = c.id }
            if let o = c.order?.id { byOrder[Key(c.channel, o)] = c.id }
            if let t = c.threadKey { byThread[Key(c.channel, t)] = c.id }
        }
        touched[c.id] = c
    }

    private func fileRequest(_ m: InboundMessage, into c: inout Case) {
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
            } else if m.category == nil, !agentChoseCategory(c) {
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
    private func agentChoseCategory(_ c: Case) -> Bool {
        if let known = agentChose[c.id] { return known }
        let chose = c.liveEvents.contains { $0.type == .categoryChanged }
        agentChose[c.id] = chose
        return chose
    }
    private var agentChose: [String: Bool] = [:]

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
        let changed = takeChanged()
        do { try store.save(changed) } catch {
            for c in changed { touched[c.id] = c; touchedOrder.append(c.id) }   // still to write, as before the call
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
