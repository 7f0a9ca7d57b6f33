import CaptureCore
import CPcap
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pcap or pcapng file through libpcap, packet by packet.
///
/// Reading a file never blocks for long, so the pane may read a whole file at once or a
/// slice per run-loop turn with ``next(_:)``.
public final class PcapFileReader {
    private let handle: OpaquePointer
    /// The bytes libpcap reads when the capture is in memory; freed after `pcap_close`.
    private var memory: UnsafeMutableRawPointer?
    public let path: String
    public let linkType: LinkType
    public let snapshotLength: Int

    public init(path: String) throws(CaptureError) {
        var errbuf = [CChar](repeating: 0, count: Int(pt_pcap_errbuf_size()))
        guard let handle = pcap_open_offline_with_tstamp_precision(path, UInt32(pt_pcap_tstamp_precision_micro()), &errbuf) else {
            throw .cannotOpenFile(path: path, reason: cString(errbuf))
        }
        self.handle = handle
        self.path = path
        self.linkType = LinkType(dlt: pcap_datalink(handle))
        self.snapshotLength = Int(pcap_snapshot(handle))
    }

    /// Reads a capture held in memory (a recording built into porttutor); `name` stands for
    /// the path in messages. libpcap reads it through `fmemopen`, as it would a file.
    public init(bytes: [UInt8], name: String) throws(CaptureError) {
        let copy = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        guard !bytes.isEmpty, let file = fmemopen(copy, bytes.count, "rb") else {
            copy.deallocate()
            throw .cannotOpenFile(path: name, reason: "the recording is empty")
        }
        var errbuf = [CChar](repeating: 0, count: Int(pt_pcap_errbuf_size()))
        guard let handle = pcap_fopen_offline_with_tstamp_precision(file, UInt32(pt_pcap_tstamp_precision_micro()), &errbuf) else {
            fclose(file)
            copy.deallocate()
            throw .cannotOpenFile(path: name, reason: cString(errbuf))
        }
        self.handle = handle
        self.memory = copy
        self.path = name
        self.linkType = LinkType(dlt: pcap_datalink(handle))
        self.snapshotLength = Int(pcap_snapshot(handle))
    }

    deinit {
        pcap_close(handle)
        memory?.deallocate()
    }

    /// Hands the next packet to `body`; the bytes are valid only during the call.
    /// Returns false at the end of the file.
    public func next(_ body: (UnsafeRawBufferPointer, PacketHeader) -> Void) throws(CaptureError) -> Bool {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let rc = pcap_next_ex(handle, &header, &data)
        if rc == 1, let header, let data {
            let h = PacketHeader(seconds: Int64(pt_pkthdr_sec(header)), microseconds: UInt32(truncatingIfNeeded: pt_pkthdr_usec(header)),
                                 capturedLength: Int(header.pointee.caplen), wireLength: Int(header.pointee.len))
            body(UnsafeRawBufferPointer(start: data, count: h.capturedLength), h)
            return true
        }
        if rc == -2 || rc == 0 { return false }
        throw .cannotOpenFile(path: path, reason: cString(pcap_geterr(handle)))
    }

    /// Applies a tcpdump filter expression to the packets still to be read.
    public func setFilter(_ expression: String) throws(CaptureError) {
        try applyFilter(expression, to: handle, netmask: pt_pcap_netmask_unknown())
    }
}

/// Writes the classic pcap format (microsecond timestamps, this host's byte order), which
/// tcpdump, Wireshark and every libpcap program read.
///
/// Written by hand rather than with `pcap_dump_open` so the pane can save its ring of
/// packets without a live libpcap handle, and so writes go through one buffered fd.
public final class PcapFileWriter {
    public let path: String
    private var fd: Int32
    private let buffer = OutputBuffer(capacity: 1 << 16)
    public private(set) var packetsWritten = 0

    public init(path: String, linkType: LinkType, snapshotLength: Int = 262144) throws(CaptureError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotWriteFile(path: path, reason: String(cString: strerror(errno))) }
        appendU32(0xA1B2_C3D4)
        appendU16(2); appendU16(4)
        appendU32(0); appendU32(0)
        appendU32(UInt32(clamping: snapshotLength))
        appendU32(linkType.linkTypeValue)
    }

    deinit { try? close() }

    private func appendU32(_ v: UInt32) { withUnsafeBytes(of: v) { for b in $0 { buffer.append(b) } } }
    private func appendU16(_ v: UInt16) { withUnsafeBytes(of: v) { for b in $0 { buffer.append(b) } } }

    public func write(_ bytes: UnsafeRawBufferPointer, header: PacketHeader) throws(CaptureError) {
        let caplen = min(bytes.count, header.capturedLength)
        appendU32(UInt32(truncatingIfNeeded: header.seconds))
        appendU32(header.microseconds)
        appendU32(UInt32(caplen))
        appendU32(UInt32(clamping: max(header.wireLength, caplen)))
        buffer.append(UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: caplen))
        packetsWritten += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(_ packet: CapturedPacket) throws(CaptureError) {
        var failure: CaptureError?
        packet.bytes.withUnsafeBytes { raw in
            do throws(CaptureError) { try write(raw, header: packet.header) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public func flush() throws(CaptureError) {
        guard fd >= 0 else { return }
        if !buffer.flush(to: fd) { throw .cannotWriteFile(path: path, reason: String(cString: strerror(errno))) }
    }

    public func close() throws(CaptureError) {
        guard fd >= 0 else { return }
        defer { Glibc_close(fd); fd = -1 }
        try flush()
    }
}

@inline(__always) private func Glibc_close(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}

func cString(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func cString(_ pointer: UnsafePointer<CChar>?) -> String {
    guard let pointer else { return "unknown error" }
    return String(cString: pointer)
}

/// Compiles `expression` with libpcap and installs it; libpcap's message on failure.
func applyFilter(_ expression: String, to handle: OpaquePointer, netmask: UInt32) throws(CaptureError) {
    guard !expression.trimmingCharacters(in: " ").isEmpty else { return }
    var program = bpf_program()
    if pcap_compile(handle, &program, expression, 1, netmask) != 0 {
        var reason = cString(pcap_geterr(handle))
        if let hint = CaptureFilter.whereItStops(expression, linkType: LinkType(dlt: pcap_datalink(handle))) { reason += "; " + hint }
        throw .badFilter(expression: expression, reason: reason)
    }
    defer { pcap_freecode(&program) }
    if pcap_setfilter(handle, &program) != 0 {
        throw .badFilter(expression: expression, reason: cString(pcap_geterr(handle)))
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> Substring {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return s
    }
}

/// Checks tcpdump filter expressions without a live capture (a "dead" libpcap handle).
public enum CaptureFilter {
    /// Throws ``CaptureError/badFilter(expression:reason:)`` if libpcap cannot compile it.
    public static func validate(_ expression: String, linkType: LinkType = .ethernet) throws(CaptureError) {
        guard let handle = pcap_open_dead(linkType.dlt, 262144) else { return }
        defer { pcap_close(handle) }
        try applyFilterCompileOnly(expression, handle: handle)
    }

    static func compiles(_ expression: String, handle: OpaquePointer) -> Bool {
        var program = bpf_program()
        guard pcap_compile(handle, &program, expression, 1, pt_pcap_netmask_unknown()) == 0 else { return false }
        pcap_freecode(&program)
        return true
    }

    /// For a syntax error, the longest start of the expression libpcap accepts and the
    /// words after it, so the learner sees where it went wrong.
    static func whereItStops(_ expression: String, linkType: LinkType) -> String? {
        let words = expression.split(separator: " ")
        guard words.count > 1, let handle = pcap_open_dead(linkType.dlt, 262144) else { return nil }
        defer { pcap_close(handle) }
        var good = 0
        for n in 1..<words.count where compiles(words.prefix(n).joined(separator: " "), handle: handle) { good = n }
        guard good > 0 else { return "it already fails at \"\(words[0])\"" }
        return "libpcap understands \"\(words.prefix(good).joined(separator: " "))\" and stops at \"\(words.dropFirst(good).joined(separator: " "))\""
    }

    private static func applyFilterCompileOnly(_ expression: String, handle: OpaquePointer) throws(CaptureError) {
        guard !expression.trimmingCharacters(in: " ").isEmpty else { return }
        var program = bpf_program()
        if pcap_compile(handle, &program, expression, 1, pt_pcap_netmask_unknown()) != 0 {
            var reason = cString(pcap_geterr(handle))
            if let hint = whereItStops(expression, linkType: LinkType(dlt: pcap_datalink(handle))) { reason += "; " + hint }
            throw .badFilter(expression: expression, reason: reason)
        }
        pcap_freecode(&program)
    }
}
