import NetworkTypes

/// Draws socket table rows as ss or netstat print them.
///
/// ss measures every column over all rows, then pads: addresses right-aligned against
/// their `:`, ports left-aligned after it, IPv6 in brackets, `*` for an unspecified
/// dual-stack address or port 0. netstat uses fixed printf widths and cuts long addresses
/// to 22 characters. Both are reproduced byte for byte so the headless command can be
/// diffed against the real tools.
///
/// Rows are written straight into byte buffers: the headless command draws 20,000 rows in
/// a few milliseconds; the pane asks for only the lines it shows, after one cheap
/// ``layout(for:screenWidth:)`` pass that measures without building strings.
public struct ConnectionsFormatter: Sendable {
    public var options: DisplayOptions
    /// Service names for ports (used unless `numeric`), read from /etc/services at the edge.
    public var services: ServiceNames
    public var ephemeralPorts: EphemeralPortRange
    public var interfaces: InterfaceIndexNames
    /// Login names for lsof's and `fuser -v`'s USER column.
    public var userNames: UserNames

    public init(options: DisplayOptions, services: ServiceNames = .builtIn,
                ephemeralPorts: EphemeralPortRange = .linuxDefault,
                interfaces: InterfaceIndexNames = InterfaceIndexNames(),
                userNames: UserNames = .builtIn) {
        self.options = options
        self.services = services
        self.ephemeralPorts = ephemeralPorts
        self.interfaces = interfaces
        self.userNames = userNames
    }

    // MARK: - Whole tables

    /// The whole table as text, ending with a newline (header included per options).
    /// `screenWidth` spreads spare columns as ss does on a terminal; nil is ss's piped
    /// (compact) output.
    public func render(_ entries: [SocketEntry], screenWidth: Int? = nil) -> String {
        var out: [UInt8] = []
        write(entries, screenWidth: screenWidth, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the whole table to `out`.
    public func write(_ entries: [SocketEntry], screenWidth: Int? = nil, to out: inout [UInt8]) {
        switch options.style {
        case .ss:
            let layout = self.layout(for: entries, screenWidth: screenWidth)
            out.reserveCapacity(out.count + (entries.count + 1) * (layout.lineLength + 1))
            if options.showHeader { writeHeader(layout, to: &out); out.append(0x0A) }
            for entry in entries { writeRow(entry, layout, to: &out); out.append(0x0A) }
        case .netstat:
            out.reserveCapacity(out.count + (entries.count + 2) * 100)
            if options.showHeader {
                out.append(contentsOf: netstatTitle.utf8); out.append(0x0A)
                out.append(contentsOf: netstatHeader.utf8); out.append(0x0A)
            }
            for entry in ConnectionsFormatter.netstatOrder(entries) {
                writeNetstatRow(entry, to: &out); out.append(0x0A)
            }
        case .lsof, .fuser:
            // Both print nothing at all, not even a header, when no process matches.
            let rows = Self.rows(entries, for: options)
            guard !rows.isEmpty else { return }
            let layout = self.layout(for: rows)
            if options.showHeader && (options.style == .lsof || options.verbose) {
                out.append(contentsOf: headerText(layout).utf8); out.append(0x0A)
            }
            for row in rows { out.append(contentsOf: line(for: row, layout: layout).text.utf8); out.append(0x0A) }
        }
    }

    // MARK: - Lines for the pane

    /// Column widths for a set of rows.
    public func layout(for entries: [SocketEntry], screenWidth: Int? = nil) -> TableLayout {
        switch options.style {
        case .ss: break
        case .netstat: return TableLayout(columns: [], widths: [], lineLength: netstatHeader.utf8.count)
        case .lsof: return lsofLayout(for: entries)
        case .fuser: return fuserLayout(for: entries)
        }
        let columns = ssColumns
        var maxLength = [Int](repeating: 0, count: columns.count)
        if options.showHeader {
            for (i, column) in columns.enumerated() { maxLength[i] = column.header.utf8.count }
        }
        for (row, entry) in entries.enumerated() {
            for i in columns.indices {
                // ss measures a cell when it moves on to the next one; the process cell
                // of the very last row is never moved past, so it never widens its column.
                if columns[i] == .process && row == entries.count - 1 { continue }
                let n = cellLength(columns[i], entry)
                if n > maxLength[i] { maxLength[i] = n }
            }
        }
        return TableLayout.ss(columns: columns, maxLengths: maxLength, screenWidth: screenWidth)
    }

    /// The header line(s): one for ss, netstat's title and column names joined by a newline.
    public func headerText(_ layout: TableLayout) -> String {
        switch options.style {
        case .ss:
            var out: [UInt8] = []
            writeHeader(layout, to: &out)
            return String(decoding: out, as: UTF8.self)
        case .netstat:
            return netstatTitle + "\n" + netstatHeader
        case .lsof:
            return lsofHeader(layout)
        case .fuser:
            return fuserHeader()
        }
    }

    /// One row as a line, with where its state text sits (for colouring).
    public func line(for entry: SocketEntry, layout: TableLayout) -> ConnectionsLine {
        var out: [UInt8] = []
        let marks: RowMarks
        switch options.style {
        case .ss:
            marks = writeRow(entry, layout, to: &out)
        case .netstat:
            marks = writeNetstatRow(entry, to: &out)
        case .lsof:
            return lsofLine(entry, layout)
        case .fuser:
            return fuserLine(entry, layout)
        }
        return ConnectionsLine(text: String(decoding: out, as: UTF8.self), stateRange: marks.state, processStart: marks.process)
    }

    // MARK: - ss

    /// The columns ss would print for these options.
    public var ssColumns: [SSColumn] {
        SSColumn.allCases.filter { column in
            switch column {
            case .netid: return options.showNetid
            case .state: return options.showState
            default: return true
            }
        }
    }

    private func writeHeader(_ layout: TableLayout, to out: inout [UInt8]) {
        for (i, column) in layout.columns.enumerated() {
            let text = column.header
            writeCell(i, layout, length: text.utf8.count, to: &out) { $0.append(contentsOf: text.utf8) }
        }
    }

    /// Where a row's state and program sit in its text.
    private struct RowMarks {
        var state: Range<Int>?
        var process: Int?
    }

    /// Writes one row (no newline); returns where its state and program are.
    @discardableResult
    private func writeRow(_ entry: SocketEntry, _ layout: TableLayout, to out: inout [UInt8]) -> RowMarks {
        var marks = RowMarks()
        for (i, column) in layout.columns.enumerated() {
            let length = cellLength(column, entry)
            let start = writeCell(i, layout, length: length, to: &out) { writeCellContent(column, entry, to: &$0) }
            if column == .state { marks.state = start..<(start + length) }
            if column == .process && length > 0 { marks.process = start }
        }
        return marks
    }

    /// Writes delimiter, padding and content of one cell as ss's render() does; returns
    /// where the content starts.
    @discardableResult
    private func writeCell(_ index: Int, _ layout: TableLayout, length: Int, to out: inout [UInt8],
                           content: (inout [UInt8]) -> Void) -> Int {
        let column = layout.columns[index]
        let width = layout.widths[index]
        var printed = 0
        if index > 0 && column.delimiter {
            out.append(0x20)
            printed = 1
        }
        if column.rightAligned && width > 0 {
            ByteText.appendSpaces(width - length - printed, to: &out)
        }
        let start = out.count
        content(&out)
        if !column.rightAligned && width > 0 {
            ByteText.appendSpaces(width - printed - length, to: &out)
        }
        return start
    }

    /// How many bytes a cell's content takes, without writing it.
    func cellLength(_ column: SSColumn, _ entry: SocketEntry) -> Int {
        switch column {
        case .netid: return entry.transport.name.utf8.count
        case .state: return entry.state.ssName.utf8.count
        case .recvQ: return max(6, ByteText.decimalLength(UInt64(entry.recvQ)))
        case .sendQ: return max(6, ByteText.decimalLength(UInt64(entry.sendQ)))
        case .localAddress: return ssHostLength(entry.local.address, entry, interface: entry.interfaceIndex) + 1
        case .localPort: return portLength(entry.local.port, entry.transport, style: .ss)
        case .peerAddress: return ssHostLength(entry.remote.address, entry, interface: 0) + 1
        case .peerPort: return portLength(entry.remote.port, entry.transport, style: .ss)
        case .process: return processCellLength(entry)
        }
    }

    private func writeCellContent(_ column: SSColumn, _ entry: SocketEntry, to out: inout [UInt8]) {
        switch column {
        case .netid: out.append(contentsOf: entry.transport.name.utf8)
        case .state: out.append(contentsOf: entry.state.ssName.utf8)
        case .recvQ: writeLeftPadded(UInt64(entry.recvQ), 6, to: &out)
        case .sendQ: writeLeftPadded(UInt64(entry.sendQ), 6, to: &out)
        case .localAddress:
            writeSSHost(entry.local.address, entry, interface: entry.interfaceIndex, to: &out)
            out.append(UInt8(ascii: ":"))
        case .localPort: writePort(entry.local.port, entry.transport, style: .ss, to: &out)
        case .peerAddress:
            writeSSHost(entry.remote.address, entry, interface: 0, to: &out)
            out.append(UInt8(ascii: ":"))
        case .peerPort: writePort(entry.remote.port, entry.transport, style: .ss, to: &out)
        case .process: writeProcessCell(entry, to: &out)
        }
    }

    /// `%-6d`: the number, then spaces up to six characters.
    private func writeLeftPadded(_ value: UInt64, _ width: Int, to out: inout [UInt8]) {
        let before = out.count
        ByteText.appendDecimal(value, to: &out)
        ByteText.appendSpaces(width - (out.count - before), to: &out)
    }

    /// ss writes an unspecified IPv6 address of a dual-stack socket as `*`, other IPv6
    /// addresses in brackets, and adds `%ifname` for a socket bound to an interface.
    private func ssHostLength(_ address: IPAddress, _ entry: SocketEntry, interface: UInt32) -> Int {
        var n: Int
        if address.family == .ipv6 {
            n = (address.isUnspecified && !entry.isV6Only) ? 1 : address.textLength + 2
        } else {
            n = address.textLength
        }
        if let name = interfaces.name(interface) { n += 1 + name.utf8.count }
        return n
    }

    private func writeSSHost(_ address: IPAddress, _ entry: SocketEntry, interface: UInt32, to out: inout [UInt8]) {
        if address.family == .ipv6 {
            if address.isUnspecified && !entry.isV6Only {
                out.append(UInt8(ascii: "*"))
            } else {
                out.append(UInt8(ascii: "["))
                address.write(to: &out)
                out.append(UInt8(ascii: "]"))
            }
        } else {
            address.write(to: &out)
        }
        if let name = interfaces.name(interface) {
            out.append(UInt8(ascii: "%"))
            out.append(contentsOf: name.utf8)
        }
    }

    /// The port as text: `*` for 0, a service name unless numeric (ss never names ports
    /// in the ephemeral range), else the number.
    func portName(_ port: UInt16, _ transport: TransportProtocol, style: DisplayStyle) -> String? {
        guard !options.numeric, port != 0 else { return nil }
        if style == .ss && ephemeralPorts.contains(port) { return nil }
        return services.name(port: port, transport: transport)
    }

    private func portLength(_ port: UInt16, _ transport: TransportProtocol, style: DisplayStyle) -> Int {
        if port == 0 { return 1 }
        if let name = portName(port, transport, style: style) { return name.utf8.count }
        return ByteText.decimalLength(UInt64(port))
    }

    private func writePort(_ port: UInt16, _ transport: TransportProtocol, style: DisplayStyle, to out: inout [UInt8]) {
        if port == 0 { out.append(UInt8(ascii: "*")); return }
        if let name = portName(port, transport, style: style) {
            out.append(contentsOf: name.utf8)
        } else {
            ByteText.appendDecimal(UInt64(port), to: &out)
        }
    }

    /// ` users:(("nc",pid=1234,fd=3))`, or nothing.
    private func processCellLength(_ entry: SocketEntry) -> Int {
        guard options.showProcesses, let processes = entry.processes, !processes.isEmpty else { return 0 }
        var n = 8 + 1  // " users:(" + ")"
        for (i, p) in processes.enumerated() {
            if i > 0 { n += 1 }
            n += 2 + p.name.string.utf8.count + 1 + 5 + ByteText.decimalLength(UInt64(UInt32(bitPattern: p.pid)))
                + 4 + ByteText.decimalLength(UInt64(UInt32(bitPattern: p.fd))) + 1
        }
        return n
    }

    private func writeProcessCell(_ entry: SocketEntry, to out: inout [UInt8]) {
        guard options.showProcesses, let processes = entry.processes, !processes.isEmpty else { return }
        out.append(contentsOf: " users:(".utf8)
        for (i, p) in processes.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "(\"".utf8)
            out.append(contentsOf: p.name.string.utf8)
            out.append(contentsOf: "\",pid=".utf8)
            ByteText.appendDecimal(UInt64(UInt32(bitPattern: p.pid)), to: &out)
            out.append(contentsOf: ",fd=".utf8)
            ByteText.appendDecimal(UInt64(UInt32(bitPattern: p.fd)), to: &out)
            out.append(UInt8(ascii: ")"))
        }
        out.append(UInt8(ascii: ")"))
    }

    // MARK: - netstat

    /// `Active Internet connections (servers and established)` and its two siblings.
    public var netstatTitle: String {
        let scope: String
        if options.allSockets {
            scope = "(servers and established)"
        } else if options.listeningOnly {
            scope = "(only servers)"
        } else {
            scope = "(w/o servers)"
        }
        return "Active Internet connections " + scope
    }

    public var netstatHeader: String {
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      "
            + (options.showProcesses ? " PID/Program name    " : "")
    }

    /// netstat lists TCP before UDP, IPv4 before IPv6 within each.
    public static func netstatOrder(_ entries: [SocketEntry]) -> [SocketEntry] {
        var ordered: [SocketEntry] = []
        ordered.reserveCapacity(entries.count)
        for transport in [TransportProtocol.tcp, .udp] {
            for family in [AddressFamily.ipv4, .ipv6] {
                for entry in entries where entry.transport == transport && entry.family == family {
                    ordered.append(entry)
                }
            }
        }
        return ordered
    }

    /// `printf("%-4s  %6ld %6ld %-*s %-*s %-11s", …)` plus ` %-20s` for `-p`.
    @discardableResult
    private func writeNetstatRow(_ entry: SocketEntry, to out: inout [UInt8]) -> RowMarks {
        let proto = entry.transport.name + (entry.family == .ipv6 ? "6" : "")
        out.append(contentsOf: proto.utf8)
        ByteText.appendSpaces(4 - proto.utf8.count, to: &out)
        out.append(contentsOf: "  ".utf8)
        // netstat reads /proc, where a listener's send queue is 0 (netlink reports its backlog).
        let sendQ = entry.state == .listen ? 0 : entry.sendQ
        writeRightAligned(UInt64(entry.recvQ), 6, to: &out)
        out.append(0x20)
        writeRightAligned(UInt64(sendQ), 6, to: &out)
        out.append(0x20)
        let localText = netstatAddress(entry.local, entry.transport)
        out.append(contentsOf: localText.utf8)
        ByteText.appendSpaces(23 - localText.utf8.count, to: &out)
        out.append(0x20)
        let remoteText = netstatAddress(entry.remote, entry.transport)
        out.append(contentsOf: remoteText.utf8)
        ByteText.appendSpaces(23 - remoteText.utf8.count, to: &out)
        out.append(0x20)
        let state = entry.state.netstatName(for: entry.transport)
        let stateStart = out.count
        out.append(contentsOf: state.utf8)
        ByteText.appendSpaces(11 - state.utf8.count, to: &out)
        var processStart: Int? = nil
        if options.showProcesses {
            out.append(0x20)
            processStart = out.count
            var program = "-"
            if let holder = entry.processes?.last {
                program = String(holder.pid) + "/" + (holder.programName ?? holder.name).string
                // netstat keeps it in a 20-byte buffer.
                if program.utf8.count > 19 { program = String(decoding: Array(program.utf8.prefix(19)), as: UTF8.self) }
            }
            out.append(contentsOf: program.utf8)
            ByteText.appendSpaces(20 - program.utf8.count, to: &out)
        }
        return RowMarks(state: stateStart..<(stateStart + state.utf8.count), process: processStart)
    }

    private func writeRightAligned(_ value: UInt64, _ width: Int, to out: inout [UInt8]) {
        ByteText.appendSpaces(width - ByteText.decimalLength(value), to: &out)
        ByteText.appendDecimal(value, to: &out)
    }

    /// `127.0.0.1:8080`, `:::22`, `0.0.0.0:*`; IPv4-mapped addresses shown as IPv4 (as
    /// netstat does); cut to 22 characters unless wide, keeping the port.
    func netstatAddress(_ endpoint: SocketAddress, _ transport: TransportProtocol) -> String {
        var host: String
        let address = endpoint.address
        if let mapped = address.embeddedIPv4 {
            host = mapped.description
        } else if address.family == .ipv6 && address.isUnspecified && !options.numeric {
            host = "[::]"
        } else {
            host = address.description
        }
        let port: String
        if endpoint.port == 0 {
            port = "*"
        } else {
            port = portName(endpoint.port, transport, style: .netstat) ?? String(endpoint.port)
        }
        if !options.wide && host.utf8.count + port.utf8.count > 22 {
            let portLength = min(port.utf8.count, 18)
            let hostLength = 22 - portLength
            host = String(decoding: Array(host.utf8.prefix(hostLength)), as: UTF8.self)
            return host + ":" + String(decoding: Array(port.utf8.prefix(portLength)), as: UTF8.self)
        }
        return host + ":" + port
    }
}

/// The columns of ss's table.
public enum SSColumn: Int, CaseIterable, Hashable, Sendable {
    case netid, state, recvQ, sendQ, localAddress, localPort, peerAddress, peerPort, process

    public var header: String {
        switch self {
        case .netid: return "Netid"
        case .state: return "State"
        case .recvQ: return "Recv-Q"
        case .sendQ: return "Send-Q"
        case .localAddress: return "Local Address:"
        case .localPort: return "Port"
        case .peerAddress: return "Peer Address:"
        case .peerPort: return "Port"
        case .process: return "Process"
        }
    }

    /// Addresses are right-aligned against the `:` that joins them to the port.
    var rightAligned: Bool { self == .localAddress || self == .peerAddress }

    /// Whether a space separates this column from the one before it (ports and the
    /// process column follow without one).
    var delimiter: Bool {
        switch self {
        case .netid, .localPort, .peerPort, .process: return false
        default: return true
        }
    }
}

/// Column widths for one drawing of the table.
public struct TableLayout: Hashable, Sendable {
    public var columns: [SSColumn]
    public var widths: [Int]
    /// The width of a full line (for reserving buffers; lines may be longer when a cell
    /// overflows).
    public var lineLength: Int

    public init(columns: [SSColumn], widths: [Int], lineLength: Int) {
        self.columns = columns
        self.widths = widths
        self.lineLength = lineLength
    }

    /// ss's render_calc_width: each column as wide as its widest cell plus its delimiter;
    /// on a terminal, spare width is then spread over the columns of each screen line.
    static func ss(columns: [SSColumn], maxLengths: [Int], screenWidth: Int?) -> TableLayout {
        var widths = [Int](repeating: 0, count: columns.count)
        var first = true
        for i in columns.indices {
            if !first && maxLengths[i] > 0 {
                widths[i] = maxLengths[i] + (columns[i].delimiter ? 1 : 0)
            } else {
                widths[i] = maxLengths[i]
            }
            if let screenWidth { widths[i] = min(widths[i], screenWidth) }
            if widths[i] > 0 { first = false }
        }
        if let screen = screenWidth, screen > 0 {
            var length = 0
            var lineColumns = 0
            var endOfLine = -1
            var c = 0
            while c < columns.count {
                defer { c += 1 }
                if widths[c] == 0 { continue }
                lineColumns += 1
                length += widths[c]
                let isLast = !widths[(c + 1)...].contains { $0 > 0 }
                if !isLast && length < screen { continue }
                if length != screen {
                    if length > screen && lineColumns > 1 {
                        length -= widths[c]
                        c -= 1
                        lineColumns -= 1
                    }
                    let pad = screen - length
                    if pad > 0 && lineColumns > 0 {
                        let spacing = pad / lineColumns
                        var remainder = pad % lineColumns
                        var t = c
                        while t > endOfLine {
                            if widths[t] > 0 {
                                widths[t] += spacing
                                if remainder > 0 { widths[t] += 1; remainder -= 1 }
                            }
                            t -= 1
                        }
                    }
                }
                endOfLine = c
                length = 0
                lineColumns = 0
            }
        }
        return TableLayout(columns: columns, widths: widths, lineLength: widths.reduce(0, +))
    }
}

/// One drawn row.
public struct ConnectionsLine: Hashable, Sendable {
    public var text: String
    /// Byte (and, being ASCII, column) range of the state name, for colouring.
    public var stateRange: Range<Int>?
    /// Where the program column begins (ss and netstat with `-p`), so a pane too narrow
    /// for the whole row can show the program on a line of its own instead of cutting it.
    public var processStart: Int?

    public init(text: String, stateRange: Range<Int>?, processStart: Int? = nil) {
        self.text = text
        self.stateRange = stateRange
        self.processStart = processStart
    }
}
