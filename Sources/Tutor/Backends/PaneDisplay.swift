import ConnectionsCore
import NetworkTypes
import Lessons
import SafeText

/// What a pane looks like when drawn. Most panes draw their scrollback; the Connections
/// pane draws the table rows in view, formatted only for the rows that fit, so a table of
/// 20,000 sockets costs the same to draw as one of 20.
extension Model {
    /// The pane as the view should draw it, for an area `rows` tall.
    public func paneForDisplay(_ id: PaneID, rows: Int) -> Pane {
        if id == .packets, let explained = explanationLines() {
            var pane = self[pane: id].reading(explained)
            pane.status = StyledLine("explaining a packet", .emphasis)
            return pane
        }
        guard id == .connections else {
            var pane = self[pane: id]
            if !pane.unfinishedLines.isEmpty {
                pane.scrollback.append(contentsOf: pane.unfinishedLines.sorted { $0.key < $1.key }.map(\.value))
            }
            return pane
        }
        var pane = self[pane: id]
        let width = connectionsWidth
        var lines = connectionsPreamble(rows: rows, width: width)
        let room = connectionsTableRoom(rows: rows, preamble: lines, width: width)
        if let gathered = lessonPortFirst(room: room) {
            lines += gathered.lines
            pane.status = gathered.status
            return pane.reading(lines)
        }
        let view = connectionsInView(room: room)
        let table = view.visibleLines(height: room, width: connectionsRowWidth)
        lines += table.map(Self.tableLine)
        let shownRows = Self.rowCount(table)
        if let status = connectionsStatus(shown: shownRows, first: view.scrollOffset + 1, total: view.entries.count) {
            pane.status = status
        }
        return pane.reading(lines)
    }

    /// Until the learner scrolls, a table too long for the pane shows the lesson port's
    /// rows first, live ones before TIME-WAIT, then the other rows from the top.
    /// In the kernel's order the two ends of one connection can sit hundreds of rows
    /// apart on a busy machine; gathered, the learner sees both. Nil when the whole table
    /// fits (it is then shown as ss prints it), when the learner scrolled, or when the
    /// port has no rows or all of them.
    private func lessonPortFirst(room: Int) -> (lines: [StyledLine], status: StyledLine)? {
        guard gathersLessonPortRows(room: room), let port = connections.lessonPort else { return nil }
        let header = connections.headerLines.count
        let total = connections.entries.count
        let limit = max(1, room - header)
        let rows = connections.lessonPortLines(limit: limit)
        let shown = Self.rowCount(rows)
        var lines = connections.visibleLines(height: header).map(Self.tableLine) + rows.map(Self.tableLine)
        let left = limit - rows.count
        let forward = presentation == .demo ? "]" : "PgDn"
        let scroll: SourceText = connectionsHaveTheEye ? "\(trusted: forward) shows the whole table"
            : "\(trusted: presentation == .demo ? "" : "Alt-")\(PaneID.connections.number) then \(trusted: forward) shows them all"
        if left == 1 {
            let more = total - shown
            lines.append(StyledLine("  … \(more) more row\(more == 1 ? "" : "s") · \(scroll)", .dim, wraps: false))
        } else if left >= 2 {
            let others = total - connections.lessonPortRowCount
            lines.append(StyledLine("  ── \(others) other row\(others == 1 ? "" : "s") · \(scroll) ──", .dim, wraps: false))
            lines += connections.linesOffLessonPort(limit: left - 1).map(Self.tableLine)
        }
        let status = StyledLine("port \(port) first: \(shown) of \(total) rows, live · \(trusted: scrollKeysLabel)", .emphasis)
        return (lines, status)
    }

    /// Whether the pane gathers the lesson port's rows first (see ``lessonPortFirst``):
    /// following, some but not all rows on the port, and a table too long for `room`.
    private func gathersLessonPortRows(room: Int) -> Bool {
        let onPort = connections.lessonPortRowCount
        let total = connections.entries.count
        return connectionsPane.scroll == .followsLessonPort && onPort > 0 && onPort < total
            && total > room - connections.headerLines.count
    }

    /// How many of `lines` are rows (not the header, not a row's program line).
    private static func rowCount(_ lines: [ConnectionsPaneLine]) -> Int {
        lines.count { if case .row = $0.kind { true } else { false } }
    }

    /// The room for a row's text: the pane less the gutter its marks take.
    private var connectionsRowWidth: Int { max(1, connectionsWidth - Self.gutterWidth) }

    /// The `● ` or `+ ` before each row.
    static let gutterWidth = 2

    /// A table line as the pane draws it: never wrapped, so one socket is one row (and its
    /// program, when the row is too wide for it, one more).
    private static func tableLine(_ line: ConnectionsPaneLine) -> StyledLine {
        var styled = styled(line)
        styled.wraps = false
        return styled
    }

    /// The title when the table does not fit: which rows are in view, or, when not one
    /// fits, how many there are and how to see them. Nil when every row is in view.
    private func connectionsStatus(shown: Int, first: Int, total: Int) -> StyledLine? {
        guard shown < total else { return nil }
        guard shown > 0 else {
            let count = "\(total) row\(total == 1 ? "" : "s"), live · "
            let why = connectionsHaveTheEye ? "no room to show them" + (connectionsRoomHint.map { ": \($0)" } ?? "") : connectionsRoomHint ?? ""
            // Numbers and porttutor's own words.
            return StyledLine(trusted: count + why, .emphasis)
        }
        return StyledLine("rows \(first)-\(first + shown - 1) of \(total), live · \(trusted: scrollKeysLabel)", .emphasis)
    }

    /// The keys that scroll a pane: in demo mode Page Up and Page Down move between steps.
    private var scrollKeysLabel: String { presentation == .demo ? "[ ]" : "PgUp/PgDn" }

    /// The Connections pane is the one being looked at: focused, or spotlit in demo mode.
    private var connectionsHaveTheEye: Bool {
        presentation == .demo ? spotlight == .connections : focus == .connections
    }

    /// How to give the Connections pane more room: zoom it when it has the eye, move to
    /// it otherwise (the focused pane gets the larger share). Nil when zoomed already.
    private var connectionsRoomHint: String? {
        let demo = presentation == .demo
        let number = PaneID.connections.number
        guard connectionsHaveTheEye else { return demo ? "\(number) then z shows them" : "Alt-\(number) shows them" }
        return isZoomed ? nil : demo ? "z zooms" : "F2 zooms"
    }

    /// The lines above the Connections table in a pane `rows` tall: the replies to the
    /// last command typed (cut to leave the table room), then the command the table
    /// answers, its notes and any trouble reading it.
    private func connectionsPreamble(rows: Int, width: Int) -> [StyledLine] {
        let command = connectionsCommandLines
        let content = connectionsContentRows(rows)
        // Never the header's and one row's place; and at most half the pane, unless the
        // learner zoomed it (as the note on a cut reply suggests) to read the whole reply.
        let table = Self.wrappedRows(command, width: width) + connections.headerLines.count + 1
        // The learner reads the reply in the pane they typed in; elsewhere rows come first.
        let budget = max(connectionsHaveTheEye ? 1 : 0, min(isZoomed ? content : content / 2, content - table))
        return fitted(self[pane: .connections].scrollback.lines, rows: budget, width: width) + command
    }

    /// The command line the table answers, its notes, and why it could not be read.
    private var connectionsCommandLines: [StyledLine] {
        var lines: [StyledLine] = [StyledLine([Span("$ ", .prompt), Span(SafeText(untrusted: connections.commandLine), .code)])]
        lines += connections.notes.map { StyledLine(SafeText(untrusted: $0), .dim) }
        if let problem = connectionsPane.unreadable {
            lines.append(StyledLine(SafeText(untrusted: "The socket table could not be read: \(problem)"), .error))
        }
        return lines
    }

    /// Replies cut to `budget` rows: their first lines (an error leads with what went
    /// wrong), then a note of how many lines did not fit and how to see them.
    private func fitted(_ replies: [StyledLine], rows budget: Int, width: Int) -> [StyledLine] {
        guard Self.wrappedRows(replies, width: width) > budget, let first = replies.first else { return replies }
        guard budget > 0 else { return [] }
        var kept: [StyledLine] = []
        var used = 0
        for line in replies {
            let needed = Self.wrappedRows([line], width: width)
            guard used + needed <= budget - 1 else { break }
            kept.append(line)
            used += needed
        }
        if kept.isEmpty {
            var cut = first
            cut.wraps = false
            kept = [cut]
        }
        guard budget >= 2 else { return kept }
        let left = replies.count - kept.count
        let howToSee = connectionsRoomHint.map { ": \($0)" } ?? ""
        return kept + [StyledLine("… \(left) more line\(left == 1 ? "" : "s")\(trusted: howToSee)", .dim, wraps: false)]
    }

    /// The Connections pane's width as laid out now, which its lines wrap to.
    private var connectionsWidth: Int { layout.panes[.connections]?.width ?? size.columns }

    /// The rows `lines` take, wrapped to `width`.
    private static func wrappedRows(_ lines: [StyledLine], width: Int) -> Int {
        lines.reduce(0) { $0 + max(1, LineWrapper.wrap($1, width: width).count) }
    }

    /// The rows between the title bar and the input line of a pane `rows` tall, as drawn.
    private func connectionsContentRows(_ rows: Int) -> Int {
        let area = Rect(x: 0, y: 0, width: 1, height: rows)
        return PaneRegions(area: area, pane: self[pane: .connections], isFocused: focus == .connections).content.height
    }

    /// The rows the table gets (its header included) in a pane `rows` tall, below `preamble`.
    private func connectionsTableRoom(rows: Int, preamble: [StyledLine], width: Int) -> Int {
        max(1, connectionsContentRows(rows) - Self.wrappedRows(preamble, width: width))
    }

    /// The table as drawn: until the learner scrolls, kept on the lesson's own rows,
    /// which on a busy machine would sit below dozens of other programs' rows.
    private func connectionsInView(room: Int) -> ConnectionsPaneModel {
        var view = connections
        if connectionsPane.scroll == .followsLessonPort { view.scrollToLessonPort(height: room) }
        return view
    }

    /// The Connections table's room in the pane as laid out now.
    private var connectionsRoomNow: Int {
        let rows = layout.panes[.connections]?.height ?? size.rows / 2
        let width = connectionsWidth
        return connectionsTableRoom(rows: rows, preamble: connectionsPreamble(rows: rows, width: width), width: width)
    }

    /// One table line: a gutter mark (`●` the lesson's port, `+` new since the last
    /// refresh), then the row with its state coloured; meaning never rests on colour alone.
    static func styled(_ line: ConnectionsPaneLine) -> StyledLine {
        // ss pads every column, the last one too; trailing blanks would only wrap.
        let text = line.text.trimmingTrailingSpace
        let safe = SafeText(untrusted: text)
        let rowRole: TextRole = line.isLessonPort ? .highlight : .normal
        switch line.kind {
        case .header: return StyledLine([Span("  "), Span(safe, .heading)])
        case .program: return StyledLine([Span("  "), Span(safe, rowRole)])
        case .row: break
        }
        let mark = line.isLessonPort ? Span("● ", .highlight) : line.isNew ? Span("+ ", .success) : Span("  ")
        guard let range = line.stateRange, let state = line.state, safe.string == text else {
            return StyledLine([mark, Span(safe, rowRole)])
        }
        let utf8 = Array(safe.string.utf8)
        guard range.lowerBound >= 0, range.upperBound <= utf8.count else { return StyledLine([mark, Span(safe, rowRole)]) }
        // Slices of safe text, cut where the table's columns are.
        let before = SafeText(bytes: utf8[..<range.lowerBound])
        let stateText = SafeText(bytes: utf8[range])
        let after = SafeText(bytes: utf8[range.upperBound...])
        return StyledLine([mark, Span(before, rowRole), Span(stateText, line.isLessonPort ? .highlight : role(of: state)), Span(after, rowRole)])
    }

    static func role(of state: SocketState) -> TextRole {
        switch state {
        case .established: .success
        case .listen: .emphasis
        case .synSent, .synReceived: .warning
        case .timeWait, .finWait1, .finWait2, .closeWait, .lastAck, .closing: .dim
        case .close, .unknown: .normal
        }
    }

    /// Scrolls a pane's history; the Connections pane scrolls its table instead.
    mutating func scroll(_ id: PaneID, by lines: Int) {
        if id == .connections {
            // Scrolling leaves the lesson's gathered rows for the whole table, around the
            // first of them: Page Down puts it at the top, Page Up a screenful above.
            let room = connectionsRoomNow
            let gathered = gathersLessonPortRows(room: room)
            connections = connectionsInView(room: room)
            connectionsPane.scroll = .learnerScrolled
            if !gathered || lines > 0 { connections.scroll(by: -lines, height: room) }
        } else if id == .lesson, let fit = lessonFit() {
            // By wrapped rows, up to the page's end: the pane's lines wrap into more rows.
            self[pane: id].scrollback.offset = min(max(0, fit.offset - lines), fit.maxOffset)
        } else {
            self[pane: id].scrollback.scroll(by: lines)
            if let limit = historyScrollLimit(id) {
                self[pane: id].scrollback.offset = min(self[pane: id].scrollback.offset, limit)
            }
        }
    }

    /// How far back a pane's history can scroll before its first line is at the top: past
    /// that, Page Up would count on while the view stays put. Nil when the pane is hidden
    /// or read from the top.
    private func historyScrollLimit(_ id: PaneID) -> Int? {
        guard let area = layout.panes[id], !self[pane: id].scrollback.anchorsAtTop else { return nil }
        let pane = paneForDisplay(id, rows: area.height)
        let content = PaneRegions(area: area, pane: pane, isFocused: focus == id).content
        let lines = pane.scrollback.lines
        var rows = 0
        for (index, line) in lines.enumerated() {
            rows += LineWrapper.wrap(line, width: content.width).count
            if rows >= content.height { return lines.count - index - 1 }
        }
        return 0
    }

    /// How far Page Up and Page Down move: a screenful of the Lesson pane's text or of
    /// the table, less a row for context; half the screen elsewhere.
    func pageSize(of id: PaneID) -> Int {
        if id == .lesson, let fit = lessonFit() { return max(1, fit.scrolledRows - 1) }
        if id == .connections { return max(1, connectionsRoomNow - connections.headerLines.count - 1) }
        return max(1, size.rows / 2)
    }
}

extension Pane {
    /// The pane showing `lines` read from the top (a table, an explanation) in place of its
    /// history; its title, status and input line stay.
    func reading(_ lines: [StyledLine]) -> Pane {
        var pane = self
        var scrollback = Scrollback(capacity: max(1, lines.count), anchorsAtTop: true)
        scrollback.replaceAll(with: lines)
        pane.scrollback = scrollback
        return pane
    }
}
