/// What each pane says before anything has happened in it: what it is for and what to type.
enum PaneIntroductions {
    static func install(into model: inout Model) {
        model[pane: .lesson].scrollback.append(contentsOf: [
            StyledLine("Welcome to porttutor.", .heading),
            "",
            StyledLine("No lesson is open. Press F7 to pick one.", .warning),
            StyledLine("Press F1 for the keys, Tab to move between panes, F10 to quit.", .dim),
        ])
        model[pane: .listener].scrollback.append(contentsOf: [
            StyledLine([Span("Listen on a port here: "), Span("nc -l 8080", .code), Span(". Ctrl-C stops it.")]),
            StyledLine([Span("help", .code), Span(" lists what this pane understands.", .dim)]),
        ])
        model[pane: .client].scrollback.append(contentsOf: [
            // Short enough for the three rows the pane has at 80x24: `help` lists the rest.
            StyledLine([Span("Connect here: "), Span("telnet localhost 8080", .code), Span(" ("),
                        Span("nc", .code), Span(" and "), Span("curl", .code), Span(" work too).")]),
            StyledLine([Span("Leave telnet with Ctrl-] then "), Span("quit", .code), Span(".")]),
        ])
        model[pane: .packets].scrollback.append(contentsOf: [
            StyledLine([Span("Watch packets: "), Span("tcpdump -A -nn -i lo port 8080", .code), Span(". Ctrl-C stops.")]),
            StyledLine("On macOS the loopback interface is lo0; porttutor understands both names.", .dim),
        ])
    }
}
