import NetworkTypes
import ToolCommands

/// A POSIX error number with Swift names for the ones the panes explain.
///
/// The numbers are the platform's ABI constants and the words glibc's `strerror` gives, so
/// the sessions and teaching errors can match and explain them without the C library; the
/// Sockets target fills in the system's own words for any other error it meets
/// (``init(rawValue:message:)``).
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    /// The system's words, when the edge read them for an error this table does not name.
    private let systemMessage: String?

    public init(rawValue: Int32, message: String? = nil) {
        self.rawValue = rawValue
        self.systemMessage = message
    }

    /// The C library's own words for this error ("Connection refused").
    public var description: String {
        Self.known.first { $0.errno.rawValue == rawValue }?.message ?? systemMessage ?? "Unknown error \(rawValue)"
    }

    public static func == (lhs: Errno, rhs: Errno) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    #if canImport(Darwin)
    public static let notPermitted = Errno(rawValue: 1)
    public static let interrupted = Errno(rawValue: 4)
    public static let permissionDenied = Errno(rawValue: 13)
    public static let tooManyOpenFilesInSystem = Errno(rawValue: 23)
    public static let tooManyOpenFiles = Errno(rawValue: 24)
    public static let wouldBlock = Errno(rawValue: 35)
    public static let inProgress = Errno(rawValue: 36)
    public static let addressFamilyNotSupported = Errno(rawValue: 47)
    public static let addressInUse = Errno(rawValue: 48)
    public static let addressNotAvailable = Errno(rawValue: 49)
    public static let networkUnreachable = Errno(rawValue: 51)
    public static let connectionReset = Errno(rawValue: 54)
    public static let timedOut = Errno(rawValue: 60)
    public static let connectionRefused = Errno(rawValue: 61)
    public static let hostUnreachable = Errno(rawValue: 65)
    #else
    public static let notPermitted = Errno(rawValue: 1)
    public static let interrupted = Errno(rawValue: 4)
    public static let wouldBlock = Errno(rawValue: 11)
    public static let permissionDenied = Errno(rawValue: 13)
    public static let tooManyOpenFilesInSystem = Errno(rawValue: 23)
    public static let tooManyOpenFiles = Errno(rawValue: 24)
    public static let addressFamilyNotSupported = Errno(rawValue: 97)
    public static let addressInUse = Errno(rawValue: 98)
    public static let addressNotAvailable = Errno(rawValue: 99)
    public static let networkUnreachable = Errno(rawValue: 101)
    public static let connectionReset = Errno(rawValue: 104)
    public static let timedOut = Errno(rawValue: 110)
    public static let connectionRefused = Errno(rawValue: 111)
    public static let hostUnreachable = Errno(rawValue: 113)
    public static let inProgress = Errno(rawValue: 115)
    #endif

    /// The errors porttutor explains, with glibc's words for each.
    public static let known: [(errno: Errno, message: String)] = [
        (.notPermitted, "Operation not permitted"),
        (.interrupted, "Interrupted system call"),
        (.wouldBlock, "Resource temporarily unavailable"),
        (.permissionDenied, "Permission denied"),
        (.tooManyOpenFilesInSystem, "Too many open files in system"),
        (.tooManyOpenFiles, "Too many open files"),
        (.addressFamilyNotSupported, "Address family not supported by protocol"),
        (.addressInUse, "Address already in use"),
        (.addressNotAvailable, "Cannot assign requested address"),
        (.networkUnreachable, "Network is unreachable"),
        (.connectionReset, "Connection reset by peer"),
        (.timedOut, "Connection timed out"),
        (.connectionRefused, "Connection refused"),
        (.hostUnreachable, "No route to host"),
        (.inProgress, "Operation now in progress"),
    ]
}
