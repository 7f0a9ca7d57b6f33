/// Packet bytes are not text: a TLS record, a compressed body or a file may happen to be
/// valid UTF-8 and decode to wide CJK, combining marks or right-to-left letters, which
/// change how wide a line is drawn and which way it reads. So packet payloads are shown
/// as `tcpdump -A` shows them, one byte one cell, and this is the one place that says how.
extension SafeText {
    /// tcpdump -A's rule for one byte (its `ND_ASCII_ISPRINT`): printable ASCII
    /// (0x20-0x7E) as itself, every other byte as `.`.
    @inlinable
    public static func asciiDumpCell(_ byte: UInt8) -> UInt8 {
        byte >= 0x20 && byte <= 0x7E ? byte : UInt8(ascii: ".")
    }

    /// Packet bytes on one line as tcpdump -A shows them: as many cells as bytes, nothing
    /// a terminal could obey, nothing wider or narrower than a cell. Text typed in ASCII
    /// reads as typed; line ends and UTF-8 become dots ("héllo" is "h..llo"), as in tcpdump.
    public init<Bytes: Sequence>(asciiDump bytes: Bytes) where Bytes.Element == UInt8 {
        self.string = String(decoding: bytes.map(Self.asciiDumpCell), as: UTF8.self)
    }
}
