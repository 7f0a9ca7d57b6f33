import ToolCommands
import NetworkTypes
import SafeText

/// What a client session wants done after one step: lines to show, bytes to send, and
/// whether the connection should now close.
public struct ClientStep {
    public var lines: [PaneLine] = []
    public var partialLine: SafeText?
    public var send: [UInt8] = []
    public var close = false
    public var prompt: String??  // .some(nil) = prompt cleared
    public var httpStatus: (status: Int, reason: String)?
    /// An HTTP client (curl) finished its exchange: how it ended.
    public var httpFinished: HTTPExchangeOutcome?

    public init(lines: [PaneLine] = [], send: [UInt8] = [], close: Bool = false) {
        self.lines = lines
        self.send = send
        self.close = close
    }
}

/// The behaviour of one client tool (telnet, nc, curl) around a connection the hub makes.
///
/// Sessions are plain values: they never touch a socket, so their output is tested as text.
public protocol ClientSession {
    var host: String { get }
    var port: UInt16 { get }
    var transport: TransportProtocol { get }
    var family: AddressFamily? { get }
    var connectTimeoutSeconds: Int { get }

    /// About to connect to `address` (one of possibly several).
    mutating func trying(_ address: SocketAddress) -> [PaneLine]
    /// One address failed and another will be tried next.
    mutating func attemptFailed(_ address: SocketAddress, _ error: Errno) -> [PaneLine]
    mutating func connected(local: SocketAddress, remote: SocketAddress) -> ClientStep
    mutating func received(_ bytes: ArraySlice<UInt8>) -> ClientStep
    /// The peer closed its side (read returned 0).
    mutating func peerClosed() -> ClientStep
    /// The learner pressed Enter on a line.
    mutating func userLine(_ text: String) -> ClientStep
    /// The learner pressed Ctrl-].
    mutating func escape() -> ClientStep
    /// The connection could not be made, or broke: the tool's own line, then the teaching.
    func failed(_ error: TeachingError, errno: Errno?, elapsedMilliseconds: Int) -> [PaneLine]
}

extension ClientSession {
    public func teachingLines(_ error: TeachingError) -> [PaneLine] {
        error.lines.map { PaneLine(.explanation, $0) }
    }

    public func describeFailure(_ error: TeachingError, errno: Errno?) -> String {
        if let errno { return errno.description }
        switch error.kind {
        case .nameNotFound: return ResolutionFailure.nameNotFound.message
        case .offline: return "Temporary failure in name resolution"
        case .timedOut: return "Connection timed out"
        default: return error.summary
        }
    }
}

/// Text the learner typed, as bytes, ending as the tool ends lines.
public enum LineEnding {
    case lf, crlf

    public func bytes(for text: String) -> [UInt8] {
        Array(text.utf8) + (self == .crlf ? [13, 10] : [10])
    }
}
