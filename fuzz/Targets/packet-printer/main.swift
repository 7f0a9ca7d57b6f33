// fuzz-dependencies: CaptureCore
// The tcpdump printer's public entry point, so every decoder it dispatches to (a new one
// included) is reached. Byte 0 picks the link type (low 3 bits) and -A/-X (next bits);
// byte 1 how many bytes the packet "had on the wire" beyond those captured. The printer
// keeps its state across inputs, as across packets. It must write printable ASCII,
// newline and tab only, and the decoder's payload must lie inside the packet.
import FuzzSupport
import CaptureCore

private let linkTypes: [LinkType] = [.ethernet, .bsdLoopback, .openBSDLoopback, .linuxCooked, .linuxCooked2, .rawIP, .rawIPv4, .rawIPv6]
private let modes: [PrintOptions.Bytes] = [.none, .ascii, .hexAndASCII]
nonisolated(unsafe) private var printers: [Int: TcpdumpPrinter] = [:]
nonisolated(unsafe) private let output = OutputBuffer(capacity: 1 << 16)

Fuzz.run { bytes in
    guard bytes.count >= 2 else { return }
    let selector = Int(bytes[0]), extra = Int(bytes[1])
    let type = linkTypes[selector & 7]
    let key = selector % 24
    var printer = printers[key] ?? TcpdumpPrinter(linkType: type, options: PrintOptions(bytes: modes[(selector >> 3) % 3],
                                                                                        expandTabs: selector & 0x80 != 0))
    bytes.dropFirst(2).withUnsafeBytes { packet in
        let header = PacketHeader(seconds: Int64(extra) * 1_000_003, microseconds: UInt32(extra * 3_901 % 1_000_000),
                                  capturedLength: packet.count, wireLength: packet.count + (extra & 0x80 != 0 ? extra & 0x7F : 0))
        printer.print(packet, header: header, to: output)
        for byte in output.bytes where !((byte >= 0x20 && byte < 0x7F) || byte == 0x0A || byte == 0x09) {
            fatalError("the printer wrote byte \(byte)")
        }
        let decoded = PacketDecoder.decode(packet, linkType: type)
        if decoded.payload.upperBound > packet.count || decoded.payload.lowerBound < 0 { fatalError("payload range outside the packet") }
    }
    if output.count > 1 << 15 { output.removeAll() }
    printers[key] = printer
}
