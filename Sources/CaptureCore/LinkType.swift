/// The link-layer header type of a capture: what comes before the IP header.
///
/// Linux loopback (`lo`) captures Ethernet frames with zero addresses; macOS `lo0` uses
/// the 4-byte BSD loopback header; the Linux `any` device uses the "cooked" SLL or SLL2
/// headers; some tunnels and files carry raw IP; `nflog:N` carries netfilter log messages.
public enum LinkType: Hashable, Sendable, CustomStringConvertible {
    case ethernet
    /// BSD loopback: a 4-byte address family in the capturing host's byte order (DLT_NULL).
    case bsdLoopback
    /// OpenBSD loopback: the same family in network byte order (DLT_LOOP).
    case openBSDLoopback
    case linuxCooked
    case linuxCooked2
    case rawIP
    case rawIPv4
    case rawIPv6
    /// Linux netfilter log (iptables/nftables NFLOG): a small header, then TLVs, one of
    /// which holds the IP packet.
    case nflog
    case unsupported(Int32)

    /// Maps a libpcap DLT_ value (what `pcap_datalink` returns).
    public init(dlt: Int32) {
        switch dlt {
        case 0: self = .bsdLoopback
        case 1: self = .ethernet
        case 12, 14, 101: self = .rawIP
        case 108: self = .openBSDLoopback
        case 113: self = .linuxCooked
        case 276: self = .linuxCooked2
        case 228: self = .rawIPv4
        case 229: self = .rawIPv6
        case 239: self = .nflog
        default: self = .unsupported(dlt)
        }
    }

    /// The LINKTYPE_ value written in pcap file headers.
    public var linkTypeValue: UInt32 {
        switch self {
        case .bsdLoopback: return 0
        case .ethernet: return 1
        case .rawIP: return 101
        case .openBSDLoopback: return 108
        case .linuxCooked: return 113
        case .linuxCooked2: return 276
        case .rawIPv4: return 228
        case .rawIPv6: return 229
        case .nflog: return 239
        case .unsupported(let v): return UInt32(bitPattern: v)
        }
    }

    /// Maps a LINKTYPE_ value read from a file header.
    public init(linkTypeValue: UInt32) {
        self.init(dlt: linkTypeValue == 101 ? 12 : Int32(bitPattern: linkTypeValue))
    }

    /// The DLT_ value for libpcap calls such as `pcap_open_dead`.
    public var dlt: Int32 {
        switch self {
        case .rawIP: return 12
        default: return Int32(bitPattern: linkTypeValue)
        }
    }

    /// The name tcpdump prints in "link-type EN10MB (Ethernet)".
    public var description: String {
        switch self {
        case .ethernet: return "EN10MB (Ethernet)"
        case .bsdLoopback: return "NULL (BSD loopback)"
        case .openBSDLoopback: return "LOOP (OpenBSD loopback)"
        case .linuxCooked: return "LINUX_SLL (Linux cooked v1)"
        case .linuxCooked2: return "LINUX_SLL2 (Linux cooked v2)"
        case .rawIP: return "RAW (Raw IP)"
        case .rawIPv4: return "IPV4 (Raw IPv4)"
        case .rawIPv6: return "IPV6 (Raw IPv6)"
        case .nflog: return "NFLOG (Linux netfilter log messages)"
        case .unsupported(let v): return "DLT \(v) (unsupported)"
        }
    }
}
