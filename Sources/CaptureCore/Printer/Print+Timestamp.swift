// The `HH:MM:SS.uuuuuu ` at the start of each line, as tcpdump's ts_format.

extension TcpdumpPrinter {
    /// The clock text changes once a second, so it is formatted once a second and cached.
    mutating func printTimestamp(_ header: PacketHeader, to out: OutputBuffer) {
        if header.seconds != clockSecond {
            clockSecond = header.seconds
            // tcpdump prints local time; the offset from UTC was read at the edge (HostFacts).
            let local = header.seconds + Int64(host.secondsEastOfUTC)
            let secondOfDay = Int(((local % 86400) + 86400) % 86400)
            let (hour, minute, second) = (secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
            var packed: UInt64 = 0
            let bytes: [UInt8] = [
                0x30 + UInt8(hour / 10), 0x30 + UInt8(hour % 10), 0x3A,
                0x30 + UInt8(minute / 10), 0x30 + UInt8(minute % 10), 0x3A,
                0x30 + UInt8(second / 10), 0x30 + UInt8(second % 10),
            ]
            for (i, byte) in bytes.enumerated() { packed |= UInt64(byte) << (8 * UInt64(i)) }
            clock = packed
        }
        var packed = clock
        out.withTail(reserving: 8) { p in
            for i in 0..<8 { p[i] = UInt8(truncatingIfNeeded: packed); packed >>= 8 }
            return 8
        }
        out.append(0x2E)
        out.appendDecimal(header.microseconds, width: 6)
        out.append(0x20)
    }
}
