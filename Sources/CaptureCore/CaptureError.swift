/// Why capturing or reading packets failed, with what it means and what to do.
///
/// The pane shows ``message`` as is; the headless command prints it and exits non-zero.
/// Everything else in porttutor keeps working after any of these.
public enum CaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The process may not open a capture device.
    case permissionDenied(interface: String, executable: String, detail: String)
    /// No interface has that name.
    case noSuchDevice(interface: String, available: [String], suggestion: String?)
    /// The interface exists but is down.
    case interfaceDown(interface: String)
    /// libpcap could not compile the filter expression.
    case badFilter(expression: String, reason: String)
    /// A capture file could not be opened or read.
    case cannotOpenFile(path: String, reason: String)
    /// A capture file could not be written.
    case cannotWriteFile(path: String, reason: String)
    /// Any other libpcap failure, with libpcap's words.
    case captureFailed(interface: String, reason: String)

    public var description: String { message }

    /// Plain words: what happened, what it means, what to do.
    public var message: String {
        switch self {
        case let .permissionDenied(interface, executable, detail):
            #if os(macOS)
            return """
            Cannot capture packets on \(interface): permission denied (\(detail)).
            On macOS, capturing needs read access to the /dev/bpf* devices. Either run porttutor \
            with sudo, or install Wireshark's "ChmodBPF" helper, which gives your user that access.
            Everything else in porttutor keeps working without it.
            """
            #else
            return """
            Cannot capture packets on \(interface): permission denied (\(detail)).
            Capturing needs two Linux capabilities: CAP_NET_RAW (to open a packet socket) and \
            CAP_NET_ADMIN (to set the interface up for capture). Either run porttutor as root \
            (sudo), or give the installed binary those capabilities once:
                sudo setcap cap_net_raw,cap_net_admin=eip \(executable)
            Everything else in porttutor keeps working without it.
            """
            #endif
        case let .noSuchDevice(interface, available, suggestion):
            var text = "There is no network interface called \"\(interface)\"."
            if let suggestion { text += " " + suggestion }
            #if os(macOS)
            text += " The loopback interface is lo0 on macOS."
            #else
            text += " The loopback interface is lo on Linux (lo0 is its name on macOS)."
            #endif
            if !available.isEmpty { text += "\nInterfaces here: " + available.joined(separator: ", ") + "." }
            return text
        case let .interfaceDown(interface):
            return "The interface \(interface) is down, so no packets can be captured on it. Bring it up (sudo ip link set \(interface) up) or pick another interface."
        case let .badFilter(expression, reason):
            return """
            The filter "\(expression)" is not a valid tcpdump expression: \(reason).
            Filters look like: port 8080, dst port 8080, host 127.0.0.1, tcp, udp, tcp and port 8080.
            """
        case let .cannotOpenFile(path, reason):
            return "Cannot read the capture file \(path): \(reason). It must be a pcap or pcapng file, such as one written by tcpdump -w or Wireshark."
        case let .cannotWriteFile(path, reason):
            return "Cannot write the capture file \(path): \(reason). Check that the folder exists and that you may write there."
        case let .captureFailed(interface, reason):
            return "Capturing on \(interface) failed: \(reason)."
        }
    }
}
