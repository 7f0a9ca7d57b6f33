import CaptureCore
import Connections
import SafeText
import Sockets

/// What each pane does with a command line and with control keys: the one place where
/// the panes meet their backends. Like a shell, a pane runs a command when nothing runs
/// in it, and hands typed lines to the tool while one does (`nc`, `telnet`).
extension Model {
    /// Runs a command line typed (or autopiloted) in a pane.
    mutating func runCommand(_ line: String, in pane: PaneID) -> [Effect] {
        switch pane {
        case .listener where tools.listenerRunning:
            return [.socket(.listenerLine(line))]
        case .client where tools.clientRunning:
            return [.socket(.clientLine(line))]
        default:
            break
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
        case .lesson:
            return []
        case .listener:
            switch ListenerCommand.parse(line) {
            case .success(let request):
                return [.socket(.startListener(request))]
            case .failure(let error):
                showError(error.message, help: error.help, in: pane)
                return []
            }
        case .client:
            switch ClientCommand.parse(line) {
            case .success(let request):
                tools.clientRunning = true
                tools.clientTool = ClientTool(request)
                tools.clientConnected = false
                self[pane: .client].prompt = ""
                return [.socket(.connectClient(request))]
            case .failure(let error):
                showError(error.message, help: error.help, in: pane)
                return []
            }
        case .connections:
            guard connections.submit(line) else {
                // What went wrong, then the short list `help` gives: the long one with
                // every flag explained would leave the live table no room in a small pane.
                if let answered = takeAsAnswer(line, typedIn: pane) { return answered }
                let reason = connections.error.flatMap { Self.replyLines($0).first } ?? "That command is not understood here."
                showError(reason, help: Self.helpText(for: pane), in: pane)
                return []
            }
            tools.connectionsFollowLessonPort = true
            return [.refreshConnections]
        case .packets where first == "save":
            let path = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).dropFirst().first
                .map { String($0).trimmingCharacters(in: " \t") } ?? ""
            guard !path.isEmpty else {
                showError("save needs a file name: save chat.pcap", help: [], in: pane)
                return []
            }
            guard let log = packetLog, log.count > 0 else {
                showError("No packets to save yet: run tcpdump in this pane first.", help: [], in: pane)
                return []
            }
            return [.capture(.save(path: path, packets: log.all.map(\.packet), linkType: log.linkType))]
        case .packets:
            guard first == "tcpdump" || first == "sudo" || first.hasSuffix("/tcpdump") else {
                if let answered = takeAsAnswer(line, typedIn: pane) { return answered }
                showError("\(Self.shown(String(first))): this pane runs tcpdump.", help: [TcpdumpCommandLine.understoodForms], in: pane)
                return []
            }
            do {
                let request = try TcpdumpCommandLine.parse(line)
                return [.capture(.start(request))]
            } catch {
                showError(error.message, help: [], in: pane)
                return []
            }
        }
    }

    /// A control key in a pane (Ctrl-C stops what runs there, Ctrl-] is telnet's escape);
    /// nil when the pane has no use for it.
    mutating func controlKey(_ c: Character, in pane: PaneID) -> [Effect]? {
        guard pane != .lesson else { return nil }
        switch (c, pane) {
        case ("c", .listener) where tools.listenerRunning:
            self[pane: pane].scrollback.append(StyledLine("^C", .dim))
            return [.socket(.stopListener)]
        case ("c", .client) where tools.clientTool == .telnet && tools.clientConnected:
            // Real telnet hands Ctrl-C to the other side; leaving takes Ctrl-] then quit,
            // which the lesson teaches, so Ctrl-C must not be a way round it.
            notice = StyledLine("telnet passes Ctrl-C to the other side; leave with Ctrl-] then quit", .warning)
            return []
        case ("c", .client) where tools.clientRunning:
            self[pane: pane].scrollback.append(StyledLine("^C", .dim))
            return [.socket(.closeClient)]
        case ("]", .client) where tools.clientRunning:
            return [.socket(.clientEscape)]
        case ("c", .packets) where tools.captureRunning:
            self[pane: pane].scrollback.append(StyledLine("^C", .dim))
            return [.capture(.stop)]
        case ("c", _):
            // Nothing runs here: Ctrl-C clears the line, as in a shell, and never quits by surprise.
            self[pane: pane].input?.killToStart()
            self[pane: pane].input?.killToEnd()
            self[pane: pane].scrollback.append(StyledLine([Span("^C  ", .dim), Span("(nothing is running in this pane; F10 quits porttutor)", .dim)]))
            return []
        default:
            return nil
        }
    }

    /// A line the step's own pane does not understand, typed while the step asks a
    /// question, is the learner's answer: they looked at the table or the packets and
    /// typed what they saw where they were looking. Nil when it is not (no question open,
    /// another pane, or a command that only failed).
    private mutating func takeAsAnswer(_ line: String, typedIn pane: PaneID) -> [Effect]? {
        guard presentation == .tutorial, let tutorial, !tutorial.lessonComplete,
              tutorial.step.question != nil, tutorial.stepPane == pane,
              let word = line.split(separator: " ").first, !Self.looksLikeACommand(String(word)) else { return nil }
        let effects = submitAnswer(line, now: now)
        notice = StyledLine([Span("Taken as your answer; ", .emphasis), Span("the verdict is in the Lesson pane (Alt-1).")])
        return effects
    }

    /// A word a learner would type to run something, not to answer: a failed `ss -x`
    /// deserves its error, not a verdict.
    private static func looksLikeACommand(_ word: String) -> Bool {
        ["ss", "netstat", "tcpdump", "sudo", "nc", "telnet", "curl", "lsof", "grep"].contains(word) || word.hasPrefix("-")
    }

    private mutating func echo(_ line: String, in pane: PaneID) {
        guard pane != .connections else { return }
        self[pane: pane].scrollback.append(StyledLine([Span(SafeText(untrusted: self[pane: pane].prompt), .prompt), Span(SafeText(untrusted: line), .outgoing)]))
    }

    /// The message's first line as the error, the rest and `help` dimmed below it.
    private mutating func showError(_ message: String, help: [String], in pane: PaneID) {
        let lines = Self.replyLines(message) + help.flatMap(Self.replyLines)
        showLines(lines.enumerated().map { index, line in
            StyledLine(SafeText(untrusted: line), index == 0 ? .error : .dim)
        }, in: pane)
        spotlight = pane
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

    private static func shown(_ word: String) -> String {
        SafeText(untrusted: word.count > 30 ? String(word.prefix(30)) + "…" : word).string
    }

    /// What a pane understands, for `help`.
    static func help(for pane: PaneID) -> [StyledLine] {
        helpText(for: pane).map { StyledLine(SafeText(untrusted: $0), .dim) }
    }

    private static func helpText(for pane: PaneID) -> [String] {
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

extension ClientTool {
    init(_ request: ClientRequest) {
        switch request {
        case .telnet: self = .telnet
        case .netcat: self = .netcat
        case .curl: self = .curl
        }
    }
}
