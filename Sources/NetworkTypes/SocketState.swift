/// A socket's state as the kernel numbers it (`include/net/tcp_states.h`): one enum for the
/// socket table, ss and netstat's output, and the lesson checks, with each tool's spelling.
///
/// UDP sockets use only two of them: `established` (connected with `connect()`) and `close`
/// (not connected; ss calls it UNCONN).
public enum SocketState: UInt8, Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case unknown = 0
    case established = 1
    case synSent = 2
    case synReceived = 3
    case finWait1 = 4
    case finWait2 = 5
    case timeWait = 6
    case close = 7
    case closeWait = 8
    case lastAck = 9
    case listen = 10
    case closing = 11

    /// Maps a kernel state number, folding the kernel-internal ones (NEW_SYN_RECV = 12,
    /// BOUND_INACTIVE = 13) onto what ss and netstat show for them.
    public init(kernelValue: UInt8) {
        switch kernelValue {
        case 12: self = .synReceived
        case 13: self = .close
        default: self = SocketState(rawValue: kernelValue) ?? .unknown
        }
    }

    /// Reads the spellings of `ss` (`ESTAB`, `SYN-RECV`, `UNCONN`), `netstat` (`ESTABLISHED`,
    /// `SYN_RECV`, `FIN_WAIT1`) and the RFC (`SYN-RECEIVED`, `CLOSED`), in any case: what a
    /// lesson file's `state:` may say. `CLOSE` and `UNCONN` are the same kernel state (a
    /// socket that is not connected: a bound UDP socket, for one). `UNKNOWN` is not a name.
    public init?(name: String) {
        let key = name.uppercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        guard let state = SocketState.aliases[key] else { return nil }
        self = state
    }

    /// `init(name:)`'s table, keyed by the name in upper case without `-`, `_` or spaces.
    private static let aliases: [String: SocketState] = [
        "LISTEN": .listen, "LISTENING": .listen,
        "SYNSENT": .synSent,
        "SYNRECV": .synReceived, "SYNRECEIVED": .synReceived, "SYNRCVD": .synReceived,
        "ESTAB": .established, "ESTABLISHED": .established,
        "FINWAIT1": .finWait1, "FINWAIT2": .finWait2,
        "TIMEWAIT": .timeWait,
        "CLOSE": .close, "CLOSED": .close, "UNCONN": .close, "UNCONNECTED": .close,
        "CLOSEWAIT": .closeWait,
        "LASTACK": .lastAck,
        "CLOSING": .closing,
    ]

    /// The name lesson checks' notes and diagnostics write: ss's, with `ESTABLISHED` spelled
    /// out as the RFC and netstat write it (`LISTEN`, `ESTABLISHED`, `TIME-WAIT`, `UNCONN`).
    public var description: String {
        self == .established ? "ESTABLISHED" : ssName
    }

    /// The name ss prints: `ESTAB`, `LISTEN`, `TIME-WAIT`, `UNCONN`, …
    public var ssName: String {
        switch self {
        case .unknown: return "UNKNOWN"
        case .established: return "ESTAB"
        case .synSent: return "SYN-SENT"
        case .synReceived: return "SYN-RECV"
        case .finWait1: return "FIN-WAIT-1"
        case .finWait2: return "FIN-WAIT-2"
        case .timeWait: return "TIME-WAIT"
        case .close: return "UNCONN"
        case .closeWait: return "CLOSE-WAIT"
        case .lastAck: return "LAST-ACK"
        case .listen: return "LISTEN"
        case .closing: return "CLOSING"
        }
    }

    /// The name Linux netstat prints for a TCP socket: `ESTABLISHED`, `TIME_WAIT`, …
    public var netstatName: String {
        switch self {
        case .unknown: return ""
        case .established: return "ESTABLISHED"
        case .synSent: return "SYN_SENT"
        case .synReceived: return "SYN_RECV"
        case .finWait1: return "FIN_WAIT1"
        case .finWait2: return "FIN_WAIT2"
        case .timeWait: return "TIME_WAIT"
        case .close: return "CLOSE"
        case .closeWait: return "CLOSE_WAIT"
        case .lastAck: return "LAST_ACK"
        case .listen: return "LISTEN"
        case .closing: return "CLOSING"
        }
    }

    /// What netstat prints in the State column for a socket of `transport`: UDP sockets show
    /// `ESTABLISHED` when connected, nothing when not.
    public func netstatName(for transport: TransportProtocol) -> String {
        guard transport == .udp else { return netstatName }
        switch self {
        case .established: return "ESTABLISHED"
        case .close: return ""
        default: return "UNKNOWN"
        }
    }

    /// One plain sentence for a learner hovering over the state.
    public var explanation: String {
        switch self {
        case .unknown: return "The kernel reported a state porttutor does not know."
        case .established: return "Connected: both sides can send data."
        case .synSent: return "Connecting: sent SYN, waiting for the other side's SYN-ACK."
        case .synReceived: return "A client's SYN arrived; the handshake is not finished yet."
        case .finWait1: return "This side closed and sent FIN; waiting for it to be acknowledged."
        case .finWait2: return "This side closed; waiting for the other side to close too."
        case .timeWait: return "Closed; the kernel keeps the ports reserved a while so late packets cannot confuse a new connection."
        case .close: return "Not connected (for UDP: bound and waiting for datagrams)."
        case .closeWait: return "The other side closed; this program has not closed its end yet."
        case .lastAck: return "Both sides closed; waiting for the last acknowledgement."
        case .listen: return "A server waiting for connections."
        case .closing: return "Both sides closed at the same time; waiting for acknowledgements."
        }
    }

    public static func < (lhs: SocketState, rhs: SocketState) -> Bool { lhs.rawValue < rhs.rawValue }
}
