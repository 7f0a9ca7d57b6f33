@testable import Capture
@testable import CaptureCore
import NetworkTypes
import ToolCommands
import SocketsCore
import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func lessonCommandAndItsLinuxForm() throws {
        let mac = try TcpdumpCommandLine.parse("tcpdump -A --interface lo0 port 8080")
        #expect(mac.source == .interface("lo0"))
        #expect(mac.options.bytes == .ascii)
        #expect(mac.options.numeric == false)
        #expect(mac.filter == "port 8080")
        let linux = try TcpdumpCommandLine.parse("tcpdump -A -i lo port 8080")
        #expect(linux.source == .interface("lo") && linux.filter == "port 8080")
    }

    @Test func groupedAttachedAndPermutedOptions() throws {
        let r = try TcpdumpCommandLine.parse("sudo tcpdump -nnX -c5 -ilo dst port 8080 -w out.pcap")
        #expect(r.options.numeric && r.options.bytes == .hexAndASCII)
        #expect(r.count == 5 && r.source == .interface("lo") && r.writePath == "out.pcap")
        #expect(r.filter == "dst port 8080")
        let quoted = try TcpdumpCommandLine.parse("tcpdump -n --interface=lo 'host 127.0.0.1 and tcp'")
        #expect(quoted.filter == "host 127.0.0.1 and tcp" && quoted.source == .interface("lo"))
        let replay = try TcpdumpCommandLine.parse("tcpdump -r chat.pcap -t udp")
        #expect(replay.source == .file("chat.pcap") && replay.options.timestamp == .none && replay.filter == "udp")
    }

    @Test func unknownOptionsExplainWhatIsUnderstood() {
        #expect(throws: TcpdumpCommandLineError.self) { try TcpdumpCommandLine.parse("tcpdump -p port 8080") }
        do {
            _ = try TcpdumpCommandLine.parse("tcpdump -K -i lo")
            Issue.record("-K should be refused")
        } catch {
            #expect(error.message.contains("-K is not supported"))
            #expect(error.message.contains("-i IFACE or --interface IFACE"))
        }
        #expect(throws: TcpdumpCommandLineError.self) { try TcpdumpCommandLine.parse("tcpdump -c") }
        #expect(throws: TcpdumpCommandLineError.self) { try TcpdumpCommandLine.parse("tcpdump -c zero") }
        #expect(throws: TcpdumpCommandLineError.self) { try TcpdumpCommandLine.parse("tcpdump 'port 80") }
    }
}

extension CommandLineTests {
    /// Every repetition either means what tcpdump means or is refused: `-XX` once acted
    /// as `-X` and `-tttt` as `-t`.
    @Test func repeatedFlagsKeepTcpdumpsMeaningOrAreRefused() throws {
        func options(_ line: String) throws -> PrintOptions { try TcpdumpCommandLine.parse(line).options }
        #expect(try options("tcpdump -XX").bytes == .hexAndASCII && options("tcpdump -XX").bytesIncludeLinkHeader)
        #expect(try options("tcpdump -X").bytes == .hexAndASCII && !options("tcpdump -X").bytesIncludeLinkHeader)
        #expect(try options("tcpdump -xx").bytes == .hex && options("tcpdump -x -x").bytesIncludeLinkHeader)
        #expect(try options("tcpdump -A -X").bytes == .hexAndASCII)
        #expect(try options("tcpdump -x -A").bytes == .hex)
        let stamps: [(String, PrintOptions.Timestamp)] = [("", .clock), ("-t", .none), ("-tt", .epoch), ("-ttt", .sinceLast),
                                                          ("-tttt", .dateAndClock), ("-ttttt", .sinceFirst)]
        for (flag, style) in stamps { #expect(try options("tcpdump \(flag) -nn").timestamp == style, "\(flag)") }
        #expect(try options("tcpdump -vv").verbosity == 2 && options("tcpdump -v").verbosity == 1)
        let all = try options("tcpdump -eqS -# -l")
        #expect(all.linkHeader && all.quiet && all.absoluteSequenceNumbers && all.packetNumbers)
        #expect(try options("tcpdump --number --absolute-tcp-sequence-numbers").packetNumbers)
        #expect(try TcpdumpCommandLine.parse("tcpdump -l").lineBuffered)
        for refused in ["-vvv", "-tttttt", "-XXX", "-xxx", "-AA", "-ee"] {
            do {
                _ = try TcpdumpCommandLine.parse("tcpdump \(refused) -i lo")
                Issue.record("\(refused) should be refused")
            } catch {
                #expect(error.message.contains("option \(refused) is not supported"), "\(error.message)")
            }
        }
    }
}

extension CommandLineTests {
    /// After Ctrl-C the counters start on a new line, below the `^C` the terminal echoed;
    /// one packet is "packet", as tcpdump writes it.
    @Test func statisticsAfterCtrlCStartOnANewLine() {
        let stats = CaptureStatistics(received: 1, droppedByKernel: 0, droppedByInterface: 0)
        #expect(CaptureStatistics.report(captured: 1, statistics: stats, interrupted: true)
                == "\n1 packet captured\n1 packet received by filter\n0 packets dropped by kernel\n")
        #expect(CaptureStatistics.report(captured: 5, statistics: nil, interrupted: false) == "5 packets captured\n")
    }
}

@Suite struct RingTests {
    func packet(_ n: Int, size: Int = 10) -> CapturedPacket {
        CapturedPacket(header: PacketHeader(seconds: 0, microseconds: 0, capturedLength: size, wireLength: size),
                       bytes: Array(repeating: UInt8(n & 0xFF), count: size), number: n)
    }

    @Test func keepsTheNewestAndCountsDrops() {
        var ring = PacketRing(capacity: 3)
        for n in 1...5 { ring.append(packet(n)) }
        #expect(ring.count == 3 && ring.dropped == 2 && ring.total == 5)
        #expect(ring.packets.map(\.number) == [3, 4, 5])
        #expect(ring[ring.count - 1].number == 5 && ring[0].number == 3)
    }

    @Test func boundedByBytesToo() {
        var ring = PacketRing(capacity: 100, byteLimit: 25)
        for n in 1...4 { ring.append(packet(n)) }
        #expect(ring.count == 2 && ring.byteCount == 20 && ring.dropped == 2)
        ring.removeAll()
        #expect(ring.isEmpty && ring.byteCount == 0)
    }

    @Test func savedRingOpensInTcpdump() throws {
        var ring = PacketRing(capacity: 2)
        for n in 0..<3 {
            let frame = Build.ethernet(Build.ipv4(Build.udp(payload: Array("n\(n)".utf8)), proto: 17))
            ring.append(CapturedPacket(header: Build.header(frame, seconds: 1_700_000_000 + Int64(n)), bytes: frame, number: n + 1))
        }
        let path = temporaryPath("ring.pcap")
        let writer = try PcapFileWriter(path: path, linkType: .ethernet)
        for p in ring.packets { try writer.write(p) }
        try writer.close()
        let tcpdump = try #require(tcpdumpPath)
        let out = try #require(run(tcpdump, ["-nn", "-r", path]))
        #expect(out.status == 0)
        #expect(out.output.split(separator: "\n").count == 2)
        #expect(out.output.contains("UDP, length 2"))
        let reader = try PcapFileReader(path: path)
        var count = 0
        while try reader.next({ _, _ in count += 1 }) {}
        #expect(count == 2 && reader.linkType == .ethernet)
        try? FileManager.default.removeItem(atPath: path)
    }
}

@Suite struct DecoderAndExplainerTests {
    @Test func decodesTheHandshake() {
        let syn = Build.linuxCooked2Frame(Build.ipv6(Build.tcp(dport: 8080, seq: 5, flags: 0x02, options: Build.synOptions), next: 6))
        let d = syn.withUnsafeBytes { PacketDecoder.decode($0, linkType: .linuxCooked2) }
        #expect(d.network == .ipv6 && d.transport == .tcp && d.linkDirection == .outgoing)
        #expect(d.source == IPAddress(parsing: "::1") && d.sourcePort == 51234 && d.destinationPort == 8080)
        #expect(d.tcp?.flags == .syn && d.tcp?.sequence == 5)
        #expect(d.tcp?.options.maximumSegmentSize == 65495 && d.tcp?.options.windowScale == 10)
        #expect(d.tcp?.options.sackPermitted == true && d.tcp?.options.timestampValue == 1_340_364_053)
        #expect(d.tcp?.flags.tcpdumpNotation == "S")
    }

    @Test func payloadRangeAndTruncation() {
        let frame = Build.ethernet(Build.ipv4(Build.udp(payload: Array("hello".utf8)), proto: 17))
        let d = frame.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }
        #expect(d.payloadLength == 5 && d.payload == 42..<47 && !d.truncated)
        let cut = Array(frame.prefix(44))
        let t = cut.withUnsafeBytes { PacketDecoder.decode($0, linkType: .ethernet) }
        #expect(t.truncated && t.payload == 42..<44 && t.payloadLength == 5)
    }

    @Test func explainsInWordsAndSanitisesPayload() {
        let syn = Build.ethernet(Build.ipv4(Build.tcp(dport: 8080, flags: 0x02, options: Build.synOptions), proto: 6))
        let text = syn.withUnsafeBytes { PacketExplainer.explain($0, linkType: .ethernet, lessonPort: 8080) }.joined(separator: "\n")
        #expect(text.contains("SYN: the client at 127.0.0.1 port 51234 asks to open a connection to port 8080"))
        #expect(text.contains("initial sequence number"))
        #expect(text.contains("a SYN's window is never scaled") && !text.contains("multiplied by the window scale"))
        let evil = Build.ethernet(Build.ipv4(Build.tcp(dport: 8080, ack: 1, flags: 0x18, payload: Array("hi\u{1b}[2J\u{7}".utf8)), proto: 6))
        let lines = evil.withUnsafeBytes { PacketExplainer.explain($0, linkType: .ethernet, lessonPort: 8080) }
        #expect(lines.contains { $0.hasPrefix("Data: The client sends 7 bytes") })
        #expect(lines.allSatisfy { line in !line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        let rst = Build.ethernet(Build.ipv4(Build.tcp(sport: 18115, dport: 40000, ack: 1, flags: 0x14), proto: 6))
        #expect(rst.withUnsafeBytes { PacketExplainer.explain($0, linkType: .ethernet) }.first?.hasPrefix("RST:") == true)
    }
}

@Suite struct LiveCaptureErrorTests {
    @Test func unknownInterfaceListsTheAvailableOnes() {
        do {
            _ = try LiveCapture(interface: "porttutor-nope0")
            Issue.record("opening a missing interface should fail")
        } catch {
            guard case .noSuchDevice(_, let available, _) = error else { Issue.record("\(error)"); return }
            #expect(available.contains(InterfaceNames.loopback))
            #expect(error.message.contains("lo on Linux"))
        }
    }

    @Test func badFilterCarriesLibpcapsMessage() {
        do {
            _ = try LiveCapture(interface: "lo", filter: "port 8080 and and")
            Issue.record("a bad filter should fail")
        } catch {
            guard case .badFilter(let expression, let reason) = error else { Issue.record("\(error)"); return }
            #expect(expression == "port 8080 and and" && reason.contains("syntax error"))
            #expect(reason.contains("understands \"port 8080\" and stops at \"and and\""))
        }
        #expect(throws: CaptureError.self) { try CaptureFilter.validate("dst prot 8080") }
        try? CaptureFilter.validate("tcp and dst port 8080")
    }

    @Test func lessonsMacOSNameMapsToLinuxLoopback() throws {
        let capture = try LiveCapture(interface: "lo0", filter: "port 18199")
        #expect(capture.interface == "lo" && capture.interfaceNote?.contains("lo0") == true)
        #expect(capture.fileDescriptor >= 0 && capture.linkType == .ethernet)
        #expect(try capture.readAvailable { _, _ in } == 0)  // non-blocking: returns at once
        #expect(capture.statistics() != nil)
    }

    @Test func permissionDeniedTeachesSetcap() {
        let error = CaptureError.permissionDenied(interface: "lo", executable: "/usr/local/bin/porttutor", detail: "socket: Operation not permitted")
        #expect(error.message.contains("CAP_NET_RAW") && error.message.contains("CAP_NET_ADMIN"))
        #expect(error.message.contains("sudo setcap cap_net_raw,cap_net_admin=eip /usr/local/bin/porttutor"))
        #expect(error.message.contains("root"))
    }

    /// The built `porttutor`: `swift build` puts it beside the test bundle.
    static let porttutorBinary: String? = {
        let directory = URL(fileURLWithPath: currentExecutablePath()).deletingLastPathComponent()
        return [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("porttutor").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Root can drop to nobody with setpriv, and there is a porttutor to run.
    static var canRunPorttutorUnprivileged: Bool {
        porttutorBinary != nil && getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
    }

    /// The real thing: the built `porttutor` run as an unprivileged user.
    @Test(.enabled(if: canRunPorttutorUnprivileged, "needs root, /usr/bin/setpriv and a built porttutor"))
    func unprivilegedHeadlessCaptureSaysWhy() throws {
        let binary = try #require(Self.porttutorBinary)
        let copy = temporaryPath("porttutor")
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: binary, toPath: copy)
        chmod(copy, 0o755)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        p.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", copy, "capture", "-i", "lo", "-c", "1"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        #expect(text.contains("permission denied") && text.contains("setcap cap_net_raw,cap_net_admin=eip \(copy)"))
    }
}

@Suite struct PacketLogTests {
    @Test func printsColoursHighlightsAndBoundsMemory() throws {
        var log = PacketLog(linkType: .ethernet, capacity: 3)
        let frames = [
            Build.ethernet(Build.ipv4(Build.tcp(dport: 8080, seq: 10, flags: 0x02, options: Build.synOptions), proto: 6)),
            Build.ethernet(Build.ipv4(Build.tcp(sport: 8080, dport: 51234, seq: 90, ack: 11, flags: 0x12), proto: 6)),
            Build.ethernet(Build.ipv4(Build.tcp(dport: 8080, seq: 11, ack: 91, flags: 0x18, payload: Array("hi\tthere\n".utf8)), proto: 6)),
            Build.ethernet(Build.ipv4(Build.tcp(sport: 8080, dport: 51234, seq: 91, ack: 20, flags: 0x14), proto: 6)),
        ]
        for f in frames { f.withUnsafeBytes { log.append($0, header: Build.header(f)) } }
        #expect(log.count == 3 && log.dropped == 1 && log.total == 4)
        #expect(log.all.map(\.kind) == [.handshake, .data, .reset])
        #expect(log.all.map(\.direction) == [.fromLessonPort, .toLessonPort, .fromLessonPort])
        let data = log[1]
        #expect(data.lines[0].hasSuffix("Flags [P.], seq 1:10, ack 1, win 65495, length 9: HTTP"))
        #expect(data.lines.allSatisfy { !$0.contains("\t") })  // tabs expanded for the pane
        let summary = Array(data.lines[0].utf8)
        #expect(data.lessonPortRanges.count == 1)
        #expect(String(decoding: summary[data.lessonPortRanges[0]], as: UTF8.self) == "8080")
        #expect(log.explanation(of: 1).first?.hasPrefix("Data: The client sends 9 bytes") == true)
        let path = temporaryPath("log.pcap")
        try log.save(to: path)
        let tcpdump = try #require(tcpdumpPath)
        let out = try #require(run(tcpdump, ["-nn", "-r", path]))
        #expect(out.output.split(separator: "\n").count == 3)
        try? FileManager.default.removeItem(atPath: path)
        log.clear()
        #expect(log.count == 0 && log.total == 0 && log.byteCount == 0)
    }

    @Test func portHighlightOnlyMatchesPorts() {
        let line = "12:00:00.000000 IP 127.0.0.1.8080 > 127.0.0.1.18080: Flags [S], seq 8080, win 8080, length 0"
        let r = PacketLog.portRanges(in: line, port: 8080)
        #expect(r.count == 1)
        #expect(PacketLog.portRanges(in: "IP6 ::1.51000 > ::1.8080: UDP, length 1", port: 8080).count == 1)
    }
}
