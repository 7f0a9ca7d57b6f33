/// What each pane says before anything has happened in it: what it is for and what to
/// type. A pane whose backend is not built yet says so plainly.
enum PaneIntroductions {
    static func install(into model: inout Model) {
        model[pane: .lesson].scrollback.append(contentsOf: [
            StyledLine("Welcome to porttutor.", .heading),
            "",
            StyledLine("No lessons are loaded yet: the lesson engine is not built in this version.", .warning),
            StyledLine("Press F1 for the keys, Tab to move between panes, F10 to quit.", .dim),
        ])
        model[pane: .listener].scrollback.append(contentsOf: [
            StyledLine([Span("Listen on a port here, like "), Span("nc -l 8080", .code), Span(".")]),
            StyledLine("Not built yet: this version cannot open listening sockets.", .warning),
        ])
        model[pane: .client].scrollback.append(contentsOf: [
            StyledLine([Span("Connect from here: "), Span("telnet localhost 8080", .code), Span(", "),
                        Span("nc", .code), Span(", "), Span("curl", .code), Span(".")]),
            StyledLine("Not built yet: this version cannot open connections.", .warning),
        ])
        model[pane: .connections].scrollback.append(contentsOf: [
            StyledLine([Span("The kernel's socket table, like "), Span("ss -tan", .code), Span(".")]),
            StyledLine("Not built yet: this version cannot read the socket table.", .warning),
        ])
        model[pane: .packets].scrollback.append(contentsOf: [
            StyledLine([Span("Packets as tcpdump prints them: "), Span("tcpdump -A -i lo port 8080", .code), Span(".")]),
            StyledLine("Not built yet: this version cannot capture packets.", .warning),
        ])
    }

    /// What a pane answers to a command while it has no backend.
    static func noBackendReply(for pane: PaneID) -> StyledLine {
        StyledLine("porttutor cannot run this yet: the \(pane.title) pane has no backend in this version.", .warning)
    }
}
