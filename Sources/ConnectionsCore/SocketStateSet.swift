import NetworkTypes

/// A set of socket states, as the bit mask the kernel's `idiag_states` field expects
/// (bit N set = state N wanted).
public struct SocketStateSet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ state: SocketState) { rawValue = 1 << UInt32(state.rawValue) }

    public init(_ states: [SocketState]) {
        self = states.reduce(into: SocketStateSet()) { $0.insert(SocketStateSet($1)) }
    }

    public func contains(_ state: SocketState) -> Bool { rawValue & (1 << UInt32(state.rawValue)) != 0 }

    /// Every state (ss `-a`, netstat `-a`).
    public static let all = SocketStateSet(rawValue: (1 << 12) - 1)
    /// Listening sockets: TCP LISTEN and unconnected UDP (ss `-l`, netstat `-l`).
    public static let listening = SocketStateSet([.listen, .close])
    /// What ss shows without `-a` or `-l`: everything but LISTEN, UNCONN, TIME-WAIT and SYN-RECV.
    public static let ssConnected = SocketStateSet.all.subtracting(SocketStateSet([.listen, .close, .timeWait, .synReceived]))
    /// What netstat shows without `-a` or `-l`: everything but listening sockets.
    public static let netstatConnected = SocketStateSet.all.subtracting(.listening)

    /// The states in the set, in kernel order.
    public var states: [SocketState] { SocketState.allCases.filter { contains($0) } }

    /// True when exactly one state is in the set (ss then leaves out its State column).
    public var isSingleState: Bool { rawValue != 0 && rawValue & (rawValue - 1) == 0 }
}
