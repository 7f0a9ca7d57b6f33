import ToolCommands
import SocketsCore
import Foundation
import Glibc
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// Other programs' sockets with their process names, and agreement with ss.
@Suite("Processes and agreement with ss")
struct ProcessesAndAgreementTests {
    /// The port the real `nc -l` listens on (this suite's range is 18200–18299).
    static let netcatPort: UInt16 = 18201

    @Test("A real `nc -l` shows up with its pid and the name nc")
    func netcat() throws {
        let nc = try #require(TestProcess.find("nc"), "netcat-openbsd is needed for this test")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nc)
        process.arguments = ["-l", "127.0.0.1", String(Self.netcatPort)]
        process.standardInput = Pipe()        // keeps nc waiting, never reading our stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // Foundation starts children with most signals blocked, SIGTERM among them:
            // only SIGKILL is sure to end nc.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let reader = ConnectionsReader()
        let request = try ConnectionsCommandLine.parse("ss -tlnp '( sport = :\(Self.netcatPort) )'")
        let snapshot = try eventually({ try reader.read(request) }, until: { !$0.entries.isEmpty })
        let listener = try #require(snapshot.entries.first)
        #expect(listener.state == .listen)
        #expect(listener.local == SocketAddress(address: .loopbackIPv4, port: Self.netcatPort))
        let holder = try #require(listener.processes?.first)
        #expect(holder.pid == process.processIdentifier)
        #expect(holder.name.string == "nc")
        #expect(holder.programName?.string == "nc")   // argv[0] /usr/bin/nc, as netstat shortens it
        #expect(holder.fd >= 3)

        // Drawn as ss and netstat draw it.
        let ssText = ConnectionsFormatter(options: request.display).render(snapshot.entries)
        #expect(ssText.contains("users:((\"nc\",pid=\(process.processIdentifier),fd=\(holder.fd)))"))
        let netstat = try ConnectionsCommandLine.parse("netstat -tlnp")
        let netstatText = ConnectionsFormatter(options: netstat.display).render(snapshot.entries)
        #expect(netstatText.contains("\(process.processIdentifier)/nc"))

        // And ss itself agrees on who holds it.
        if let ss = TestProcess.find("ss") {
            let theirs = try TestProcess.output(ss, ["-tlnpH", "( sport = :\(Self.netcatPort) )"])
            #expect(theirs.contains("(\"nc\",pid=\(process.processIdentifier),fd=\(holder.fd))"))
        }
    }

    @Test("The process map finds this test's own sockets, under its own pid, fd and name")
    func ownSockets() throws {
        let pair = try TestNet.establishedPair(.ipv4)
        let sockets = [try TestNet.listener(.ipv6), pair.listener, pair.client, pair.server]
        let wanted = Set(sockets.map(\.inode))
        // Each socket once under this pid, with its own fd and this process's name.
        let name = try Self.ownCommandName()
        let expected = sockets.map { [Self.ssHolder(name: name, pid: getpid(), fd: $0.fd)] }

        let map = ProcessMap.scan()
        #expect(Self.holders(of: sockets, in: map) == expected)
        #expect(map.processes(forInode: 0).isEmpty)
        let limited = ProcessMap.scan(wanted: wanted)
        #expect(Set(limited.processesByInode.keys) == wanted)
        #expect(Self.holders(of: sockets, in: limited) == expected)
        // Resumable in small steps, with the same answer.
        let scan = ProcessScan(wanted: wanted)
        var result: ProcessMap? = nil
        while result == nil { result = scan.step(budgetMicroseconds: 0) }
        let stepped = try #require(result)
        #expect(Set(stepped.processesByInode.keys) == wanted)
        #expect(Self.holders(of: sockets, in: stepped) == expected)
        #expect(ProcessMap.socketInode(strdup("socket:[12345]"), length: 14) == 12345)
        #expect(ProcessMap.socketInode(strdup("pipe:[12345]"), length: 12) == nil)
    }

    /// This process's holders of each socket, as ss writes them (`("name",pid=1,fd=3)`).
    /// Other pids are left out on purpose: a suite running beside this one in the same
    /// process may fork a child (posix_spawn for tmux, nc…), which holds copies of our
    /// descriptors until it execs. The scan rightly lists it too, but not every time.
    static func holders(of sockets: [TestSocket], in map: ProcessMap) -> [[String]] {
        sockets.map { socket in
            map.processes(forInode: socket.inode)
                .filter { $0.pid == getpid() }
                .map { ssHolder(name: $0.name.string, pid: $0.pid, fd: $0.fd) }
        }
    }

    static func ssHolder(name: String, pid: Int32, fd: Int32) -> String {
        "(\"\(name)\",pid=\(pid),fd=\(fd))"
    }

    /// The kernel's name for this process (what ss prints), read apart from the code under test.
    static func ownCommandName() throws -> String {
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/comm"))
        defer { try? handle.close() }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// The (state, local, peer) rows of ss-style text.
    static func triples(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").compactMap { line -> String? in
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 5 else { return nil }
            return "\(f[0]) \(f[3]) \(f[4])"
        })
    }

    @Test("`porttutor connections -tan` lists the same rows as `ss -tanH` taken at the same moment")
    func agreesWithSS() throws {
        let ss = try #require(TestProcess.find("ss"), "iproute2 is needed for this test")
        // Give the table some variety of our own: listeners, pairs, IPv6, a TIME-WAIT.
        let pairs = try (0..<3).map { _ in try TestNet.establishedPair(.ipv4) } + [try TestNet.establishedPair(.ipv6)]
        let dual = try TestNet.listener(.ipv6, loopback: false, v6Only: false)
        let closing = try TestNet.establishedPair(.ipv4)
        closing.client.close()
        closing.server.close()
        _ = (pairs, dual, closing.listener)

        let request = try ConnectionsCommandLine.parse("ss -tanH")
        let reader = ConnectionsReader()
        let formatter = ConnectionsFormatter(options: request.display)
        // Other suites open and close sockets in parallel; retry until ss reads the same
        // table before and after ours (a quiet moment), then demand equality.
        // A socket that lives only while we read (between two identical ss readings)
        // can still differ; a few such moments are tolerated, a real disagreement repeats.
        var agreed = false
        var disagreements: [String] = []
        for _ in 0..<60 where !agreed && disagreements.count < 3 {
            let before = try TestProcess.output(ss, ["-tanH"])
            let ours = formatter.render(try reader.read(request).entries)
            let after = try TestProcess.output(ss, ["-tanH"])
            guard Self.triples(before) == Self.triples(after) else { usleep(50_000); continue }
            if Self.triples(ours) == Self.triples(before) {
                agreed = true
                #expect(Self.triples(ours).count >= 13)
                if before == after {
                    // Not even a queue moved: then the text is identical byte for byte.
                    #expect(ours == before)
                }
            } else {
                disagreements.append("ours only: \(Self.triples(ours).subtracting(Self.triples(before)))  ss only: \(Self.triples(before).subtracting(Self.triples(ours)))")
            }
        }
        #expect(agreed, "no quiet moment agreed: \(disagreements)")
    }

    @Test("The built porttutor binary agrees with ss too, and prints JSON and netstat style")
    func headlessBinary() throws {
        guard let porttutor = TestProcess.porttutorExecutable, let ss = TestProcess.find("ss") else {
            Issue.record("porttutor executable not found next to the tests; build it with `swift build`")
            return
        }
        let pair = try TestNet.establishedPair(.ipv4)
        let port = pair.listener.localPort
        let filter = "( sport = :\(port) or dport = :\(port) )"
        var agreed = false
        for _ in 0..<20 {
            let ours = try TestProcess.output(porttutor, ["connections", "-tanH", filter])
            let theirs = try TestProcess.output(ss, ["-tanH", filter])
            if ours == theirs { agreed = true; break }
            usleep(50_000)
        }
        #expect(agreed)

        let json = try TestProcess.output(porttutor, ["connections", "-tan", "--json", filter])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        #expect(Set(rows.compactMap { $0["state"] as? String }) == ["LISTEN", "ESTAB"])

        let netstat = try TestProcess.output(porttutor, ["connections", "-tan", "--style", "netstat"])
        #expect(netstat.hasPrefix("Active Internet connections (servers and established)\nProto Recv-Q"))
        #expect(netstat.contains("127.0.0.1:\(port)"))

        let udp = try TestProcess.output(porttutor, ["connections", "-uan", "--source", "proc"])
        #expect(udp.hasPrefix("State"))
    }
}
