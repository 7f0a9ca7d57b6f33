@testable import Capture
@testable import CaptureCore
import NetworkTypes
import ToolCommands
import SocketsCore
import Foundation
import Testing

/// The printer on hand-built packets: the exact lines tcpdump 4.99 prints for them.
@Suite struct PrinterTests {
    // Timestamps print in local time; these tests pin the expected text by stripping it.
    func body(_ line: String) -> String { String(line.drop { $0 != " " }.dropFirst()) }

    @Test func handshakeDataAndRelativeSequenceNumbers() {
        var p = TcpdumpPrinter(linkType: .ethernet)
        let syn = Build.ethernet(Build.ipv4(Build.tcp(seq: 276_460_933, flags: 0x02, options: Build.synOptions), proto: 6))
        let synAck = Build.ethernet(Build.ipv4(Build.tcp(sport: 18180, dport: 51234, seq: 3_797_646_879, ack: 276_460_934,
                                                         flags: 0x12, window: 65483, options: Build.synOptions), proto: 6))
        let ack = Build.ethernet(Build.ipv4(Build.tcp(seq: 276_460_934, ack: 3_797_646_880, flags: 0x10, window: 64), proto: 6))
        let data = Build.ethernet(Build.ipv4(Build.tcp(seq: 276_460_934, ack: 3_797_646_880, flags: 0x18, window: 64,
                                                       payload: Array("hello\n".utf8)), proto: 6))
        #expect(body(p.text(syn)) == "IP 127.0.0.1.51234 > 127.0.0.1.18180: Flags [S], seq 276460933, win 65495, options [mss 65495,sackOK,TS val 1340364053 ecr 0,nop,wscale 10], length 0\n")
        #expect(body(p.text(synAck)) == "IP 127.0.0.1.18180 > 127.0.0.1.51234: Flags [S.], seq 3797646879, ack 276460934, win 65483, options [mss 65495,sackOK,TS val 1340364053 ecr 0,nop,wscale 10], length 0\n")
        #expect(body(p.text(ack)) == "IP 127.0.0.1.51234 > 127.0.0.1.18180: Flags [.], ack 1, win 64, length 0\n")
        #expect(body(p.text(data)) == "IP 127.0.0.1.51234 > 127.0.0.1.18180: Flags [P.], seq 1:7, ack 1, win 64, length 6\n")
    }

    @Test func asciiAndHexDumpsMatchTcpdump() {
        var p = TcpdumpPrinter(linkType: .ethernet, options: PrintOptions(bytes: .ascii))
        let data = Build.ethernet(Build.ipv4(Build.tcp(ack: 1, flags: 0x18, payload: Array("hi\r\nthere\u{1}\u{7f}".utf8)), proto: 6))
        let text = p.text(data)
        #expect(text.hasSuffix("hi\nthere..\n"))
        #expect(text.split(separator: "\n").count == 3)
        var x = TcpdumpPrinter(linkType: .ethernet, options: PrintOptions(bytes: .hexAndASCII))
        let lines = x.text(data).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "\t0x0000:  4500 0033 0001 4000 4006 0000 7f00 0001  E..3..@.@.......")
        #expect(lines.last == "")
    }

    @Test func everyLinkTypeGivesTheSameLine() {
        let ip = Build.ipv4(Build.udp(payload: Array("ping".utf8)), proto: 17)
        for type in [LinkType.ethernet, .bsdLoopback, .openBSDLoopback, .linuxCooked, .rawIP, .rawIPv4] {
            var p = TcpdumpPrinter(linkType: type)
            #expect(body(p.text(Build.link(type, ip))) == "IP 127.0.0.1.40000 > 127.0.0.1.18181: UDP, length 4\n", "\(type)")
        }
        var sll2 = TcpdumpPrinter(linkType: .linuxCooked2)
        #expect(body(sll2.text(Build.link(.linuxCooked2, ip))).hasSuffix("Out IP 127.0.0.1.40000 > 127.0.0.1.18181: UDP, length 4\n"))
    }

    @Test func ipv6WithExtensionHeadersAndICMP() {
        var p = TcpdumpPrinter(linkType: .ethernet)
        let tcp6 = Build.ethernet(Build.ipv6(Build.tcp(flags: 0x02, options: [2, 4, 0xFF, 0xC4]), next: 6))
        #expect(body(p.text(tcp6)) == "IP6 ::1.51234 > ::1.18180: Flags [S], seq 1000, win 65495, options [mss 65476], length 0\n")
        let hopByHop = Build.ethernet(Build.ipv6([17, 0, 0, 0, 0, 0, 0, 0] + Build.udp(payload: [1, 2]), next: 0))
        #expect(body(p.text(hopByHop)) == "IP6 ::1 > ::1: HBH 40000 > 18181: UDP, length 2\n")
        let inner = Build.ipv4(Build.udp(sport: 1111, dport: 18182, payload: [0x7A]), proto: 17)
        let unreachable = Build.ethernet(Build.ipv4([3, 3, 0, 0, 0, 0, 0, 0] + inner.prefix(28), proto: 1))
        #expect(body(p.text(unreachable)) == "IP 127.0.0.1 > 127.0.0.1: ICMP 127.0.0.1 udp port 18182 unreachable, length 36\n")
        let echo = Build.ethernet(Build.ipv6([128, 0, 0, 0, 0, 5, 0, 6, 0x61, 0x62], next: 58))
        #expect(body(p.text(echo)) == "IP6 ::1 > ::1: ICMP6, echo request, id 5, seq 6, length 10\n")
    }

    @Test func truncationMarkersAsTcpdump() {
        let syn = Build.ethernet(Build.ipv4(Build.tcp(flags: 0x02, options: Build.synOptions), proto: 6))
        var p = TcpdumpPrinter(linkType: .ethernet)
        #expect(body(p.text(Array(syn.prefix(5)), wire: syn.count)) == " [|ether]\n")
        #expect(body(p.text(Array(syn.prefix(14)), wire: syn.count)) == " [|ip]\n")
        #expect(body(p.text(Array(syn.prefix(38)), wire: syn.count)) == "IP 127.0.0.1.51234 > 127.0.0.1.18180:  [|tcp]\n")
        #expect(body(p.text(Array(syn.prefix(60)), wire: syn.count)) == "IP 127.0.0.1.51234 > 127.0.0.1.18180: Flags [S], seq 1000, win 65495, options [mss 65495,sackOK, [|tcp]\n")
        #expect(body(p.text(Array(syn.prefix(62)), wire: syn.count)).hasSuffix("options [mss 65495,sackOK,TS [|tcp]>\n"))
        let bad = Build.ethernet(Build.ipv4(Build.tcp(flags: 0, options: [2, 1, 0, 0]), proto: 6))
        #expect(body(p.text(bad)) == "IP 127.0.0.1.51234 > 127.0.0.1.18180: Flags [none], win 65495, options [[bad opt]\n")
        #expect(body(p.text(Build.ethernet([0x45, 0, 0, 10] + Array(repeating: 0, count: 16)))) == "IP bad-len 10\n")
    }

    @Test func httpSummaryOnTheLessonPort() {
        var p = TcpdumpPrinter(linkType: .ethernet)
        let get = Build.ethernet(Build.ipv4(Build.tcp(dport: 8080, ack: 1, flags: 0x18, payload: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)), proto: 6))
        #expect(body(p.text(get)).hasSuffix("length 27: HTTP: GET / HTTP/1.1\n"))
        let chat = Build.ethernet(Build.ipv4(Build.tcp(dport: 8080, ack: 1, flags: 0x18, payload: Array("hello\n".utf8)), proto: 6))
        #expect(body(p.text(chat)).hasSuffix("length 6: HTTP\n"))
    }

    @Test func namesWithoutNumericFlag() {
        var names = NameTable()
        names.loadHosts("127.0.0.1 localhost\n")
        names.loadServices("http-alt 8080/tcp webcache\n")
        var p = TcpdumpPrinter(linkType: .ethernet, options: PrintOptions(numeric: false), names: names)
        let syn = Build.ethernet(Build.ipv4(Build.tcp(dport: 8080, flags: 0x02), proto: 6))
        #expect(body(p.text(syn)).hasPrefix("IP localhost.51234 > localhost.http-alt: Flags [S]"))
    }

    /// The printer's fast path writes what `IPAddress.description` says, byte for byte.
    func written(_ address: IPAddress) -> String {
        let out = OutputBuffer(capacity: 48)
        out.appendAddress(address)
        return out.string
    }

    @Test func addressText() {
        for (text, printed) in [("::1", "::1"), ("fe80::1:0:0:2", "fe80::1:0:0:2"), ("::ffff:10.0.0.1", "::ffff:10.0.0.1"),
                                ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("::", "::"), ("::10.0.0.1", "::10.0.0.1"),
                                ("1::", "1::"), ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"), ("0:0:0:0:0:0:0:2", "::2"),
                                ("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255")] {
            let address = IPAddress(parsing: text)!
            #expect(written(address) == printed, "\(text)")
            #expect(address.description == printed, "\(text)")
        }
    }

    /// tcpdump's IPv6 text rules (its addrtostr6, from BIND) are glibc's `inet_ntop`'s: on
    /// addresses made of zero, one, `ffff` and other groups (every zero-run shape, the
    /// embedded-IPv4 forms), the printer writes exactly what `inet_ntop` writes.
    @Test func addressTextIsInetNtops() {
        var rng = SystemRandomNumberGenerator()
        let groups: [UInt16] = [0, 0, 0, 1, 0xFFFF, 0x7F00, 0xFE80, 0xABCD]
        for _ in 0..<20_000 {
            let words = (0..<8).map { _ in Bool.random(using: &rng) ? groups.randomElement(using: &rng)! : UInt16.random(in: 0...0xFFFF, using: &rng) }
            var bytes = words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            let address = IPAddress(bytes: bytes)!
            var text = [CChar](repeating: 0, count: 64)
            #expect(inet_ntop(AF_INET6, &bytes, &text, 64) != nil)
            let expected = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(written(address) == expected, "\(words)")
            if written(address) != expected { return }
        }
        for _ in 0..<2_000 {
            var value = UInt32.random(in: 0...UInt32.max, using: &rng).bigEndian
            var text = [CChar](repeating: 0, count: 16)
            #expect(inet_ntop(AF_INET, &value, &text, 16) != nil)
            let expected = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(written(IPAddress(ipv4: UInt32(bigEndian: value))) == expected)
        }
    }

    /// Every truncation and thousands of random corruptions of real-shaped packets, on
    /// every link type: the printer must never trap and must print only safe bytes.
    /// The printer holds only values (the per-packet buffer lives in a `PrintContext`), so
    /// it is `Sendable` as it is and can move to another task mid-conversation.
    @Test func aPrinterMovesToAnotherTaskAndKeepsItsConversations() async {
        var p = TcpdumpPrinter(linkType: .ethernet)
        let synAck = Build.ethernet(Build.ipv4(Build.tcp(sport: 18180, dport: 51234, seq: 3000, ack: 1001, flags: 0x12), proto: 6))
        let data = Build.ethernet(Build.ipv4(Build.tcp(seq: 1001, ack: 3001, flags: 0x18, window: 64, payload: Array("hi".utf8)), proto: 6))
        _ = p.text(synAck)
        let moved = p
        let line = await Task.detached { var printer = moved; return printer.text(data) }.value
        #expect(body(line) == "IP 127.0.0.1.51234 > 127.0.0.1.18180: Flags [P.], seq 1:3, ack 1, win 64, length 2\n")
    }

    @Test func neverCrashesAndPrintsOnlySafeBytes() {
        var rng = SystemRandomNumberGenerator()
        let packets: [[UInt8]] = [
            Build.ipv4(Build.tcp(ack: 5, flags: 0x12, options: Build.synOptions + [5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1]), proto: 6),
            Build.ipv4(Build.tcp(dport: 8080, ack: 1, flags: 0x18, payload: Array("GET / HTTP/1.1\r\n\u{1b}[31m".utf8)), proto: 6),
            Build.ipv4(Build.udp(payload: (0..<64).map { UInt8($0 * 7 & 0xFF) }), proto: 17),
            Build.ipv6([44, 0, 0, 0, 0, 0, 0, 1, 6, 0, 0, 0, 0, 0, 0, 0] + Build.tcp(), next: 0),
            Build.ipv6([1, 4, 0, 0, 0, 0, 0, 0] + Build.ipv6(Build.udp(payload: [1]), next: 17), next: 58),
            Build.ipv4([3, 3, 0, 0, 0, 0, 0, 0] + Build.ipv4(Build.tcp(), proto: 6), proto: 1),
        ]
        let out = OutputBuffer()
        for type in [LinkType.ethernet, .bsdLoopback, .linuxCooked, .linuxCooked2, .rawIP] {
            for mode in [PrintOptions.Bytes.none, .ascii, .hexAndASCII] {
                var p = TcpdumpPrinter(linkType: type, options: PrintOptions(bytes: mode))
                for ip in packets {
                    let full = Build.link(type, ip)
                    for cut in 0...full.count {
                        full.prefix(cut).withUnsafeBytes { p.print($0, header: Build.header(Array(full.prefix(cut)), wire: full.count), to: out) }
                    }
                    for _ in 0..<300 {
                        var m = full
                        for _ in 0..<Int.random(in: 1...4, using: &rng) {
                            m[Int.random(in: 0..<min(m.count, 80), using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                        }
                        let cut = Int.random(in: 1...m.count, using: &rng)
                        m.prefix(cut).withUnsafeBytes { p.print($0, header: Build.header(Array(m.prefix(cut)), wire: m.count), to: out) }
                        _ = PacketDecoder.decode(UnsafeRawBufferPointer(start: nil, count: 0), linkType: type)
                        m.withUnsafeBytes { _ = PacketExplainer.explain($0, linkType: type, lessonPort: 8080) }
                    }
                }
                #expect(out.bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 })
                out.removeAll()
            }
        }
        var pane = TcpdumpPrinter(linkType: .ethernet, options: PrintOptions(bytes: .ascii, expandTabs: true))
        let tabbed = Build.ethernet(Build.ipv4(Build.tcp(ack: 1, flags: 0x18, payload: Array("a\tb".utf8)), proto: 6))
        #expect(!pane.text(tabbed).contains("\t"))
    }
}
