import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A descriptor an I/O source wants watched, and for what (POLLIN, POLLOUT).
public struct PollRequest: Sendable, Hashable {
    public var descriptor: Int32
    public var events: Int16

    public init(descriptor: Int32, events: Int16) {
        self.descriptor = descriptor
        self.events = events
    }
}

/// One kind of I/O the run loop drives for `update`: sockets, the capture, the socket
/// table. A source never blocks; it says which descriptors to poll and when it next wants
/// to be woken, and turns readiness and deadlines into events. The effects meant for it
/// reach it through its own typed method, routed by `Session`'s switch over `Effect`.
public protocol IOSource: AnyObject {
    /// The descriptors to poll now (asked before every poll).
    var pollRequests: [PollRequest] { get }
    /// When this source next wants `deadlineReached`, in run-loop time; nil for never.
    var nextDeadline: Duration? { get }
    /// One of this source's descriptors is ready.
    func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event]
    /// The deadline has come.
    func deadlineReached(now: Duration) -> [Event]
    /// Closes everything, on the way out.
    func shutDown()
}
