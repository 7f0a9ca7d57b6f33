#if canImport(Glibc)
import NetworkTypes
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX error number with Swift names for the ones the panes explain.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The current thread's `errno`.
    static var current: Errno { Errno(rawValue: errno) }

    /// The C library's own words for this error ("Connection refused").
    public var description: String { String(cString: strerror(rawValue)) }

    public static let addressInUse = Errno(rawValue: EADDRINUSE)
    public static let addressNotAvailable = Errno(rawValue: EADDRNOTAVAIL)
    public static let permissionDenied = Errno(rawValue: EACCES)
    public static let connectionRefused = Errno(rawValue: ECONNREFUSED)
    public static let connectionReset = Errno(rawValue: ECONNRESET)
    public static let timedOut = Errno(rawValue: ETIMEDOUT)
    public static let networkUnreachable = Errno(rawValue: ENETUNREACH)
    public static let hostUnreachable = Errno(rawValue: EHOSTUNREACH)
    public static let tooManyOpenFiles = Errno(rawValue: EMFILE)
    public static let tooManyOpenFilesInSystem = Errno(rawValue: ENFILE)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let inProgress = Errno(rawValue: EINPROGRESS)
    public static let interrupted = Errno(rawValue: EINTR)
    public static let notPermitted = Errno(rawValue: EPERM)
    public static let addressFamilyNotSupported = Errno(rawValue: EAFNOSUPPORT)

    var isWouldBlock: Bool { rawValue == EAGAIN || rawValue == EWOULDBLOCK }
}
