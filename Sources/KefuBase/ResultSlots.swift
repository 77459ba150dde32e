import Foundation

/// Fixed slots that concurrent workers fill, one slot each (so no two threads touch the same one).
package final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    package init(count: Int) { slots = Array(repeating: nil, count: count) }
    package func set(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
    package var values: [T?] { lock.lock(); defer { lock.unlock() }; return slots }
}

/// `work` over `0..<count` on every core: split into contiguous ranges (`perCore` a core, each at least
/// `minimum` long, one when there is little), each range's result in order.
package func inChunks<T>(_ count: Int, minimum: Int, perCore: Int = 1, _ work: @Sendable (Range<Int>) -> T) -> [T] {
    let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * perCore, count / max(1, minimum)))
    let slots = ResultSlots<T>(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { k in
        slots.set(k, work((count * k / chunks)..<(count * (k + 1) / chunks)))
    }
    return slots.values.map { $0! }
}
