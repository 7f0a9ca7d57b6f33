import ArgumentParser
import Connections
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints the kernel's socket table with ss's columns (or netstat's), for scripts and
/// for comparison with the real tools. Same code as the Connections pane: the flags are
/// turned into the ss (or netstat) command line the pane would parse.
struct ConnectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Print the socket table, like ss.",
        discussion: """
            Flags combine as in ss: `porttutor connections -tan`, `-tlnp`, `-uan`.
            Without -a or -l, listeners are left out (as ss does). A filter may follow:
              porttutor connections -tn '( sport = :8080 or dport = :8080 )'
            """)

    @Flag(name: [.customShort("t"), .customLong("tcp")], help: "TCP sockets.")
    var tcp = false

    @Flag(name: [.customShort("u"), .customLong("udp")], help: "UDP sockets.")
    var udp = false

    @Flag(name: [.customShort("l"), .customLong("listening")], help: "Only listening sockets.")
    var listening = false

    @Flag(name: [.customShort("a"), .customLong("all")], help: "Listening and connected sockets.")
    var all = false

    @Flag(name: [.customShort("n"), .customLong("numeric")], help: "Port numbers instead of service names.")
    var numeric = false

    @Flag(name: [.customShort("p"), .customLong("processes")], help: "The programs holding each socket.")
    var processes = false

    @Flag(name: [.customShort("4"), .customLong("ipv4")], help: "Only IPv4.")
    var ipv4 = false

    @Flag(name: [.customShort("6"), .customLong("ipv6")], help: "Only IPv6.")
    var ipv6 = false

    @Flag(name: [.customShort("H"), .customLong("no-header")], help: "No header line.")
    var noHeader = false

    @Flag(name: .long, help: "JSON instead of a table.")
    var json = false

    @Option(name: .long, help: "Table style: ss or netstat.")
    var style: DisplayStyle = .ss

    @Option(name: .long, help: ArgumentHelp("Where to read the table: auto (netlink, else /proc), netlink, or proc.", valueName: "SOURCE"))
    var source: TableSourceChoice = .auto

    @Argument(help: ArgumentHelp("An ss filter, such as '( sport = :8080 or dport = :8080 )'.", valueName: "FILTER"))
    var filter: [String] = []

    func run() throws {
        let request = try makeRequest()
        let reader = ConnectionsReader(table: source.table)
        let snapshot: SocketSnapshot
        do {
            snapshot = try reader.read(request)
        } catch {
            StandardStreams.writeError("porttutor connections: \(error)\n")
            throw ExitCode.failure
        }
        for note in snapshot.notes { StandardStreams.writeError("porttutor connections: \(note)\n") }
        var out: [UInt8] = []
        if json {
            ConnectionsJSON.write(snapshot.entries, to: &out)
        } else {
            let formatter = ConnectionsFormatter(options: request.display, interfaces: .current())
            ConnectionsText.write(snapshot.entries, request: request, formatter: formatter,
                                  screenWidth: request.display.style == .ss ? StandardStreams.terminalWidth() : nil,
                                  to: &out)
        }
        StandardStreams.writeOutput(out)
    }

    /// The flags as the command line the pane would parse, so both paths agree.
    func makeRequest() throws -> ConnectionsRequest {
        var letters = ""
        if tcp { letters += "t" }
        if udp { letters += "u" }
        if all { letters += "a" }
        if listening { letters += "l" }
        if numeric { letters += "n" }
        if processes { letters += "p" }
        if ipv4 { letters += "4" }
        if ipv6 { letters += "6" }
        do {
            switch style {
            case .ss:
                if noHeader { letters += "H" }
                var words = letters.isEmpty ? [] : ["-" + letters]
                if !filter.isEmpty { words.append("--"); words.append(contentsOf: filter) }
                return try ConnectionsCommandLine.parseSS(words)
            case .netstat:
                guard filter.isEmpty else {
                    throw ValidationError("netstat has no filter expression; use --style ss for '\(filter.joined(separator: " "))'.")
                }
                return try ConnectionsCommandLine.parseNetstat(letters.isEmpty ? [] : ["-" + letters])
            }
        } catch let failure as ConnectionsCommandLine.Failure {
            throw ValidationError(failure.message)
        }
    }
}

extension DisplayStyle: ExpressibleByArgument {}

/// `--source`: lets scripts and tests compare the two Linux readers.
enum TableSourceChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, netlink, proc

    var table: any SocketTable {
        #if os(Linux)
        switch self {
        case .auto: return SystemSocketTable()
        case .netlink: return NetlinkSocketTable()
        case .proc: return ProcNetSocketTable()
        }
        #else
        return SystemSocketTable()
        #endif
    }
}

/// Plain writes to file descriptors 1 and 2: one large write for 20,000 rows instead of
/// 20,000 buffered prints.
enum StandardStreams {
    static func writeOutput(_ bytes: [UInt8]) { write(all: bytes, to: 1) }

    static func writeError(_ text: String) { write(all: Array(text.utf8), to: 2) }

    static func write(all bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                let n = Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // EPIPE (| head) and friends: nothing more to do
                }
                offset += n
            }
        }
    }

    /// The terminal's width when standard output is one (ss spreads its columns then).
    static func terminalWidth() -> Int? {
        guard isatty(1) == 1 else { return nil }
        var size = winsize()
        #if canImport(Glibc)
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        #else
        guard ioctl(1, TIOCGWINSZ, &size) == 0, size.ws_col > 0 else { return nil }
        #endif
        return Int(size.ws_col)
    }
}
