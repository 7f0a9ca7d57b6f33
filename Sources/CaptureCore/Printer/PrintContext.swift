/// A printer quit because the packet ended early (tcpdump's `nd_trunc_longjmp`).
struct Truncated: Error {}

/// What the printers walk for one packet, as tcpdump's `netdissect_options` (`ndo`) is
/// passed to every `*_print` function.
///
/// It lives for one `TcpdumpPrinter.print` call and is passed `inout` down the printers,
/// so that the printer itself keeps only state that outlives a packet (options, names,
/// conversations) and is plainly `Sendable`; the output buffer, a class, is only
/// borrowed here.
struct PrintContext {
    /// The captured bytes of the packet.
    let bytes: PacketBytes
    /// Where the bytes a printer may read end (tcpdump's `ndo_snapend`); the IP printers
    /// shrink it to the end of the IP packet so that trailing link padding is not read.
    var snapEnd: Int
    /// The protocol named in a truncation marker such as `[|tcp]` (`ndo_protocol`).
    var protocolName: StaticString = ""
    /// The text of the packet is appended here.
    let out: OutputBuffer

    init(bytes: UnsafeRawBufferPointer, out: OutputBuffer) {
        self.bytes = PacketBytes(bytes)
        self.snapEnd = bytes.count
        self.out = out
    }

    /// Prints ` [|proto]`, tcpdump's mark for a packet that ended before its printer did.
    func printTruncationMarker() {
        out.append(" [|")
        out.append(protocolName)
        out.append("]")
    }

    // MARK: - Bounds (tcpdump's ND_TCHECK and GET_ macros)

    @inline(__always) func has(_ offset: Int, _ n: Int) -> Bool {
        offset >= 0 && n >= 0 && offset <= snapEnd && snapEnd - offset >= n
    }

    @inline(__always) func get8(_ offset: Int) throws -> UInt8 {
        guard has(offset, 1) else { throw Truncated() }
        return bytes[offset]
    }

    @inline(__always) func get16(_ offset: Int) throws -> UInt16 {
        guard has(offset, 2) else { throw Truncated() }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    @inline(__always) func get32(_ offset: Int) throws -> UInt32 {
        guard has(offset, 4) else { throw Truncated() }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    /// Shrinks the captured range to the end of the IP packet (tcpdump's nd_push_snaplen).
    mutating func limitSnapshot(start: Int, length: Int) {
        if start + length < snapEnd { snapEnd = start + length }
    }
}
