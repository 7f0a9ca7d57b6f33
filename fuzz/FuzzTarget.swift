// libFuzzer entry point for porttutor's packet decoder and tcpdump printer.
//
// Input layout: byte 0 picks the link type (low 3 bits) and the -A/-X mode (next bits);
// byte 1 says how many bytes the packet "had on the wire" beyond those captured; the rest
// is the captured packet. The printer keeps its state across inputs, as it does across
// packets, so the relative sequence-number table is exercised too.

nonisolated(unsafe) private var printers: [Int: TcpdumpPrinter] = [:]
nonisolated(unsafe) private let output = OutputBuffer(capacity: 1 << 16)

private let linkTypes: [LinkType] = [.ethernet, .bsdLoopback, .openBSDLoopback, .linuxCooked, .linuxCooked2, .rawIP, .rawIPv4, .rawIPv6]
private let modes: [PrintOptions.Bytes] = [.none, .ascii, .hexAndASCII]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let selector = Int(data[0]), extra = Int(data[1])
    let type = linkTypes[selector & 7]
    let mode = modes[(selector >> 3) % 3]
    let key = selector % 24
    var printer = printers[key] ?? TcpdumpPrinter(linkType: type, options: PrintOptions(bytes: mode, expandTabs: selector & 0x80 != 0))
    let packet = UnsafeRawBufferPointer(start: data + 2, count: size - 2)
    let header = PacketHeader(seconds: Int64(extra) * 1_000_003, microseconds: UInt32(extra * 3_901 % 1_000_000),
                              capturedLength: packet.count, wireLength: packet.count + (extra & 0x80 != 0 ? extra & 0x7F : 0))
    printer.print(packet, header: header, to: output)
    // The promise the pane relies on: printable ASCII, newline and tab only.
    for byte in output.bytes where !((byte >= 0x20 && byte < 0x7F) || byte == 0x0A || byte == 0x09) {
        fatalError("printer wrote byte \(byte)")
    }
    if output.count > 1 << 15 { output.removeAll() }
    printers[key] = printer
    let decoded = PacketDecoder.decode(packet, linkType: type)
    if decoded.payload.upperBound > packet.count || decoded.payload.lowerBound < 0 { fatalError("payload range outside packet") }
    return 0
}
