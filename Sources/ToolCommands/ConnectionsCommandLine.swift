import NetworkTypes
import SafeText
import ConnectionsCore
import CaptureCore

/// Understands what a learner types in the Connections pane: the tutorial's macOS
/// `netstat -f inet -n`, its Linux twins (`netstat -tn`, `netstat -tan`, `netstat -tlnp`),
/// and ss (`ss -tan`, `ss -tlnp`, `ss -tn '( sport = :8080 or dport = :8080 )'`), with or
/// without `-n`, optionally followed by `| grep WORD`; and the holders of a port as
/// `lsof -i :8080` and `fuser 8080/tcp` list them.
///
/// The answer is a ``ConnectionsRequest``: which rows to read, how to draw them, and a
/// note when the command was understood in a particular way. Anything else gets an error
/// that says what went wrong and lists the forms that work.
public enum ConnectionsCommandLine {
    /// The forms the pane understands, for help screens and error messages.
    public static let understoodForms: [(command: String, meaning: String)] = [
        ("ss -tan", "every TCP socket, numbers only"),
        ("ss -ta", "the same with service names (http-alt for 8080)"),
        ("ss -tn", "TCP connections only (no listeners)"),
        ("ss -tlnp", "listening TCP sockets and the programs holding them"),
        ("ss -tn '( sport = :8080 or dport = :8080 )'", "only connections to or from port 8080"),
        ("ss -uan", "UDP sockets"),
        ("netstat -tn", "TCP connections, as netstat prints them on Linux"),
        ("netstat -tan", "TCP connections and listeners"),
        ("netstat -tlnp", "listeners and their programs"),
        ("netstat -f inet -n", "the tutorial's macOS form"),
        ("lsof -i :8080", "the programs using port 8080, as lsof lists them"),
        ("fuser -v 8080/tcp", "the processes using local TCP port 8080"),
    ]

    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// One or two sentences; anything the learner typed in it has been made safe.
        public var message: String

        public init(message: String) {
            self.message = SafeText(untrusted: message).string
        }

        public var description: String {
            var text = message + "\n\nThe Connections pane understands:\n"
            let width = ConnectionsCommandLine.understoodForms.map(\.command.count).max() ?? 0
            for form in ConnectionsCommandLine.understoodForms {
                text += "  " + form.command + String(repeating: " ", count: width - form.command.count + 2) + form.meaning + "\n"
            }
            text += ConnectionsCommandLine.ssOptions.flagsLine
            return text
        }
    }

    /// Parses one typed line.
    public static func parse(_ line: String, services: ServiceNames = .builtIn) throws(Failure) -> ConnectionsRequest {
        let stages: [[String]]
        do {
            stages = try ShellWords.stages(line)
        } catch {
            throw Failure(message: error.description)
        }
        guard var words = stages.first, !words.isEmpty else {
            throw Failure(message: "Type a command, for example `ss -tan` or `netstat -tn`.")
        }
        if words.first == "sudo" {
            words.removeFirst()
            guard !words.isEmpty else { throw Failure(message: "`sudo` needs a command after it.") }
        }
        let program = words.removeFirst()
        let programName = program.split(separator: "/").last.map(String.init) ?? program
        var request: ConnectionsRequest
        switch programName {
        case "ss":
            request = try parseSS(words, services: services)
        case "netstat":
            request = try parseNetstat(words)
        case "lsof":
            request = try parseLsof(words, services: services)
        case "fuser":
            request = try parseFuser(words, services: services)
        case "sockstat":
            throw Failure(message: "sockstat is the FreeBSD tool; on Linux type `ss -tanp`.")
        default:
            throw Failure(message: "`\(SafeDisplay.clip(program))` is not a command this pane runs.")
        }
        for stage in stages.dropFirst() {
            request.grep.append(try parseGrep(stage))
        }
        return request
    }

    // MARK: - ss

    /// What ss's options set, before the filter is read.
    struct SSSettings: NotedSettings {
        var transports: Set<TransportProtocol> = []
        var families: Set<AddressFamily> = []
        var states: SocketStateSet? = nil
        var numeric = false
        var processes = false
        var header = true
        var notes: [String] = []
    }

    /// ss's options: `-t -u -l -a -n -p -4 -6 -H -r`, clustered or long (`--tcp`), `-f FAMILY`,
    /// `-A QUERY`, and the letters it knows that this pane cannot honour.
    static let ssOptions = OptionTable<SSSettings>(
        toolWithArticle: "an ss",
        options: [
            .flag("t", "tcp", help: "TCP") { $0.transports.insert(.tcp) },
            .flag("u", "udp", help: "UDP") { $0.transports.insert(.udp) },
            .flag("l", "listening", help: "listening only") { $0.states = .listening },
            .flag("a", "all", help: "all") { $0.states = .all },
            .flag("n", "numeric", help: "numbers") { $0.numeric = true },
            .flag("p", "processes", help: "programs") { $0.processes = true },
            .flag("4", "ipv4", help: "one address family") { $0.families.insert(.ipv4) },
            .flag("6", "ipv6", help: "one address family") { $0.families.insert(.ipv6) },
            .flag("H", "no-header") { $0.header = false },
            .note("r", "resolve", adds: resolveNote),
            .value("f", "family", example: "inet", takes: ssFamily),
            .value("A", "query", "socket", example: "tcp", takes: ssQuery),
        ]
        + CommandOption.each("eoim") { .note("`-\($0)` adds socket details this pane does not show; it is ignored.") }
        + CommandOption.each("xwdS0M") {
            .refuse("`-\($0)` asks ss for a kind of socket this pane does not show (it shows TCP and UDP). Use `-t` or `-u`.")
        }
        + [
            .refusal("s", says: "`ss -s` prints a summary, not a table. Try `ss -tan`."),
            .refusal("h", says: "Here is what ss understands in this pane."),
        ],
        doubleDashEndsOptions: true,
        missingValue: { spelling, isLong, example in
            isLong ? "`\(spelling)` needs a value, as in `\(spelling)=inet`."
                : "`\(spelling)` needs a value, as in `ss \(spelling) \(example)`."
        })

    /// `-f inet`: the families this pane shows are the internet ones.
    static func ssFamily(_ settings: inout SSSettings, _ name: String) throws(Failure) {
        switch name {
        case "inet": settings.families.formUnion([.ipv4])
        case "inet6": settings.families.formUnion([.ipv6])
        case "unix", "link", "netlink", "vsock", "tipc", "xdp":
            throw Failure(message: "`-f \(name)` asks for \(name) sockets; this pane shows internet (TCP and UDP) sockets only. Use `-f inet` or `-f inet6`.")
        default:
            throw Failure(message: "`\(SafeDisplay.clip(name))` is not a family ss knows here. Use `-f inet` (IPv4) or `-f inet6` (IPv6).")
        }
    }

    /// `-A tcp,udp`: socket tables by name.
    static func ssQuery(_ settings: inout SSSettings, _ list: String) throws(Failure) {
        for item in list.split(separator: ",") {
            switch item {
            case "tcp": settings.transports.insert(.tcp)
            case "udp": settings.transports.insert(.udp)
            case "inet", "all": settings.transports.formUnion([.tcp, .udp])
            default:
                throw Failure(message: "`-A \(SafeDisplay.clip(String(item)))` is not shown in this pane. Use `-A tcp`, `-A udp` or `-A inet`.")
            }
        }
    }

    /// ss's options (see ``ssOptions``), then the filter.
    public static func parseSS(_ words: [String], services: ServiceNames = .builtIn) throws(Failure) -> ConnectionsRequest {
        var settings = SSSettings()
        var filterWords: [String] = []
        try ssOptions.parse(words, into: &settings) { filterWords.append($0) }
        var transports = settings.transports
        let states = settings.states
        var notes = settings.notes

        var parser = SSFilterParser(services: services)
        let parsed: SSFilterParser.Result
        do {
            parsed = try parser.parse(filterWords)
        } catch {
            throw Failure(message: error.message)
        }
        if transports.isEmpty {
            transports = [.tcp, .udp]
            notes.append("ss with neither -t nor -u also lists Unix and other sockets; this pane shows TCP and UDP.")
        }
        // ss's default (no -a, no -l) is the union of each protocol's: TCP without
        // listeners, TIME-WAIT and SYN-RECV; UDP connected only.
        let defaultStates = transports.contains(.tcp) ? SocketStateSet.ssConnected : SocketStateSet(.established)
        let finalStates = parsed.states ?? states ?? defaultStates
        let query = SocketQuery(transports: transports,
                                families: settings.families.isEmpty ? [.ipv4, .ipv6] : settings.families,
                                states: finalStates, filter: parsed.filter)
        let display = DisplayOptions(style: .ss, numeric: settings.numeric, showProcesses: settings.processes, showHeader: settings.header,
                                     showNetid: transports.count > 1, showState: !finalStates.isSingleState,
                                     listeningOnly: states == .listening, allSockets: states == .all)
        return ConnectionsRequest(query: query, display: display, note: notes.isEmpty ? nil : notes.joined(separator: " "))
    }

    // MARK: - netstat

    /// What netstat's options set.
    struct NetstatSettings: NotedSettings {
        var transports: Set<TransportProtocol> = []
        var families: Set<AddressFamily> = []
        var listening = false
        var all = false
        var numeric = false
        var processes = false
        var wide = false
        /// The family given with macOS's `-f`, for the note on the Linux spelling.
        var macOSFamily: String? = nil
        var notes: [String] = []
    }

    /// netstat's options (Linux net-tools): `-t -u -l -a -n -p -4 -6 -W`, long forms,
    /// `-A inet`, the macOS `-f inet`, and the letters that print something other than sockets.
    static let netstatOptions = OptionTable<NetstatSettings>(
        toolWithArticle: "a netstat",
        options: [
            .flag("t", "tcp", help: "TCP") { $0.transports.insert(.tcp) },
            .flag("u", "udp", help: "UDP") { $0.transports.insert(.udp) },
            .flag("l", "listening", help: "listening only") { $0.listening = true },
            .flag("a", "all", help: "all") { $0.all = true },
            .flag("n", "numeric", "numeric-hosts", "numeric-ports", help: "numbers") { $0.numeric = true },
            .flag("p", "program", help: "programs") { $0.processes = true },
            .flag("4", "inet", help: "one address family") { $0.families.insert(.ipv4) },
            .flag("6", "inet6", help: "one address family") { $0.families.insert(.ipv6) },
            .flag("W", "wide") { $0.wide = true },
            .note("c", "continuous", adds: continuousNote),
            .value("A", "protocol", example: "inet") { settings, value throws(Failure) in
                try netstatFamilies(&settings, value, macOS: false)
            },
            .value("f", example: "inet") { settings, value throws(Failure) in
                try netstatFamilies(&settings, value, macOS: true)
            },
            .refusal("r", says: "`netstat -r` prints the routing table, not connections. Try `netstat -tn`."),
            .refusal("i", says: "`netstat -i` prints network interfaces, not connections. Try `netstat -tn`."),
            .refusal("s", says: "`netstat -s` prints protocol counters, not connections. Try `netstat -tn`."),
            .refusal("x", says: "`netstat -x` lists Unix sockets; this pane shows TCP and UDP. Try `netstat -tn`."),
        ]
        + CommandOption.each("eo") { .note("`-\($0)` adds columns this pane does not show; it is ignored.") },
        doubleDashEndsOptions: false,
        missingValue: { spelling, isLong, example in
            isLong ? "`\(spelling)` needs a family, as in `\(spelling)=\(example)`."
                : "`\(spelling)` needs an address family, as in `netstat \(spelling) \(example)`."
        })

    /// `-A inet,inet6` or macOS's `-f inet`.
    static func netstatFamilies(_ settings: inout NetstatSettings, _ list: String, macOS: Bool) throws(Failure) {
        for name in list.split(separator: ",").map(String.init) {
            switch name {
            case "inet": settings.families.insert(.ipv4)
            case "inet6": settings.families.insert(.ipv6)
            default:
                throw Failure(message: "`\(SafeDisplay.clip(name))` is not a family this pane shows. Use `inet` (IPv4) or `inet6` (IPv6).")
            }
            if macOS { settings.macOSFamily = name }
        }
    }

    /// netstat's options (see ``netstatOptions``); it takes no other words.
    public static func parseNetstat(_ words: [String]) throws(Failure) -> ConnectionsRequest {
        var settings = NetstatSettings()
        try netstatOptions.parse(words, into: &settings) { word throws(Failure) in
            throw Failure(message: "netstat takes no `\(SafeDisplay.clip(word))` here. To pick out one port, add `| grep 8080`, or use `ss -tn '( sport = :8080 or dport = :8080 )'`.")
        }
        var transports = settings.transports
        let (listening, all, numeric, macOSFamily) = (settings.listening, settings.all, settings.numeric, settings.macOSFamily)
        var notes = settings.notes

        if let macOSFamily {
            let numericFlag = numeric ? " -n" : ""
            notes.insert("`netstat -f \(macOSFamily)\(numericFlag)` is the macOS form; on Linux type `netstat -t\(numeric ? "n" : "")` or `ss -ta\(numeric ? "n" : "")`. Linux separates the port with `:` (127.0.0.1:8080) where macOS uses a dot (127.0.0.1.8080).", at: 0)
        }
        if transports.isEmpty {
            transports = [.tcp, .udp]
            if macOSFamily == nil {
                notes.append("netstat with neither -t nor -u also lists Unix sockets; this pane shows TCP and UDP.")
            }
        }
        if !numeric {
            notes.append("Ports are named from /etc/services; addresses stay numeric (porttutor never looks names up on the network).")
        }
        let states: SocketStateSet = all ? .all : (listening ? .listening : .netstatConnected)
        let query = SocketQuery(transports: transports,
                                families: settings.families.isEmpty ? [.ipv4, .ipv6] : settings.families,
                                states: states)
        let display = DisplayOptions(style: .netstat, numeric: numeric, showProcesses: settings.processes,
                                     showHeader: true, showNetid: true, showState: true, wide: settings.wide,
                                     listeningOnly: listening && !all, allSockets: all)
        return ConnectionsRequest(query: query, display: display, note: notes.isEmpty ? nil : notes.joined(separator: " "))
    }

    // MARK: - grep

    static func parseGrep(_ words: [String]) throws(Failure) -> GrepStage {
        guard let program = words.first, program == "grep" || program == "egrep" || program == "fgrep" else {
            throw Failure(message: "Only `| grep WORD` can follow the command in this pane (`\(SafeDisplay.clip(words.first ?? ""))` cannot).")
        }
        var stage = GrepStage(pattern: "")
        var pattern: String? = nil
        for word in words.dropFirst() {
            if word.hasPrefix("-") && word.count > 1 && pattern == nil {
                for letter in word.dropFirst() {
                    switch letter {
                    case "i": stage.ignoreCase = true
                    case "v": stage.invert = true
                    case "w": stage.wholeWord = true
                    case "F", "E": break
                    default:
                        throw Failure(message: "`grep -\(letter)` is not supported here; `-i`, `-v` and `-w` are.")
                    }
                }
            } else if pattern == nil {
                pattern = word
            } else {
                throw Failure(message: "`grep` takes one word to look for here; quote it if it has spaces.")
            }
        }
        guard let pattern else { throw Failure(message: "`grep` needs a word to look for, as in `| grep 8080`.") }
        stage.pattern = pattern
        return stage
    }

    // MARK: - Helpers

    static let resolveNote = "`-r` would look host names up on the network; porttutor keeps addresses numeric."
    static let continuousNote = "The pane refreshes every second by itself, so `-c` is not needed."

    static func splitLongOption(_ word: String) -> (String, String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }
}

/// Typed text quoted back in a message goes through ``SafeText`` and is clipped.
enum SafeDisplay {
    static func clip(_ text: String, limit: Int = 40) -> String {
        let safe = SafeText(untrusted: text).string
        return safe.count > limit ? String(safe.prefix(limit)) + "…" : safe
    }
}
