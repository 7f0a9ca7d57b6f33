import NetworkTypes

/// Bounds-checked big-endian reads over captured bytes.
///
/// Every read says whether the bytes were captured: a packet is untrusted input, so the
/// decoder and printer never index past `count` and never trap on short or lying headers.
struct PacketBytes {
    let base: UnsafeRawBufferPointer

    init(_ base: UnsafeRawBufferPointer) { self.base = base }

    var count: Int { base.count }

    @inline(__always) func has(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= base.count && base.count - offset >= length
    }

    @inline(__always) func u8(_ offset: Int) -> UInt8? {
        has(offset, 1) ? base[offset] : nil
    }

    @inline(__always) func u16(_ offset: Int) -> UInt16? {
        guard has(offset, 2) else { return nil }
        return UInt16(base[offset]) << 8 | UInt16(base[offset + 1])
    }

    @inline(__always) func u32(_ offset: Int) -> UInt32? {
        guard has(offset, 4) else { return nil }
        return UInt32(base[offset]) << 24 | UInt32(base[offset + 1]) << 16
            | UInt32(base[offset + 2]) << 8 | UInt32(base[offset + 3])
    }

    @inline(__always) func u32LittleEndian(_ offset: Int) -> UInt32? {
        guard has(offset, 4) else { return nil }
        return UInt32(base[offset + 3]) << 24 | UInt32(base[offset + 2]) << 16
            | UInt32(base[offset + 1]) << 8 | UInt32(base[offset])
    }

    /// Unchecked read; callers prove the range with `has` first.
    @inline(__always) subscript(_ offset: Int) -> UInt8 { base[offset] }

    func ipv4(_ offset: Int) -> IPAddress? {
        guard let v = u32(offset) else { return nil }
        return IPAddress(ipv4: v)
    }

    func ipv6(_ offset: Int) -> IPAddress? {
        guard has(offset, 16) else { return nil }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for i in 0..<8 { hi = hi << 8 | UInt64(base[offset + i]) }
        for i in 8..<16 { lo = lo << 8 | UInt64(base[offset + i]) }
        return IPAddress(ipv6High: hi, low: lo)
    }
}
