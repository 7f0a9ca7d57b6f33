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
