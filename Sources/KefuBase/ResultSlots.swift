import Foundation

/// Fixed slots that concurrent workers fill, one slot each (so no two threads touch the same one).
package final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    package init(count: Int) { slots = Array(repeating: nil, count: count) }
    package func set(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
    package var values: [T?] { lock.lock(); defer { lock.unlock() }; return slots }
}
