import ToolCommands
import ConnectionsCore
import NetworkTypes

/// Everything the Connections pane shows, as a plain value the app state can hold: the
/// command the learner typed, the last snapshot, which rows are new since the previous
/// refresh, the lesson's port, the scroll position, and the lines in view.
///
/// No I/O happens here. The run loop reads with ``ConnectionsReader`` (on its one-second
/// timer and after porttutor's own socket events) and hands the snapshot to ``apply(_:)``;
/// the view asks for ``visibleLines(height:)``. Only the rows in view are drawn, so
/// scrolling through 20,000 rows costs the same as through 20.
///
/// Pass `InterfaceIndexNames.current()` (read once at start-up) so sockets bound to an
/// interface show its name (`127.0.0.1%lo`); `ServiceNames.system` is read on first use
/// when a command without `-n` asks for service names.
public struct ConnectionsPaneModel: Sendable {
    /// What the rows answer; starts as `ss -tan`.
    public private(set) var request: ConnectionsRequest
    /// The command line as typed, shown above the table.
    public private(set) var commandLine: String
    /// Why the last typed command was refused, or nil.
    public private(set) var error: String?
    /// The request's note plus the last snapshot's notes (fallback to /proc, …).
    public private(set) var notes: [String] = []
    /// The rows in view order (after any `| grep`).
    public private(set) var entries: [SocketEntry] = []
    /// One flag per row: true when the row was not there at the previous refresh.
    public private(set) var newRows: [Bool] = []
    /// Rows to or from this port are highlighted (the lesson's 8080).
    public var lessonPort: UInt16?
    /// Index of the first row in view.
    public private(set) var scrollOffset = 0
    /// How many snapshots have been applied since the command last changed.
    public private(set) var refreshCount = 0

    private var formatter: ConnectionsFormatter
    private var layout: TableLayout
    private var previous: [SocketEntry] = []

    public init(commandLine: String = "ss -tan", lessonPort: UInt16? = 8080,
                services: ServiceNames = .builtIn, ephemeralPorts: EphemeralPortRange = .linuxDefault,
                interfaces: InterfaceIndexNames = InterfaceIndexNames(), userNames: UserNames = .builtIn) {
        let request = (try? ConnectionsCommandLine.parse(commandLine, services: services)) ?? .standard
        self.init(request: request, commandLine: commandLine, lessonPort: lessonPort,
                  services: services, ephemeralPorts: ephemeralPorts, interfaces: interfaces, userNames: userNames)
    }

    /// A pane for a request already parsed (the headless command's flags, a lesson step).
    public init(request: ConnectionsRequest, commandLine: String, lessonPort: UInt16? = 8080,
                services: ServiceNames = .builtIn, ephemeralPorts: EphemeralPortRange = .linuxDefault,
                interfaces: InterfaceIndexNames = InterfaceIndexNames(), userNames: UserNames = .builtIn) {
        self.request = request
        self.commandLine = commandLine
        self.lessonPort = lessonPort
        self.formatter = ConnectionsFormatter(options: request.display, services: services, ephemeralPorts: ephemeralPorts,
                                              interfaces: interfaces, userNames: userNames)
        self.layout = formatter.layout(for: [])
        self.notes = request.note.map { [$0] } ?? []
    }

    /// Takes a command typed in the pane. On success the next snapshot should be read for
    /// the new ``request`` (returns true); on failure the table stays as it was and
    /// ``error`` explains.
    @discardableResult
    public mutating func submit(_ line: String) -> Bool {
        do {
            let parsed = try ConnectionsCommandLine.parse(line, services: formatter.services)
            request = parsed
            commandLine = line
            error = nil
            notes = parsed.note.map { [$0] } ?? []
            formatter.options = parsed.display
            entries = []
            newRows = []
            previous = []
            refreshCount = 0
            scrollOffset = 0
            layout = formatter.layout(for: [])
            return true
        } catch {
            self.error = error.description
            return false
        }
    }

    /// Takes a new snapshot (read for ``request``): marks new rows, re-measures columns,
    /// keeps the scroll position in range. The first snapshot after a command marks
    /// nothing as new.
    public mutating func apply(_ snapshot: SocketSnapshot) {
        var rows = ConnectionsFormatter.rows(snapshot.entries, for: request.display)
        layout = formatter.layout(for: rows)
        if !request.grep.isEmpty {
            rows = rows.filter { entry in
                let text = formatter.line(for: entry, layout: layout).text
                return request.grep.allSatisfy { $0.accepts(text) }
            }
        }
        let diff = refreshCount == 0 ? SnapshotDiff() : SnapshotDiff(previous: previous, current: rows)
        newRows = diff.newRowFlags(count: rows.count)
        previous = rows
        entries = rows
        refreshCount += 1
        notes = (request.note.map { [$0] } ?? []) + snapshot.notes(showingProcesses: request.display.showProcesses)
        scrollOffset = min(scrollOffset, max(0, entries.count - 1))
    }

    /// The header line(s) of the table.
    public var headerLines: [String] {
        guard request.display.showHeader else { return [] }
        // lsof and fuser print nothing, not even a header, when no process matches; fuser
        // has a header only with -v.
        switch request.display.style {
        case .ss, .netstat: break
        case .lsof: if entries.isEmpty { return [] }
        case .fuser: if entries.isEmpty || !request.display.verbose { return [] }
        }
        return formatter.headerText(layout).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The lines in view for a pane `height` lines tall (header lines included in the
    /// height). `width` is the room for a row's text: when the whole table fits with the
    /// programs of rows too wide for it on lines of their own, it is drawn so (see
    /// ``lines(forRow:width:)``); otherwise, and with no width, one line a row, as ss
    /// prints to a pipe: which sockets there are matters more than who holds them.
    public func visibleLines(height: Int, width: Int? = nil) -> [ConnectionsPaneLine] {
        let header = headerLines.map { ConnectionsPaneLine(text: $0, kind: .header) }
        let room = height - header.count
        let programWidth = width.flatMap { fitsWithProgramLines(room: room, width: $0) ? $0 : nil }
        return header + lines(ofRows: entries.indices[min(scrollOffset, entries.count)...], limit: room, width: programWidth)
    }

    /// Whether every row fits in `room` lines with the programs that do not fit beside
    /// them on lines of their own (the table then needs no scrolling).
    private func fitsWithProgramLines(room: Int, width: Int) -> Bool {
        guard entries.count <= room else { return false }
        var used = 0
        for index in entries.indices {
            used += lines(forRow: index, width: width).count
            if used > room { return false }
        }
        return true
    }

    /// The lesson port's rows, live ones first, then its TIME-WAIT rows, at most `limit`:
    /// the learner's own sockets gathered in one place, however the kernel ordered them.
    public func lessonPortLines(limit: Int) -> [ConnectionsPaneLine] {
        guard let port = lessonPort else { return [] }
        let onPort = entries.indices.filter { entries[$0].involves(port: port) }
        let live = onPort.filter { entries[$0].state != .timeWait }
        let lingering = onPort.filter { entries[$0].state == .timeWait }
        return lines(ofRows: live + lingering, limit: limit, width: nil)
    }

    /// The rows not on the lesson's port, in the table's order, at most `limit`: what
    /// follows the lesson's own rows when they are shown first.
    public func linesOffLessonPort(limit: Int) -> [ConnectionsPaneLine] {
        guard let port = lessonPort else { return [] }
        return lines(ofRows: entries.indices.lazy.filter { !self.entries[$0].involves(port: port) }, limit: limit, width: nil)
    }

    /// Whole rows, in order, as many as fit in `limit` lines.
    private func lines(ofRows indices: some Sequence<Int>, limit: Int, width: Int?) -> [ConnectionsPaneLine] {
        var lines: [ConnectionsPaneLine] = []
        for index in indices {
            let row = self.lines(forRow: index, width: width)
            guard lines.count + row.count <= limit else { break }
            lines += row
        }
        return lines
    }

    /// How many rows are on the lesson's port.
    public var lessonPortRowCount: Int {
        guard let port = lessonPort else { return 0 }
        return entries.reduce(0) { $0 + ($1.involves(port: port) ? 1 : 0) }
    }

    /// Row `index` as one line, or two when it is wider than `width` and ends in a program
    /// column (`ss -p`, `netstat -p` at 80 columns): the program then goes on a line of its
    /// own below, where it can be read, instead of being cut at the pane's edge. A terminal
    /// would wrap the row there too.
    private func lines(forRow index: Int, width: Int?) -> [ConnectionsPaneLine] {
        let entry = entries[index]
        let drawn = formatter.line(for: entry, layout: layout)
        var row = ConnectionsPaneLine(
            text: drawn.text, kind: .row(index),
            state: entry.state, stateRange: drawn.stateRange,
            isNew: newRows[index],
            isLessonPort: lessonPort.map { entry.involves(port: $0) } ?? false)
        guard let width, let start = drawn.processStart,
              drawn.text.trimmingTrailingSpace.utf8.count > width else { return [row] }
        let bytes = Array(drawn.text.utf8)
        guard start <= bytes.count else { return [row] }
        row.text = String(decoding: bytes[..<start], as: UTF8.self)
        var program = row
        program.kind = .program(index)
        program.text = Self.programIndent + String(decoding: bytes[start...].drop { $0 == 0x20 }, as: UTF8.self)
        program.state = nil
        program.stateRange = nil
        return [row, program]
    }

    /// How far a program put on its own line is indented: under the row, not a row of its own.
    static let programIndent = "    "

    /// Moves the view by `rows` (negative is up), clamped to the table.
    public mutating func scroll(by rows: Int, height: Int) {
        scroll(to: scrollOffset + rows, height: height)
    }

    /// Shows row `index` at the top, as far as the table allows.
    public mutating func scroll(to index: Int, height: Int) {
        let room = max(1, height - headerLines.count)
        scrollOffset = max(0, min(index, entries.count - room))
    }

    /// Scrolls to the lesson port's rows, live ones first (a "find my connection" key);
    /// false when the port has no rows.
    @discardableResult
    public mutating func scrollToLessonPort(height: Int) -> Bool {
        guard let index = lessonPortRowToShow else { return false }
        scroll(to: index, height: height)
        return true
    }

    /// The lesson port's first row in any state but TIME-WAIT; its first TIME-WAIT row only
    /// when it has nothing else. TIME-WAIT rows linger a minute after earlier sessions, and
    /// the kernel's order can put them above the connection the learner has now.
    var lessonPortRowToShow: Int? {
        guard let port = lessonPort else { return nil }
        return entries.firstIndex { $0.involves(port: port) && $0.state != .timeWait }
            ?? entries.firstIndex { $0.involves(port: port) }
    }
}

/// One line of the pane, with what the view needs to colour it.
public struct ConnectionsPaneLine: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case header
        /// Index into ``ConnectionsPaneModel/entries``.
        case row(Int)
        /// The program column of row `Int`, on a line of its own below it (the row was
        /// too wide for the pane).
        case program(Int)
    }

    public var text: String
    public var kind: Kind
    /// The row's state, for choosing its colour.
    public var state: SocketState?
    /// Where the state name sits in `text` (ASCII, so byte offsets are columns).
    public var stateRange: Range<Int>?
    /// The row appeared since the previous refresh.
    public var isNew: Bool
    /// The row is on the lesson's port.
    public var isLessonPort: Bool

    public init(text: String, kind: Kind, state: SocketState? = nil, stateRange: Range<Int>? = nil,
                isNew: Bool = false, isLessonPort: Bool = false) {
        self.text = text
        self.kind = kind
        self.state = state
        self.stateRange = stateRange
        self.isNew = isNew
        self.isLessonPort = isLessonPort
    }
}
