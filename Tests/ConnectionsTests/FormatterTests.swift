import ToolCommands
import SocketsCore
import Foundation
import SafeText
import Testing
@testable import Connections
@testable import ConnectionsCore
@testable import NetworkTypes

/// The formatter against real ss and netstat output recorded for a known set of sockets
/// (bench/connections/record_format_fixtures.py), and rule by rule.
@Suite("Formatter")
struct FormatterTests {
    static let folder = Bundle.module.resourcePath! + "/Fixtures/format/"
    /// The recording machine named none of ports 18220–18229.
    static let noNames = ServiceNames(parsing: [])
    static let ephemeral = EphemeralPortRange(32768...60999)

    static func recorded(_ name: String) throws -> String {
        try String(contentsOfFile: folder + name, encoding: .utf8)
    }

    /// The rows `porttutor connections -tuanp --json` read at the moment of recording.
    static func recordedRows() throws -> [SocketEntry] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "rows.json"))
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try objects.map(entry)
    }

    static func entry(_ o: [String: Any]) throws -> SocketEntry {
        func int(_ key: String) -> Int { (o[key] as? NSNumber)?.intValue ?? 0 }
        let state = SocketState.allCases.first { $0.ssName == o["state"] as? String } ?? .unknown
        let processes = (o["processes"] as? [[String: Any]])?.map { p in
            SocketProcess(pid: Int32((p["pid"] as? NSNumber)?.intValue ?? 0),
                          name: SafeText(untrusted: p["name"] as? String ?? ""),
                          fd: Int32((p["fd"] as? NSNumber)?.intValue ?? 0),
                          programName: (p["program"] as? String).map { SafeText(untrusted: $0) })
        }
        return SocketEntry(
            transport: o["netid"] as? String == "udp" ? .udp : .tcp,
            state: state,
            local: SocketAddress(address: try #require(IPAddress(parsing: o["local_address"] as? String ?? "")),
                                  port: UInt16(int("local_port"))),
            remote: SocketAddress(address: try #require(IPAddress(parsing: o["peer_address"] as? String ?? "")),
                                   port: UInt16(int("peer_port"))),
            recvQ: UInt32(int("recv_q")), sendQ: UInt32(int("send_q")),
            inode: UInt64(int("inode")), uid: UInt32(int("uid")),
            interfaceIndex: UInt32(int("interface_index")),
            isV6Only: o["v6_only"] as? Bool ?? false,
            processes: processes)
    }

    func render(_ command: String, _ rows: [SocketEntry], services: ServiceNames = FormatterTests.noNames) throws -> String {
        let request = try ConnectionsCommandLine.parse(command, services: services)
        let formatter = ConnectionsFormatter(options: request.display, services: services,
                                             ephemeralPorts: Self.ephemeral)
        var selected = rows.filter { request.query.matches($0) }
        if !request.display.showProcesses { selected = selected.map { var e = $0; e.processes = nil; return e } }
        return ConnectionsText.render(selected, request: request, formatter: formatter)
    }

    @Test("ss output, byte for byte", arguments: [
        ("ss -tuan", "ss-tuan.txt"),
        ("ss -tua", "ss-tua.txt"),
        ("ss -tuanp", "ss-tuanp.txt"),
        ("ss -tlnH", "ss-tlnH.txt"),
        ("ss -tn state established", "ss-tn-established.txt"),
        ("ss -un", "ss-un.txt"),
    ])
    func ssGolden(command: String, file: String) throws {
        let rows = try Self.recordedRows()
        let ours = try render(command, rows)
        let theirs = try Self.recorded(file)
        #expect(ours == theirs, "\n--- ours\n\(ours)--- ss\n\(theirs)")
    }

    @Test("netstat output, byte for byte", arguments: [
        ("netstat -tuanp", "netstat-tuanp.txt"),
        ("netstat -tun", "netstat-tun.txt"),
    ])
    func netstatGolden(command: String, file: String) throws {
        let rows = try Self.recordedRows()
        let ours = try render(command, rows)
        let theirs = try Self.recorded(file)
        #expect(ours == theirs, "\n--- ours\n\(ours)--- netstat\n\(theirs)")
    }

    // MARK: - Rules

    let services = ServiceNames(parsing: Array(
        "http-alt\t8080/tcp\twebcache\nssh 22/tcp\nbad\u{1B}name 23/tcp\ndomain 53/udp\nfirst 7000/tcp\nsecond 7000/tcp\n".utf8))

    func row(_ state: SocketState, _ local: String, _ lport: UInt16, _ remote: String, _ rport: UInt16,
             transport: TransportProtocol = .tcp, v6Only: Bool = false) -> SocketEntry {
        SocketEntry(transport: transport, state: state,
                    local: SocketAddress(address: IPAddress(parsing: local)!, port: lport),
                    remote: SocketAddress(address: IPAddress(parsing: remote)!, port: rport),
                    isV6Only: v6Only)
    }

    @Test("Service names: the first entry wins, ephemeral ports stay numbers in ss, -n keeps numbers")
    func names() throws {
        #expect(services.name(port: 8080, transport: .tcp) == "http-alt")
        #expect(services.name(port: 8080, transport: .udp) == nil)
        #expect(services.name(port: 7000, transport: .tcp) == "first")
        #expect(services.name(port: 23, transport: .tcp) == nil)   // an unprintable name is refused
        #expect(services.port(named: "http-alt", transport: .tcp) == 8080)

        let rows = [row(.established, "127.0.0.1", 8080, "127.0.0.1", 40000), row(.established, "127.0.0.1", 40000, "127.0.0.1", 8080)]
        let named = ConnectionsFormatter(options: DisplayOptions(style: .ss, numeric: false), services: services,
                                         ephemeralPorts: EphemeralPortRange(32768...60999))
        #expect(named.render(rows).contains("127.0.0.1:http-alt    127.0.0.1:40000"))
        // A client port that happens to be a registered service is still named by netstat.
        let netstat = ConnectionsFormatter(options: DisplayOptions(style: .netstat, numeric: false), services: services,
                                           ephemeralPorts: EphemeralPortRange(7000...7000))
        #expect(netstat.render([row(.established, "127.0.0.1", 7000, "127.0.0.1", 22)]).contains("127.0.0.1:first         127.0.0.1:ssh"))
        let ssStyle = ConnectionsFormatter(options: DisplayOptions(style: .ss, numeric: false), services: services,
                                           ephemeralPorts: EphemeralPortRange(7000...7000))
        #expect(ssStyle.render([row(.established, "127.0.0.1", 7000, "127.0.0.1", 22)]).contains("127.0.0.1:7000    127.0.0.1:ssh"))
        let numeric = ConnectionsFormatter(options: DisplayOptions(style: .ss, numeric: true), services: services)
        #expect(!numeric.render(rows).contains("http-alt"))
    }

    @Test("ServiceNames falls back to its built-in table without /etc/services")
    func builtInServices() {
        let missing = ServiceNames(contentsOf: "/nonexistent/services")
        #expect(missing.origin == .builtIn)
        #expect(missing.name(port: 8080, transport: .tcp) == "http-alt")
        #expect(missing.name(port: 22, transport: .tcp) == "ssh")
    }

    @Test("IPv6 and interface rules: brackets, * for dual-stack wildcards, %ifname")
    func addressRules() {
        let f = ConnectionsFormatter(options: DisplayOptions(style: .ss, showHeader: false),
                                     interfaces: InterfaceIndexNames([1: "lo"]))
        var bound = row(.listen, "127.0.0.1", 53, "0.0.0.0", 0)
        bound.interfaceIndex = 1
        #expect(f.render([bound]) == "LISTEN 0      0      127.0.0.1%lo:53 0.0.0.0:*\n")
        #expect(f.render([row(.listen, "::", 80, "::", 0)]) == "LISTEN 0      0      *:80 *:*\n")
        #expect(f.render([row(.listen, "::", 80, "::", 0, v6Only: true)]) == "LISTEN 0      0      [::]:80 [::]:*\n")
        #expect(f.render([row(.established, "fe80::1", 22, "fe80::2", 50000)]) == "ESTAB 0      0      [fe80::1]:22 [fe80::2]:50000\n")
    }

    @Test("netstat rules: mapped addresses as IPv4, [::] when naming, long addresses cut")
    func netstatRules() {
        let numeric = ConnectionsFormatter(options: DisplayOptions(style: .netstat, numeric: true))
        #expect(numeric.netstatAddress(SocketAddress(address: IPAddress(parsing: "::ffff:127.0.0.1")!, port: 80), .tcp) == "127.0.0.1:80")
        #expect(numeric.netstatAddress(SocketAddress(address: .anyIPv6, port: 0), .tcp) == ":::*")
        let named = ConnectionsFormatter(options: DisplayOptions(style: .netstat, numeric: false), services: ServiceNames(parsing: []))
        #expect(named.netstatAddress(SocketAddress(address: .anyIPv6, port: 22), .tcp) == "[::]:22")
        let long = SocketAddress(address: IPAddress(parsing: "2001:db8:1234:5678:9abc:def0:1234:5678")!, port: 54321)
        // netstat keeps 22 - len(port) characters of the host, then ":" and the port.
        #expect(numeric.netstatAddress(long, .tcp) == "2001:db8:1234:567:54321")
        let wide = ConnectionsFormatter(options: DisplayOptions(style: .netstat, numeric: true, wide: true))
        #expect(wide.netstatAddress(long, .tcp) == "2001:db8:1234:5678:9abc:def0:1234:5678:54321")
        #expect(numeric.render([]) == "Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n")
    }

    @Test("Process names are shown through SafeText")
    func hostileProcessName() {
        var entry = row(.listen, "127.0.0.1", 8080, "0.0.0.0", 0)
        entry.processes = [SocketProcess(pid: 7, name: SafeText(bytes: Array("evil\u{1B}[2Jname".utf8)), fd: 3)]
        let text = ConnectionsFormatter(options: DisplayOptions(style: .ss, showProcesses: true)).render([entry])
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("users:((\"evil␛[2Jname\",pid=7,fd=3))"))
    }

    @Test("On a terminal, spare width is spread over the columns as ss does")
    func screenWidth() throws {
        let f = ConnectionsFormatter(options: DisplayOptions(style: .ss))
        let rows = [row(.listen, "0.0.0.0", 2024, "0.0.0.0", 0)]
        let compact = f.layout(for: rows)
        let wide = f.layout(for: rows, screenWidth: 100)
        #expect(compact.widths.reduce(0, +) < 100)
        #expect(wide.widths.reduce(0, +) == 100)
        for line in f.render(rows, screenWidth: 100).split(separator: "\n") {
            #expect(line.count == 100)
        }
        // Narrower than the table: columns wrap onto screen lines that are each filled.
        let narrow = f.layout(for: rows, screenWidth: 30)
        #expect(narrow.widths.allSatisfy { $0 <= 30 })
    }

    @Test("Lines for the pane carry the state's position")
    func paneLines() {
        let f = ConnectionsFormatter(options: DisplayOptions(style: .ss))
        let rows = [row(.timeWait, "127.0.0.1", 40000, "127.0.0.1", 8080)]
        let line = f.line(for: rows[0], layout: f.layout(for: rows))
        let range = try! #require(line.stateRange)
        #expect(Array(line.text.utf8)[range] == Array("TIME-WAIT".utf8)[...])
        let n = ConnectionsFormatter(options: DisplayOptions(style: .netstat))
        let nl = n.line(for: rows[0], layout: n.layout(for: rows))
        #expect(Array(nl.text.utf8)[nl.stateRange!] == Array("TIME_WAIT".utf8)[...])
    }

    @Test("JSON: valid, numeric, processes only when looked up")
    func json() throws {
        var entry = row(.established, "::ffff:127.0.0.1", 8080, "::ffff:127.0.0.1", 40000)
        entry.processes = [SocketProcess(pid: 1, name: SafeText(untrusted: "a\"b\\c"), fd: 3,
                                         programName: SafeText(untrusted: "bin/a b"))]
        let text = ConnectionsJSON.render([entry, row(.listen, "127.0.0.1", 1, "0.0.0.0", 0)])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[0]["local_address"] as? String == "::ffff:127.0.0.1")
        #expect(parsed[0]["local_port"] as? Int == 8080)
        #expect(((parsed[0]["processes"] as? [[String: Any]])?.first?["name"] as? String) == "a\"b\\c")
        #expect(parsed[1]["processes"] == nil)
        #expect(ConnectionsJSON.render([]) == "[]\n")
        // Round trip through the test's own reader of rows.json.
        #expect(try Self.entry(parsed[0]) == entry)
    }
}
