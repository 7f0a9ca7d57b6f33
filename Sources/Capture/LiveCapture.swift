import CaptureCore
import CPcap
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension InterfaceNames {
    /// The capture devices libpcap can see.
    public static func available() -> [String] {
        var list: UnsafeMutablePointer<pcap_if_t>?
        var errbuf = [CChar](repeating: 0, count: Int(pt_pcap_errbuf_size()))
        guard pcap_findalldevs(&list, &errbuf) == 0, let first = list else { return [] }
        defer { pcap_freealldevs(first) }
        var names: [String] = []
        var cursor: UnsafeMutablePointer<pcap_if_t>? = first
        while let device = cursor {
            if let name = device.pointee.name { names.append(String(cString: name)) }
            cursor = device.pointee.next
        }
        return names
    }
}

/// A live capture on one interface, driven by the run loop's poll().
///
/// Opened by default in immediate mode (each packet is delivered as soon as it is
/// captured, not when a kernel buffer block fills or its 100 ms timeout expires) and
/// non-blocking. Immediate mode costs throughput: on Linux libpcap then uses a ring of
/// fixed-size frames, so a flood fills it sooner; `immediate: false` is what tcpdump uses
/// when its output is not a terminal. The run loop polls ``fileDescriptor``
/// for reading and calls ``readAvailable(limit:_:)`` when it is readable; nothing here
/// blocks, sleeps or starts a thread.
public final class LiveCapture {
    private var handle: OpaquePointer?
    /// The interface actually opened (after mapping `lo0` to `lo` on Linux).
    public let interface: String
    /// Set when the name the learner typed was mapped to this platform's name.
    public let interfaceNote: String?
    public let linkType: LinkType
    public let snapshotLength: Int
    /// The descriptor to poll for POLLIN; -1 once closed.
    public private(set) var fileDescriptor: Int32

    public init(interface requested: String = InterfaceNames.loopback, filter: String = "",
                snapshotLength: Int = 262144, bufferSize: Int = 4 << 20, immediate: Bool = true) throws(CaptureError) {
        let available = InterfaceNames.available()
        let (name, note) = InterfaceNames.resolve(requested, available: available)
        interface = name
        interfaceNote = note
        self.snapshotLength = snapshotLength
        var errbuf = [CChar](repeating: 0, count: Int(pt_pcap_errbuf_size()))
        guard let handle = pcap_create(name, &errbuf) else {
            throw .captureFailed(interface: name, reason: cString(errbuf))
        }
        pcap_set_snaplen(handle, Int32(snapshotLength))
        pcap_set_immediate_mode(handle, immediate ? 1 : 0)
        pcap_set_buffer_size(handle, Int32(clamping: bufferSize))
        pcap_set_timeout(handle, 100)
        let status = pcap_activate(handle)
        if status < 0 {
            let reason = cString(pcap_geterr(handle))
            let statusText = cString(pcap_statustostr(status))
            pcap_close(handle)
            let detail = reason.isEmpty ? statusText : reason
            switch status {
            case pt_pcap_error_perm_denied(), pt_pcap_error_promisc_perm_denied():
                throw .permissionDenied(interface: name, executable: currentExecutablePath(), detail: detail)
            case pt_pcap_error_no_such_device():
                throw .noSuchDevice(interface: requested, available: available, suggestion: note)
            case pt_pcap_error_iface_not_up():
                throw .interfaceDown(interface: name)
            default:
                if detail.contains("Operation not permitted") || detail.contains("ermission denied") {
                    throw .permissionDenied(interface: name, executable: currentExecutablePath(), detail: detail)
                }
                throw .captureFailed(interface: name, reason: detail)
            }
        }
        self.handle = handle
        linkType = LinkType(dlt: pcap_datalink(handle))
        if pcap_setnonblock(handle, 1, &errbuf) != 0 {
            pcap_close(handle)
            throw .captureFailed(interface: name, reason: cString(errbuf))
        }
        fileDescriptor = pcap_get_selectable_fd(handle)
        if fileDescriptor < 0 {
            pcap_close(handle)
            throw .captureFailed(interface: name, reason: "this platform offers no descriptor to poll for the capture")
        }
        do {
            try applyFilter(filter, to: handle, netmask: pt_pcap_netmask_unknown())
        } catch {
            pcap_close(handle)
            self.handle = nil
            throw error
        }
    }

    deinit { close() }

    /// Replaces the filter on the open capture.
    public func setFilter(_ expression: String) throws(CaptureError) {
        guard let handle else { return }
        try applyFilter(expression, to: handle, netmask: pt_pcap_netmask_unknown())
    }

    private struct Delivery {
        var handler: (UnsafeRawBufferPointer, PacketHeader) -> Void
    }

    /// Hands every packet already captured to `body` (at most `limit`, or all with -1)
    /// and returns how many; 0 when none is waiting. Never blocks.
    @discardableResult
    public func readAvailable(limit: Int = -1, _ body: (UnsafeRawBufferPointer, PacketHeader) -> Void) throws(CaptureError) -> Int {
        guard let handle else { return 0 }
        let n: Int32 = withoutActuallyEscaping(body) { escapable in
            var delivery = Delivery(handler: escapable)
            return withUnsafeMutablePointer(to: &delivery) { pointer in
                pcap_dispatch(handle, Int32(clamping: limit), { user, header, data in
                    guard let user, let header, let data else { return }
                    let delivery = UnsafeMutableRawPointer(user).assumingMemoryBound(to: Delivery.self)
                    let h = PacketHeader(seconds: Int64(pt_pkthdr_sec(header)),
                                         microseconds: UInt32(truncatingIfNeeded: pt_pkthdr_usec(header)),
                                         capturedLength: Int(header.pointee.caplen), wireLength: Int(header.pointee.len))
                    delivery.pointee.handler(UnsafeRawBufferPointer(start: data, count: h.capturedLength), h)
                }, UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: UInt8.self))
            }
        }
        if n < 0 {
            if n == -2 { return 0 }  // pcap_breakloop
            throw .captureFailed(interface: interface, reason: cString(pcap_geterr(handle)))
        }
        return Int(n)
    }

    /// libpcap's counters, including packets the kernel dropped.
    public func statistics() -> CaptureStatistics? {
        guard let handle else { return nil }
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { return nil }
        return CaptureStatistics(received: stats.ps_recv, droppedByKernel: stats.ps_drop, droppedByInterface: stats.ps_ifdrop)
    }

    public func close() {
        if let handle { pcap_close(handle) }
        handle = nil
        fileDescriptor = -1
    }
}

/// The path of the running executable, for the `setcap` advice.
public func currentExecutablePath() -> String {
    #if os(Linux)
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    #endif
    return CommandLine.arguments.first ?? "porttutor"
}
