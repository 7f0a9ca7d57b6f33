import ToolCommands
import SocketsCore
import ArgumentParser
import Connections
import ConnectionsCore
import NetworkTypes
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tutor

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

    @Option(name: .customLong("measure-refresh"), help: .hidden)
    var measureRefreshes: Int?

    @Argument(help: ArgumentHelp("An ss filter, such as '( sport = :8080 or dport = :8080 )'.", valueName: "FILTER"))
    var filter: [String] = []

    func validate() throws {
        _ = try makeRequest()
    }

    func run() throws {
        let request = try makeRequest()
        let reader = ConnectionsReader(table: source.table)
        if let measureRefreshes {
            try RefreshMeasurement.run(request: request, reader: reader, count: max(1, measureRefreshes))
            return
        }
        let snapshot: SocketSnapshot
        do {
            snapshot = try reader.read(request)
        } catch {
            StandardStreams.writeError("porttutor connections: \(error)\n")
            throw ExitCode.failure
        }
        for note in snapshot.notes(showingProcesses: request.display.showProcesses) { StandardStreams.writeError("porttutor connections: \(note)\n") }
        var out: [UInt8] = []
        if json {
            ConnectionsJSON.write(snapshot.entries, to: &out)
        } else {
            let formatter = ConnectionsFormatter(options: request.display, services: .system, ephemeralPorts: .system,
                                                 interfaces: .current(), userNames: .system)
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
                return try ConnectionsCommandLine.parseSS(words, services: .system)
            case .netstat:
                guard filter.isEmpty else {
                    throw ValidationError("netstat has no filter expression; use --style ss for '\(filter.joined(separator: " "))'.")
                }
                return try ConnectionsCommandLine.parseNetstat(letters.isEmpty ? [] : ["-" + letters])
            case .lsof, .fuser:
                throw ValidationError("--style takes ss or netstat; lsof and fuser are understood in the Connections pane.")
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
        case .proc: return SystemSocketTable(usesNetlink: false)
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

/// `--measure-refresh N` (hidden, for bench/connections): performs N pane refreshes in
/// this process exactly as the run loop would (a budgeted ``ConnectionsRefresh`` stepped
/// to completion, then ``ConnectionsPaneModel/apply(_:)`` and the 40 visible lines) and
/// prints medians and 90th percentiles in milliseconds: the CPU of a whole refresh, and
/// the longest the loop is held at once.
enum RefreshMeasurement {
    static func run(request: ConnectionsRequest, reader: ConnectionsReader, count: Int, budget: Int = 4000) throws {
        var pane = ConnectionsPaneModel(request: request, commandLine: "connections", services: .system,
                                        ephemeralPorts: .system, interfaces: .current())
        var read: [Double] = [], longestStep: [Double] = [], steps: [Double] = []
        var apply: [Double] = [], draw: [Double] = [], total: [Double] = [], longestHold: [Double] = []
        var rows = 0
        for _ in 0..<(count + 1) {
            let t0 = now()
            let refresh = reader.beginRefresh(request)
            var snapshot: SocketSnapshot? = nil
            var longest = 0.0
            var stepCount = 0
            while snapshot == nil {
                let s0 = now()
                snapshot = try refresh.step(budgetMicroseconds: budget)
                longest = max(longest, now() - s0)
                stepCount += 1
            }
            let t1 = now()
            pane.apply(snapshot!)
            let t2 = now()
            let lines = pane.visibleLines(height: 40)
            let t3 = now()
            rows = snapshot!.entries.count
            precondition(!lines.isEmpty)
            read.append(t1 - t0); longestStep.append(longest); steps.append(Double(stepCount))
            apply.append(t2 - t1); draw.append(t3 - t2); total.append(t3 - t0)
            longestHold.append(max(longest, (t2 - t1) + (t3 - t2)))
        }
        // The first refresh warms caches (service names, allocations); leave it out.
        func stats(_ name: String, _ values: [Double]) -> String {
            let sorted = values.dropFirst().sorted()
            let median = sorted[sorted.count / 2]
            let p90 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.9))]
            return "\(name) median_ms=\(format(median)) p90_ms=\(format(p90))"
        }
        var text = "rows=\(rows) refreshes=\(count) step_budget_us=\(budget)\n"
        text += stats("read_total", read) + "\n" + stats("read_longest_step", longestStep) + "\n"
        text += "read_steps median=\(Int(steps.dropFirst().sorted()[count / 2]))\n"
        text += stats("apply", apply) + "\n" + stats("draw40", draw) + "\n"
        text += stats("refresh_total", total) + "\n" + stats("longest_hold", longestHold) + "\n"
        StandardStreams.writeOutput(Array(text.utf8))
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1_000_000
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
