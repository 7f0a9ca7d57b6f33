import ToolCommands
import SocketsCore
import Foundation
import Testing
@testable import Capture
@testable import CaptureCore

/// F8's words about a packet read the same numbers as tcpdump's line above them, and
/// name the TLS records of an HTTPS connection (lesson 5's recording).
@Suite struct ExplanationTests {
    static let recording = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Lessons/tls-on-loopback.pcap").path

    /// The recording as the Packets pane holds it after `tcpdump -r`.
    static func recorded() throws -> PacketLog {
        let reader = try PcapFileReader(path: recording)
        var log = PacketLog(linkType: reader.linkType, lessonPort: 18443)
        while try reader.next({ bytes, header in log.append(bytes, header: header) }) {}
        return log
    }

    @Test func numbersAreTheRelativeOnesTcpdumpPrints() throws {
        let log = try Self.recorded()
        let last = log[log.count - 1]
        #expect(last.lines[0].contains("ack 1478,"), "\(last.lines[0])")
        let words = log.explanation(of: log.count - 1)
        #expect(words.first?.contains("before byte 1478") == true, "\(words)")
        let absolute = words.filter { $0.contains("3908585677") }
        #expect(absolute.count == 1 && absolute[0].hasPrefix("(tcpdump counts seq and ack from the start"), "only an aside: \(words)")
        let clientHello = log.explanation(of: 3)
        #expect(log[3].lines[0].contains("seq 1:518,"))
        #expect(clientHello.contains { $0.hasPrefix("seq 1:518: these are bytes 1 up to 518 (not included) of what the client has sent") }, "\(clientHello)")
        #expect(clientHello.contains("ack 1: it also confirms every byte received from the other side before byte 1."), "\(clientHello)")
    }

    @Test func theTLSHandshakeIsNamedWithTheServerNameAsked() throws {
        let log = try Self.recorded()
        let clientHello = log.explanation(of: 3)
        #expect(clientHello.contains { $0.hasPrefix("TLS: a handshake record, a ClientHello") && $0.contains("\"localhost\" (SNI)") }, "\(clientHello)")
        #expect(log.explanation(of: 5).contains { $0.hasPrefix("TLS: a handshake record, a ServerHello") })
        #expect(log.explanation(of: 8).contains { $0.hasPrefix("TLS: application data, encrypted") })
        #expect(!log.explanation(of: 2).contains { $0.hasPrefix("TLS") }, "a bare ACK carries no record")
    }

    /// Plain text is not taken for TLS, and a server name is shown as tcpdump -A would show it.
    @Test func onlyRecordsAreNamedAndTheirNamesAreSafe() {
        let plain = Build.ethernet(Build.ipv4(Build.tcp(dport: 8080, ack: 1, flags: 0x18, payload: Array("GET / HTTP/1.1\r\n".utf8)), proto: 6))
        #expect(!plain.withUnsafeBytes { PacketExplainer.explain($0, linkType: .ethernet) }.contains { $0.hasPrefix("TLS") })
        let hello = Self.clientHello(serverName: Array("evil\u{1B}[2J.example".utf8))
        let record = hello.withUnsafeBytes { TLSRecord(payload: $0) }
        #expect(record?.content == .handshake(type: 1))
        #expect(record?.serverName == "evil.[2J.example")
        let rightToLeft = Self.clientHello(serverName: Array("\u{5D0}\u{301}.example".utf8))
        #expect(rightToLeft.withUnsafeBytes { TLSRecord(payload: $0)?.serverName } == ".....example", "a byte a cell")
        for cut in stride(from: 5, to: hello.count, by: 7) {
            let short = Array(hello.prefix(cut))
            let name = short.withUnsafeBytes { TLSRecord(payload: $0)?.serverName }
            #expect(name == nil, "cut at \(cut) bytes, the name is not all there")
        }
    }

    /// Payload bytes that happen to be UTF-8 for a CJK ideograph, a combining acute, a
    /// Hebrew letter and a wide angle bracket are shown as tcpdump -A shows them: a dot a byte.
    @Test func payloadIsShownAsTcpdumpDoesOneCellAByte() {
        let bytes: [UInt8] = [0x16, 0x03, 0x01, 0xE6, 0x85, 0x96, 0xCC, 0x81, 0xD7, 0x90, 0xE2, 0x8C, 0xA9, 0x35, 0x48]
        let packet = Build.ethernet(Build.ipv4(Build.tcp(dport: 18443, ack: 1, flags: 0x18, payload: bytes), proto: 6))
        let lines = packet.withUnsafeBytes { PacketExplainer.explain($0, linkType: .ethernet) }
        #expect(lines.contains("Payload: \".............5H\""), "\(lines)")
    }

    /// The recording's ServerHello: its payload line has one printable ASCII character for
    /// each byte shown, so the pane measures it as the terminal draws it.
    @Test func aServerHellosPayloadIsPrintableASCIIOneCharacterAByte() throws {
        let log = try Self.recorded()
        let entry = log[5]
        let line = try #require(log.explanation(of: 5).first { $0.hasPrefix("Payload: ") })
        let count = entry.decoded.payload.count
        #expect(count > 200, "a ServerHello longer than the 200 bytes shown")
        #expect(line.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "\(line)")
        #expect(line.unicodeScalars.count == "Payload: \"".count + 200 + "\"...".count)
    }

    /// A minimal ClientHello: no ciphers to speak of, one extension, server_name.
    static func clientHello(serverName name: [UInt8]) -> [UInt8] {
        let entry = [0x00] + Build.be16(name.count) + name
        let list = Build.be16(entry.count) + entry
        let sni = Build.be16(0) + Build.be16(list.count) + list
        var body: [UInt8] = [0x03, 0x03] + Array(repeating: 0xAB, count: 32)
        body += [0x00]                          // session id
        body += Build.be16(2) + [0x13, 0x01]    // one cipher suite
        body += [0x01, 0x00]                    // compression: null
        body += Build.be16(sni.count) + sni
        let handshake = [0x01, 0x00] + Build.be16(body.count) + body
        return [0x16, 0x03, 0x01] + Build.be16(handshake.count) + handshake
    }
}

/// F8 on the packets of the fixtures: the pane's line is tcpdump's, and the words name
/// what ARP and DNS are doing.
@Suite struct FixtureExplanationTests {
    static func log(_ name: String) throws -> PacketLog {
        let path = FixtureConformanceTests.folder.appendingPathComponent(name + ".pcap").path
        let reader = try PcapFileReader(path: path)
        var log = PacketLog(linkType: reader.linkType, options: PrintOptions(numeric: true), lessonPort: nil)
        while try reader.next({ bytes, header in log.append(bytes, header: header) }) {}
        return log
    }

    @Test func arpRequestAndReplyAreExplained() throws {
        let log = try Self.log("veth")
        let request = try #require((0..<log.count).first { log[$0].lines[0].contains("ARP, Request who-has 10.9.0.2 tell 10.9.0.1") })
        #expect(log.explanation(of: request).first?.hasPrefix("ARP request: 10.9.0.1 (at 02:00:00:00:00:01) asks everyone on the link \"who has 10.9.0.2?\"") == true,
                "\(log.explanation(of: request))")
        let reply = try #require((0..<log.count).first { log[$0].lines[0].contains("ARP, Reply 10.9.0.2 is-at 02:00:00:00:00:02") })
        #expect(log.explanation(of: reply).first == "ARP reply: 10.9.0.2 is at 02:00:00:00:00:02. The asker keeps this in its ARP cache (see `ip neigh`) and sends its IP packets to that address.")
    }

    @Test func dnsQueryIsPrintedAndExplained() throws {
        let log = try Self.log("loopback")
        let query = try #require((0..<log.count).first { log[$0].lines[0].hasSuffix("A? example.test. (53)") })
        #expect(log[query].lines[0].contains("+ [1au] A? example.test. (53)"))
        #expect(log.explanation(of: query).contains { $0.hasPrefix("Port 53 is DNS: a name lookup") })
    }
}
