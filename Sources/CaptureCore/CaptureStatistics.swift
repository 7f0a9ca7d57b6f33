/// libpcap's own counters for a live capture.
public struct CaptureStatistics: Hashable, Sendable {
    /// Packets that passed the filter (libpcap's ps_recv).
    public var received: UInt32
    /// Packets the kernel dropped because the capture buffer was full.
    public var droppedByKernel: UInt32
    /// Packets the interface or driver dropped.
    public var droppedByInterface: UInt32

    public init(received: UInt32, droppedByKernel: UInt32, droppedByInterface: UInt32) {
        self.received = received
        self.droppedByKernel = droppedByKernel
        self.droppedByInterface = droppedByInterface
    }
}

extension CaptureStatistics {
    /// What tcpdump writes to standard error when a live capture ends: `2 packets
    /// captured` and libpcap's counters, each on its own line. After Ctrl-C it starts with
    /// an empty line, so the counters do not run on after the `^C` the terminal echoed.
    public static func report(captured: Int, statistics: CaptureStatistics?, interrupted: Bool) -> String {
        func count(_ n: Int, _ what: String) -> String { "\(n) packet\(n == 1 ? "" : "s") \(what)\n" }
        var text = interrupted ? "\n" : ""
        text += count(captured, "captured")
        if let statistics {
            text += count(Int(statistics.received), "received by filter")
            text += count(Int(statistics.droppedByKernel), "dropped by kernel")
            if statistics.droppedByInterface != 0 { text += count(Int(statistics.droppedByInterface), "dropped by interface") }
        }
        return text
    }
}
