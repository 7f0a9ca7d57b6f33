/// The eight flag bits of a TCP header, at their bit positions in the header's flags byte,
/// named as tcpdump and lesson files name them. One type for the decoder, the printer and
/// the checks, so a flag read off the wire is the flag a lesson asks for.
public struct TCPFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
    public static let urg = TCPFlags(rawValue: 0x20)
    public static let ece = TCPFlags(rawValue: 0x40)
    public static let cwr = TCPFlags(rawValue: 0x80)

    /// Names in lesson files, in the order their diagnostics and `description` list them.
    public static let named: [(name: String, flag: TCPFlags, letter: Character)] = [
        ("SYN", .syn, "S"), ("FIN", .fin, "F"), ("PSH", .psh, "P"), ("RST", .rst, "R"),
        ("URG", .urg, "U"), ("ECE", .ece, "E"), ("CWR", .cwr, "W"), ("ACK", .ack, "."),
    ]

    /// The flags in the order tcpdump prints their letters (its `tcp_flag_values`): bit order.
    private static let tcpdumpOrder: [(flag: TCPFlags, letter: Character)] = [
        (.fin, "F"), (.syn, "S"), (.rst, "R"), (.psh, "P"), (.ack, "."), (.urg, "U"), (.ece, "E"), (.cwr, "W"),
    ]

    /// Reads a lesson file's flag name (`SYN`, `ack`), in any case.
    public init?(name: String) {
        let upper = name.uppercased()
        guard let entry = TCPFlags.named.first(where: { $0.name == upper }) else { return nil }
        self = entry.flag
    }

    /// tcpdump's compact form: `S`, `S.`, `.`, `P.`, `F.`, `R`; empty for no flags.
    public var tcpdumpLetters: String {
        String(TCPFlags.tcpdumpOrder.filter { contains($0.flag) }.map(\.letter))
    }

    /// What tcpdump prints inside `Flags [...]`: the letters, or `none` for no flags.
    public var tcpdumpNotation: String {
        rawValue == 0 ? "none" : tcpdumpLetters
    }

    /// `SYN, ACK`.
    public var description: String {
        let names = TCPFlags.named.filter { contains($0.flag) }.map(\.name)
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}
