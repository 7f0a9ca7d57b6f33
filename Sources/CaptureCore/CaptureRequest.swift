/// What to capture and how to print it: the meaning of a tcpdump command line.
public struct CaptureRequest: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// Live capture on an interface (`-i`, `--interface`).
        case interface(String)
        /// Read a capture file (`-r`, `--replay`).
        case file(String)
    }

    /// nil: the loopback interface.
    public var source: Source?
    public var options: PrintOptions
    /// `-c N`: stop after N packets.
    public var count: Int?
    /// `-w FILE`: save packets to a pcap file instead of printing them.
    public var writePath: String?
    /// The tcpdump filter expression, "" for every packet.
    public var filter: String
    /// `-l`: print each packet as soon as it is captured, even into a pipe.
    public var lineBuffered = false
    /// `--force`: `-w` may replace an existing file that is not a capture.
    public var overwrite: Bool = false

    public init(source: Source? = nil, options: PrintOptions = PrintOptions(numeric: false), count: Int? = nil,
                writePath: String? = nil, filter: String = "") {
        self.source = source
        self.options = options
        self.count = count
        self.writePath = writePath
        self.filter = filter
    }

    /// The interface a live capture opens.
    public var interface: String {
        if case .interface(let name) = source { return name }
        return InterfaceNames.loopback
    }
}
