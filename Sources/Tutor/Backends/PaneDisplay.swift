import Connections
import Lessons

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
        var lines = connectionsPreamble
        let room = connectionsTableRoom(rows: rows)
        let view = connectionsInView(room: room)
        let table = view.visibleLines(height: room)
        lines += table.map { line in
            var styled = Self.styled(line)
            styled.wraps = false
            return styled
        }
        let shownRows = table.filter { if case .row = $0.kind { return true } else { return false } }.count
        let total = view.entries.count
        if shownRows < total {
            let first = view.scrollOffset + 1
            let text = "rows \(first)-\(view.scrollOffset + shownRows) of \(total), live · PgUp/PgDn"
            pane.status = StyledLine(text, .emphasis)
        }
        return pane.reading(lines)
    }

    /// The lines above the Connections table: the command typed, replies, notes, trouble.
    private var connectionsPreamble: [StyledLine] {
        var lines: [StyledLine] = [StyledLine([Span("$ ", .prompt), Span(LessonPresenter.safe(connections.commandLine), .code)])]
        lines += self[pane: .connections].scrollback.lines
        lines += connections.notes.map { StyledLine(LessonPresenter.safe($0), .dim) }
        if let problem = tools.tableProblem {
            lines.append(StyledLine(LessonPresenter.safe("The socket table could not be read: \(problem)"), .error))
        }
        return lines
    }

    /// The rows the table gets (its header included) in a pane `rows` tall: what the
    /// title bar and the input line leave, less the preamble's lines.
    private func connectionsTableRoom(rows: Int) -> Int {
        let area = Rect(x: 0, y: 0, width: 1, height: rows)
        let regions = PaneRegions(area: area, pane: self[pane: .connections], isFocused: focus == .connections)
        return max(1, regions.content.height - connectionsPreamble.count)
    }

    /// The table as drawn: until the learner scrolls, kept on the lesson's own rows,
    /// which on a busy machine would sit below dozens of other programs' rows.
    private func connectionsInView(room: Int) -> ConnectionsPaneModel {
        var view = connections
        if tools.connectionsFollowLessonPort { view.scrollToLessonPort(height: room) }
        return view
    }

    /// The Connections table's room in the pane as laid out now.
    private var connectionsRoomNow: Int {
        connectionsTableRoom(rows: layout.panes[.connections]?.height ?? size.rows / 2)
    }

    /// One table line: a gutter mark (`●` the lesson's port, `+` new since the last
    /// refresh), then the row with its state coloured; meaning never rests on colour alone.
    static func styled(_ line: ConnectionsPaneLine) -> StyledLine {
        // ss pads every column, the last one too; trailing blanks would only wrap.
        let text = line.text.trimmingTrailingSpace
        let safe = LessonPresenter.safe(text)
        guard case .row = line.kind else { return StyledLine([Span("  "), Span(safe, .heading)]) }
        let mark = line.isLessonPort ? Span("● ", .highlight) : line.isNew ? Span("+ ", .success) : Span("  ")
        let rowRole: TextRole = line.isLessonPort ? .highlight : .normal
        guard let range = line.stateRange, let state = line.state, safe == text else {
            return StyledLine([mark, Span(safe, rowRole)])
        }
        let utf8 = Array(safe.utf8)
        guard range.lowerBound >= 0, range.upperBound <= utf8.count else { return StyledLine([mark, Span(safe, rowRole)]) }
        let before = String(decoding: utf8[..<range.lowerBound], as: UTF8.self)
        let stateText = String(decoding: utf8[range], as: UTF8.self)
        let after = String(decoding: utf8[range.upperBound...], as: UTF8.self)
        return StyledLine([mark, Span(before, rowRole), Span(stateText, line.isLessonPort ? .highlight : role(of: state)), Span(after, rowRole)])
    }

    static func role(of state: Connections.SocketState) -> TextRole {
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
            // Scrolling starts from the rows on screen, which following may have moved.
            let room = connectionsRoomNow
            connections = connectionsInView(room: room)
            tools.connectionsFollowLessonPort = false
            connections.scroll(by: -lines, height: room)
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
