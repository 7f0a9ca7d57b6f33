import CaptureCore
import Lessons
import SocketsCore
import ToolCommands
import SafeText

/// What each pane does with a command line and with control keys: the one place where
/// the panes meet their backends. Like a shell, a pane runs a command when nothing runs
/// in it, and hands typed lines to the tool while one does (`nc`, `telnet`).
extension Model {
    /// Runs a command line typed (or autopiloted) in a pane: the shell's part (the tool
    /// that runs takes the line, `clear`, `help`), then the pane's own reducer.
    mutating func runCommand(_ line: String, in pane: PaneID) -> [Effect] {
        switch pane {
        case .listener: if let effects = listenerLine(line) { return effects }
        case .client: if let effects = clientLine(line) { return effects }
        case .lesson, .connections, .packets: break
        }
        if pane == .connections {
            // Its replies sit above a live table: a new command's replace the last one's.
            self[pane: .connections].scrollback.clear()
        }
        echo(line, in: pane)
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first else { return [] }
        switch first {
        case "clear":
            self[pane: pane].scrollback.clear()
            return []
        case "help":
            showLines(Self.help(for: pane), in: pane)
            return []
        default:
            break
        }
        switch pane {
        case .lesson: return []
        case .listener: return listenerCommand(line)
        case .client: return clientCommand(line)
        case .connections: return connectionsCommand(line)
        case .packets: return packetsCommand(line, first: first)
        }
    }

    /// A control key in a pane (Ctrl-C stops what runs there, Ctrl-] is telnet's escape);
    /// nil when the pane has no use for it.
    mutating func controlKey(_ c: Character, in pane: PaneID) -> [Effect]? {
        guard pane != .lesson else { return nil }
        let toTool: [Effect]? = switch pane {
        case .listener: listenerControl(c)
        case .client: clientControl(c)
        case .packets: packetsControl(c)
        case .lesson, .connections: nil
        }
        if let toTool { return toTool }
        guard c == "c" else { return nil }
        // Nothing runs here: Ctrl-C clears the line, as in a shell, and never quits by surprise.
        self[pane: pane].input?.killToStart()
        self[pane: pane].input?.killToEnd()
        self[pane: pane].scrollback.append(StyledLine([Span("^C  ", .dim), Span("(nothing is running in this pane; F10 quits porttutor)", .dim)]))
        return []
    }

    /// A line the step's own pane does not understand, typed while the step asks a
    /// question, is the learner's answer: they looked at the table or the packets and
    /// typed what they saw where they were looking. Nil when it is not (no question open,
    /// another pane, or a command that only failed).
    mutating func takeAsAnswer(_ line: String, typedIn pane: PaneID) -> [Effect]? {
        guard presentation == .tutorial, let tutorial, !tutorial.lessonComplete,
              tutorial.step.question != nil, tutorial.stepPane == pane, !Self.looksLikeACommand(line) else { return nil }
        let effects = submitAnswer(line, now: now)
        notice = StyledLine([Span("Taken as your answer; ", .emphasis), Span("the verdict is in the Lesson pane (Alt-1).")])
        return effects
    }

    /// A line a learner would type to run something, not to answer: a failed `ss -x`, or
    /// a mistyped `sss -tn` (an option, a pipe), deserves its error, not a verdict.
    static func looksLikeACommand(_ line: String) -> Bool {
        let words = line.split(separator: " ").map(String.init)
        guard let first = words.first else { return false }
        let tools = ["ss", "netstat", "tcpdump", "sudo", "nc", "ncat", "netcat", "telnet", "curl", "lsof", "fuser", "grep", "kill"]
        return tools.contains(first) || line.contains("|") || words.contains { $0.hasPrefix("-") && Int($0) == nil }
    }

    private mutating func echo(_ line: String, in pane: PaneID) {
        guard pane != .connections else { return }
        self[pane: pane].scrollback.append(StyledLine([Span(SafeText(untrusted: self[pane: pane].prompt), .prompt), Span(SafeText(untrusted: line), .outgoing)]))
    }

    /// The message's first line as the error, the rest and `help` dimmed below it.
    mutating func showError(_ message: String, help: [String], in pane: PaneID) {
        let lines = Self.replyLines(message) + help.flatMap(Self.replyLines)
        showLines(lines.enumerated().map { index, line in
            StyledLine(SafeText(untrusted: line), index == 0 ? .error : .dim)
        }, in: pane)
        keepInView(lineAt: self[pane: pane].scrollback.lines.count - lines.count, in: pane)
        spotlight = pane
    }

    /// A pane follows its newest line, so a long usage after an error would push the
    /// error itself out of a short pane: it scrolls back just enough to keep the line at
    /// `index` on its top row (the title then says how many newer lines are below).
    mutating func keepInView(lineAt index: Int, in pane: PaneID) {
        let scrollback = self[pane: pane].scrollback
        guard pane != .connections, !scrollback.anchorsAtTop, scrollback.lines.indices.contains(index),
              let area = layout.panes[pane] else { return }
        let content = PaneRegions(area: area, pane: self[pane: pane], isFocused: focus == pane).content
        guard content.height > 1, content.width > 0 else { return }
        var hidden = 0
        var rows = scrollback.lines[index...].reduce(0) { $0 + LineWrapper.wrap($1, width: content.width).count }
        while rows > content.height && scrollback.lines.count - hidden - 1 > index {
            rows -= LineWrapper.wrap(scrollback.lines[scrollback.lines.count - hidden - 1], width: content.width).count
            hidden += 1
        }
        self[pane: pane].scrollback.offset = hidden
    }

    /// A reply's text as pane lines. It is split at its line feeds before it is made
    /// safe, because the sanitiser would show each line feed as ␊ in one long line.
    /// Blank lines are left out: a pane's rows are too few for spacing.
    static func replyLines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map(String.init)
    }

    private mutating func showLines(_ lines: [StyledLine], in pane: PaneID) {
        self[pane: pane].scrollback.append(contentsOf: lines)
    }

    static func shown(_ word: String) -> String {
        SafeText(untrusted: word.count > 30 ? String(word.prefix(30)) + "…" : word).string
    }

    /// What a pane understands, for `help`.
    static func help(for pane: PaneID) -> [StyledLine] {
        helpText(for: pane).map { StyledLine(SafeText(untrusted: $0), .dim) }
    }

    static func helpText(for pane: PaneID) -> [String] {
        switch pane {
        case .lesson: []
        case .listener: ListenerCommand.help
        case .client: ClientCommand.help
        case .connections:
            ["The Connections pane understands ss and netstat, for example:",
             "  ss -tan    ss -tln    ss -tlnp    ss -tn '( sport = :8080 or dport = :8080 )'",
             "  netstat -tn    netstat -tan    netstat -tlnp    netstat -f inet -n (the macOS form)"]
        case .packets:
            ["The Packets pane runs tcpdump, for example: tcpdump -A -nn -i lo port 8080",
             TcpdumpCommandLine.understoodForms,
             "save FILE writes the packets shown here to a pcap file (tcpdump -r and Wireshark read it)."]
        }
    }
}
