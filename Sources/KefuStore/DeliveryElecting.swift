import Foundation

/// A team store's choice of the one running kefu that delivers the shared outbox and files new mail
/// (`DelivererElection`, a PostgreSQL advisory lock). The inbox runtime starts it and hears of every
/// change: it delivers and runs the intake only while `changed` last said true.
public protocol DeliveryElecting: AnyObject, Sendable {
    /// Tries now and then every `interval` seconds on a thread of its own; `changed` is called (on that
    /// thread) whenever this kefu becomes or stops being the deliverer.
    func start(every interval: TimeInterval, changed: @escaping @Sendable (Bool) -> Void)
    /// Stops trying and lets go, so another kefu takes over.
    func stop()
}
