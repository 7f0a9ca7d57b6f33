import NetworkTypes

/// `lsof -i` and `fuser PORT/tcp` as the real tools print them: both list processes that
/// hold sockets, so a socket with no process (TIME-WAIT) is not shown, and a socket shared
/// by two processes is shown for each.
extension ConnectionsFormatter {
    /// The rows a style prints, in its order: netstat's by protocol and family; lsof's one
    /// per process and socket, by pid then descriptor; fuser's one per process (one row
    /// holding every process without `-v`, since fuser prints their ids on one line).
    public static func rows(_ entries: [SocketEntry], for options: DisplayOptions) -> [SocketEntry] {
        switch options.style {
        case .ss: return entries
        case .netstat: return netstatOrder(entries)
        case .lsof:
            var rows: [SocketEntry] = []
            for entry in entries {
                for process in entry.processes ?? [] {
                    var row = entry
                    row.processes = [process]
                    rows.append(row)
                }
            }
            return rows.sorted { ($0.processes![0].pid, $0.processes![0].fd) < ($1.processes![0].pid, $1.processes![0].fd) }
        case .fuser:
            var byPID: [Int32: (SocketEntry, SocketProcess)] = [:]
            for entry in entries {
                for process in entry.processes ?? [] where byPID[process.pid] == nil { byPID[process.pid] = (entry, process) }
            }
            let holders = byPID.keys.sorted().compactMap { byPID[$0] }
            guard let first = holders.first else { return [] }
            if options.verbose {
                return holders.map { entry, process in
                    var row = entry
                    row.processes = [process]
                    return row
                }
            }
            var row = first.0
            row.processes = holders.map(\.1)
            return [row]
        }
    }

    // MARK: lsof

    /// lsof measures its columns over the rows it prints: COMMAND, PID, USER and DEVICE
    /// grow with their widest cell. The widths are kept in that order.
    func lsofLayout(for rows: [SocketEntry]) -> TableLayout {
        var widths = [7, 3, 4, 6]
        for row in rows {
            guard let process = row.processes?.first else { continue }
            widths[0] = max(widths[0], lsofCommand(process).utf8.count)
            widths[1] = max(widths[1], String(process.pid).utf8.count)
            widths[2] = max(widths[2], userNames.name(of: row.uid).utf8.count)
            widths[3] = max(widths[3], String(row.inode).utf8.count)
        }
        return TableLayout(columns: [], widths: widths, lineLength: widths.reduce(40, +))
    }

    func lsofHeader(_ layout: TableLayout) -> String {
        let w = layout.widths
        return padRight("COMMAND", w[0]) + " " + padLeft("PID", w[1]) + " " + padRight("USER", w[2])
            + "   FD   TYPE " + padLeft("DEVICE", w[3]) + " SIZE/OFF NODE NAME"
    }

    /// `nc      4242 root    3u  IPv4 2774339      0t0  TCP 127.0.0.1:8080 (LISTEN)`.
    func lsofLine(_ entry: SocketEntry, _ layout: TableLayout) -> ConnectionsLine {
        let w = layout.widths
        guard let process = entry.processes?.first else { return ConnectionsLine(text: "", stateRange: nil) }
        var text = padRight(lsofCommand(process), w[0]) + " " + padLeft(String(process.pid), w[1]) + " "
            + padRight(userNames.name(of: entry.uid), w[2]) + " " + padLeft("\(process.fd)u", 5) + "  "
            + (entry.family == .ipv6 ? "IPv6" : "IPv4") + " " + padLeft(String(entry.inode), w[3])
            + "      0t0 " + padLeft(entry.transport.name.uppercased(), 4) + " " + lsofEndpoint(entry.local, entry.transport)
        let connected = entry.state != .listen && entry.remote.port != 0
        if connected { text += "->" + lsofEndpoint(entry.remote, entry.transport) }
        var stateRange: Range<Int>? = nil
        if entry.transport == .tcp {
            let state = entry.state.netstatName(for: .tcp)
            text += " ("
            stateRange = text.utf8.count..<(text.utf8.count + state.utf8.count)
            text += state + ")"
        } else {
            text += " "
        }
        return ConnectionsLine(text: text, stateRange: stateRange)
    }

    /// lsof shows the first nine characters of the command name.
    private func lsofCommand(_ process: SocketProcess) -> String {
        String(process.name.string.prefix(9))
    }

    /// `*:8080` for a wildcard, `[::1]:8080` for IPv6, the service name unless `-P`.
    private func lsofEndpoint(_ endpoint: SocketAddress, _ transport: TransportProtocol) -> String {
        let address = endpoint.address
        let host: String
        if address.isUnspecified {
            host = "*"
        } else if let mapped = address.embeddedIPv4 {
            host = mapped.description
        } else {
            host = address.family == .ipv6 ? "[\(address)]" : address.description
        }
        let port = endpoint.port == 0 ? "*" : (portName(endpoint.port, transport, style: .lsof) ?? String(endpoint.port))
        return host + ":" + port
    }

    // MARK: fuser

    /// fuser's name field is 20 characters; `-v` adds user, pid, access and command.
    static let fuserNameField = 20

    func fuserHeader() -> String {
        String(repeating: " ", count: Self.fuserNameField) + " USER        PID ACCESS COMMAND"
    }

    /// `8080/tcp:             4242` (each id `%6d`), or with `-v`
    /// `8080/tcp:           root       4242 F.... nc`; with `-v`, only the first row names
    /// the port (`layout.widths[0]` holds that row's pid).
    func fuserLine(_ entry: SocketEntry, _ layout: TableLayout) -> ConnectionsLine {
        let processes = entry.processes ?? []
        guard let first = processes.first else { return ConnectionsLine(text: "", stateRange: nil) }
        let isFirstRow = layout.widths.first.map { Int32($0) == first.pid } ?? true
        let name = options.verbose && !isFirstRow ? "" : options.fuserName + ":"
        var text = padRight(name, Self.fuserNameField)
        if options.verbose {
            text += " " + padRight(userNames.name(of: entry.uid), 8) + " " + padLeft(String(first.pid), 6)
                + " F.... " + first.name.string
        } else {
            for process in processes { text += padLeft(String(process.pid), 6) }
        }
        return ConnectionsLine(text: text, stateRange: nil)
    }

    func fuserLayout(for rows: [SocketEntry]) -> TableLayout {
        let firstPID = rows.first?.processes?.first.map { Int($0.pid) } ?? 0
        return TableLayout(columns: [], widths: [firstPID], lineLength: 80)
    }

    // MARK: Padding

    private func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.utf8.count))
    }

    private func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.utf8.count)) + text
    }
}
