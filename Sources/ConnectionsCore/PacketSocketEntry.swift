import NetworkTypes

/// One packet (AF_PACKET) socket, a line of `/proc/net/packet`: how a program receives
/// whole frames from an interface. Every live capture holds one (tcpdump, Wireshark's
/// dumpcap, porttutor's own), and so do a few daemons (DHCP clients), so the holder
/// matters as much as the interface.
public struct PacketSocketEntry: Hashable, Sendable {
    /// How frames arrive: with their link header (`SOCK_RAW`, `tcpdump -i lo`) or without
    /// (`SOCK_DGRAM`, libpcap's "cooked" mode for `-i any`).
    public enum Kind: Hashable, Sendable {
        case raw
        case datagram
        case other(Int)

        /// The kernel's socket type number (`SOCK_RAW` is 3, `SOCK_DGRAM` 2 on Linux).
        public init(kernelType: Int) {
            switch kernelType {
            case 3: self = .raw
            case 2: self = .datagram
            default: self = .other(kernelType)
            }
        }
    }

    public var kind: Kind
    /// The Ethernet protocol it receives, in host order: 0x0003 (`ETH_P_ALL`) for a capture,
    /// 0x0800 for IPv4 only, 0 for nothing yet.
    public var protocolNumber: UInt16
    /// The interface it is bound to, 0 for every interface (`tcpdump -i any`).
    public var interfaceIndex: UInt32
    /// The interface's name (`lo`); nil when bound to every interface.
    public var interfaceName: String?
    /// Whether the kernel hands it frames now (the `R` column): a socket that is not
    /// running (no protocol yet, or its interface went away) receives nothing.
    public var isRunning: Bool
    /// The user id that created the socket.
    public var uid: UInt32
    /// What `/proc/PID/fd/N` links to as `socket:[INODE]`, to find the holders.
    public var inode: UInt64
    /// The processes holding it, filled in by ``ProcessMap`` when owners were read; nil
    /// when nobody asked.
    public var processes: [SocketProcess]?

    public init(kind: Kind, protocolNumber: UInt16, interfaceIndex: UInt32, interfaceName: String? = nil,
                isRunning: Bool, uid: UInt32 = 0, inode: UInt64, processes: [SocketProcess]? = nil) {
        self.kind = kind
        self.protocolNumber = protocolNumber
        self.interfaceIndex = interfaceIndex
        self.interfaceName = interfaceName
        self.isRunning = isRunning
        self.uid = uid
        self.inode = inode
        self.processes = processes
    }

    /// Bound to every interface rather than one.
    public var isOnEveryInterface: Bool { interfaceIndex == 0 }
}
