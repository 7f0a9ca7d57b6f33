// fuzz-dependencies: CaptureCore
// F8's packet explainer on any captured bytes: byte 0 picks the link type, byte 1 the
// lesson's port; the rest is the packet. Every line it writes is porttutor's own words with
// numbers and an ASCII dump: no control or bidi character, even unsanitised.
import FuzzSupport
import CaptureCore

private let linkTypes: [LinkType] = [.ethernet, .bsdLoopback, .openBSDLoopback, .linuxCooked, .linuxCooked2, .rawIP, .rawIPv4, .rawIPv6]

Fuzz.run { bytes in
    guard bytes.count >= 2 else { return }
    let type = linkTypes[Int(bytes[0]) % linkTypes.count]
    let port: UInt16? = bytes[1] == 0 ? nil : UInt16(bytes[1]) * 257
    let lines = bytes.dropFirst(2).withUnsafeBytes { PacketExplainer.explain($0, linkType: type, lessonPort: port) }
    for line in lines { Fuzz.expectDisplaySafe(line, "an explanation line") }
}
