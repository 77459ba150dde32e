import Foundation

/// A value worked out on another thread while this one does something else (the playbook, while
/// the store opens: opening is mostly one core's work, and the machine has two).
final class Prefetch<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> T) {
        Thread.detachNewThread { [self] in
            result = Result(catching: work)
            done.signal()
        }
    }

    /// Waits for the value (or rethrows its error).
    func value() throws -> T {
        done.wait()
        done.signal()   // a second call does not wait forever
        return try result!.get()
    }
}
