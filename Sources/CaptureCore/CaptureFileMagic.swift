/// How a capture file starts: pcap (either byte order, micro- or nanosecond timestamps)
/// or pcapng. Enough to tell a capture from any other file before libpcap opens it, so a
/// lesson's recording and a file `-w` would replace are judged by one rule.
public enum CaptureFileMagic {
    public static let known: [[UInt8]] = [
        [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], // pcap, microseconds
        [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D], // pcap, nanoseconds
        [0x0A, 0x0D, 0x0D, 0x0A],                           // pcapng
    ]

    /// True when `head` (a file's first bytes) opens a capture.
    public static func startsACapture(_ head: some Collection<UInt8>) -> Bool {
        known.contains(Array(head.prefix(4)))
    }
}
