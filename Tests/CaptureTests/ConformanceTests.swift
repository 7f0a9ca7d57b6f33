@testable import Capture
@testable import CaptureCore
import ToolCommands
import SocketsCore
import Foundation
import Testing

/// Records real loopback traffic with porttutor's own live capture and file writer, then
/// checks that `porttutor capture -r FILE -nn` (and `-A`, `-X`) print what the real
/// tcpdump prints for the same file, line for line.
@Suite(.serialized) struct ConformanceTests {
    static let filter = "portrange 18110-18129 or icmp or icmp6"

    /// Both captures at once: `lo` (Ethernet frames) and `any` (Linux cooked SLL2).
    final class Recorder {
        var captures: [(LiveCapture, PcapFileWriter)] = []
        init(paths: [String: String]) throws {
            for (interface, path) in paths.sorted(by: { $0.key < $1.key }) {
                let capture = try LiveCapture(interface: interface, filter: ConformanceTests.filter)
                captures.append((capture, try PcapFileWriter(path: path, linkType: capture.linkType)))
            }
        }

        /// Polls until no packet arrived for `quiet` milliseconds, as the run loop would.
        func drain(quiet: Int32 = 300) throws {
            var fds = captures.map { pollfd(fd: $0.0.fileDescriptor, events: Int16(POLLIN), revents: 0) }
            while poll(&fds, nfds_t(fds.count), quiet) > 0 {
                for (i, (capture, writer)) in captures.enumerated() where fds[i].revents != 0 {
                    var failure: CaptureError?
                    try capture.readAvailable { bytes, header in
                        do throws(CaptureError) { try writer.write(bytes, header: header) } catch { failure = error }
                    }
                    if let failure { throw failure }
                }
            }
        }

        func finish() throws {
            try drain()
            for (capture, writer) in captures { try writer.close(); capture.close() }
        }
    }

    func shell(_ script: String) -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try? p.run()
        return p
    }

    /// Polls ss until a TCP listener (or, with `udp`, a bound UDP socket) holds `port`.
    func waitForListener(_ port: Int, udp: Bool = false) {
        for _ in 0..<100 {
            if let (_, out) = run("/usr/bin/ss", [udp ? "-Hlun" : "-Hltn", "sport = :\(port)"]), !out.isEmpty { return }
            usleep(20_000)
        }
    }

    func connectAndClose(_ address: String, _ port: UInt16) {
        let v6 = address.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        if v6 {
            var a = sockaddr_in6(); a.sin6_family = sa_family_t(AF_INET6); a.sin6_port = port.bigEndian
            inet_pton(AF_INET6, address, &a.sin6_addr)
            _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = sockaddr_in(); a.sin_family = sa_family_t(AF_INET); a.sin_port = port.bigEndian
            inet_pton(AF_INET, address, &a.sin_addr)
            _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
    }

    func sendDatagram(_ address: String, _ port: UInt16, _ text: String, from sourcePort: UInt16) {
        let v6 = address.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var bytes = Array(text.utf8)
        if v6 {
            var local = sockaddr_in6(); local.sin6_family = sa_family_t(AF_INET6); local.sin6_port = sourcePort.bigEndian
            inet_pton(AF_INET6, "::1", &local.sin6_addr)
            _ = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
            var a = sockaddr_in6(); a.sin6_family = sa_family_t(AF_INET6); a.sin6_port = port.bigEndian
            inet_pton(AF_INET6, address, &a.sin6_addr)
            _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, &bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var local = sockaddr_in(); local.sin_family = sa_family_t(AF_INET); local.sin_port = sourcePort.bigEndian
            inet_pton(AF_INET, "127.0.0.1", &local.sin_addr)
            _ = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            var a = sockaddr_in(); a.sin_family = sa_family_t(AF_INET); a.sin_port = port.bigEndian
            inet_pton(AF_INET, address, &a.sin_addr)
            _ = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, &bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        usleep(50_000)
    }

    /// Splits printer output into packets (a summary line and its -A/-X lines).
    func packets(_ text: String) -> [[Substring]] {
        var result: [[Substring]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isSummary = line.count > 16 && line.prefix(15).allSatisfy { $0.isNumber || $0 == ":" || $0 == "." } && line.dropFirst(15).first == " "
            if isSummary || result.isEmpty { result.append([line]) } else { result[result.count - 1].append(line) }
        }
        return result
    }

    /// tcpdump may add an application summary after `length N`; everything up to it must match.
    func sameSummary(_ ours: Substring, _ theirs: Substring) -> Bool {
        if ours == theirs { return true }
        guard theirs.hasPrefix(ours), let range = ours.range(of: ", length ", options: .backwards) else { return false }
        return ours[range.upperBound...].allSatisfy(\.isNumber)
    }

    func compare(_ path: String, flags: [String]) throws -> Int {
        let tcpdump = try #require(tcpdumpPath, "tcpdump must be installed (Debian package tcpdump)")
        let expected = try #require(run(tcpdump, flags + ["-r", path])).output
        var request = try TcpdumpCommandLine.parse(arguments: ["tcpdump"] + flags + ["-r", path])
        request.filter = ""
        let outPath = temporaryPath("out.txt")
        let fd = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try HeadlessCapture.replay(request, path: path, output: fd, names: .numeric)
        close(fd)
        let ours = try String(contentsOfFile: outPath, encoding: .utf8)
        // The built command itself, when `swift build` left it beside the test bundle,
        // must print exactly the same (it calls the same code).
        let directory = URL(fileURLWithPath: currentExecutablePath()).deletingLastPathComponent()
        if let binary = [directory, directory.deletingLastPathComponent()].map({ $0.appendingPathComponent("porttutor").path })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
           let command = run(binary, ["capture"] + flags + ["-r", path]) {
            #expect(command.status == 0 && command.output == ours, "porttutor capture \(flags) -r \(path)")
        }
        let a = packets(ours), b = packets(expected)
        #expect(a.count == b.count, "\(flags) \(path): \(a.count) packets printed, tcpdump printed \(b.count)")
        var mismatches = 0
        for (x, y) in zip(a, b) {
            let same = x.count == y.count && sameSummary(x[0], y[0]) && zip(x.dropFirst(), y.dropFirst()).allSatisfy { $0 == $1 }
            if !same {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(flags) differs:\nours:    \(x.joined(separator: "|"))\ntcpdump: \(y.joined(separator: "|"))") }
            }
        }
        #expect(mismatches == 0)
        return a.count
    }

    @Test func realLoopbackTrafficPrintsAsTcpdump() throws {
        let loPath = temporaryPath("lo.pcap"), anyPath = temporaryPath("any.pcap")
        let recorder = try Recorder(paths: ["lo": loPath, "any": anyPath])

        // A netcat chat, both ways, with CR LF and a tab.
        let chatServer = shell("printf 'hello client\\r\\nfrom\\tthe server\\n' | nc -l 127.0.0.1 18110")
        waitForListener(18110)
        shell("printf 'hello server\\r\\nsecond line\\n' | nc -N 127.0.0.1 18110").waitUntilExit()
        chatServer.waitUntilExit()
        try recorder.drain(quiet: 50)

        // Binary payload, several segments.
        let sink = shell("nc -l 127.0.0.1 18111 > /dev/null")
        waitForListener(18111)
        shell("head -c 6000 /dev/urandom | nc -N 127.0.0.1 18111").waitUntilExit()
        sink.waitUntilExit()
        try recorder.drain(quiet: 50)

        // curl against a one-shot HTTP server.
        let web = shell("printf 'HTTP/1.1 200 OK\\r\\nContent-Length: 6\\r\\nConnection: close\\r\\n\\r\\nhello\\n' | nc -l 127.0.0.1 18112")
        waitForListener(18112)
        shell("curl -s -m 5 http://127.0.0.1:18112/ > /dev/null").waitUntilExit()
        web.waitUntilExit()
        try recorder.drain(quiet: 50)

        // IPv6 chat.
        let v6 = shell("printf 'v6 hello\\n' | nc -l ::1 18113")
        waitForListener(18113)
        shell("printf 'v6 reply\\n' | nc -N ::1 18113").waitUntilExit()
        v6.waitUntilExit()
        try recorder.drain(quiet: 50)

        // UDP to a listener, then to closed ports (ICMP and ICMPv6 port unreachable).
        let udp = Process()
        udp.executableURL = URL(fileURLWithPath: "/usr/bin/nc")
        udp.arguments = ["-u", "-l", "127.0.0.1", "18114"]
        udp.standardOutput = FileHandle.nullDevice
        try udp.run()
        waitForListener(18114, udp: true)
        sendDatagram("127.0.0.1", 18114, "udp datagram\n", from: 18120)
        kill(udp.processIdentifier, SIGKILL); udp.waitUntilExit()  // children inherit a blocked SIGTERM
        sendDatagram("127.0.0.1", 18117, "nobody here\n", from: 18121)
        sendDatagram("::1", 18118, "nobody here v6\n", from: 18122)

        // Refused TCP connections (RST), IPv4 and IPv6.
        connectAndClose("127.0.0.1", 18115)
        connectAndClose("::1", 18116)
        try recorder.finish()

        var total = 0
        for path in [loPath, anyPath] {
            for flags in [["-nn"], ["-nn", "-A"], ["-nn", "-X"]] {
                total += try compare(path, flags: flags)
            }
            let text = try #require(run(tcpdumpPath!, ["-nn", "-r", path])).output
            #expect(text.contains("Flags [S]") && text.contains("Flags [R.]") && text.contains("IP6 ::1."))
            #expect(text.contains("UDP, length 13") && text.contains("udp port 18117 unreachable") && text.contains("ICMP6"))
        }
        #expect(total > 60)
        try? FileManager.default.removeItem(atPath: loPath)
        try? FileManager.default.removeItem(atPath: anyPath)
    }

    /// Hand-built packets for the link types loopback capture does not produce here
    /// (BSD loopback, raw IP, SLL v1), malformed and truncated ones, compared with tcpdump.
    @Test func synthesizedLinkTypesAndDamagedPacketsPrintAsTcpdump() throws {
        let ips: [[UInt8]] = [
            Build.ipv4(Build.tcp(seq: 7, flags: 0x02, options: Build.synOptions), proto: 6),
            Build.ipv4(Build.tcp(sport: 18180, dport: 51234, seq: 99, ack: 8, flags: 0x12, options: Build.synOptions), proto: 6),
            Build.ipv4(Build.tcp(seq: 8, ack: 100, flags: 0x18, payload: Array("hello\r\n\u{0}\u{ff}".utf8)), proto: 6),
            Build.ipv4(Build.tcp(dport: 8080, seq: 8, ack: 100, flags: 0x18, payload: Array("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n".utf8)), proto: 6),
            Build.ipv4(Build.udp(payload: Array("datagram".utf8)), proto: 17),
            Build.ipv4([8, 0, 0, 0, 0x12, 0x34, 0, 7] + Array("abcdefgh".utf8), proto: 1),
            Build.ipv4([3, 3, 0, 0, 0, 0, 0, 0] + Build.ipv4(Build.udp(sport: 5, dport: 18183, payload: [1]), proto: 17).prefix(28), proto: 1),
            Build.ipv4(Build.tcp(), proto: 6, fragment: 0x0010),
            Build.ipv6(Build.tcp(ack: 1, flags: 0x11), next: 6),
            Build.ipv6([60, 0, 0, 0, 0, 0, 0, 0] + Build.udp(payload: [9, 9]), next: 60),
            Build.ipv6([128, 0, 0, 0, 0, 1, 0, 2], next: 58),
        ]
        let path = temporaryPath("synth.pcap")
        for type in [LinkType.bsdLoopback, .rawIP, .linuxCooked, .linuxCooked2, .ethernet] {
            let writer = try PcapFileWriter(path: path, linkType: type)
            var second: Int64 = 1_700_000_000
            for ip in ips {
                let frame = Build.link(type, ip)
                for cut in [frame.count, frame.count - 3, frame.count / 2, 22] where cut > 0 && cut <= frame.count {
                    second += 1
                    let header = PacketHeader(seconds: second, microseconds: 42, capturedLength: cut, wireLength: frame.count)
                    try writer.write(CapturedPacket(header: header, bytes: frame, number: 0))
                }
            }
            try writer.close()
            for flags in [["-nn"], ["-nn", "-A"], ["-nn", "-X"]] { _ = try compare(path, flags: flags) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
