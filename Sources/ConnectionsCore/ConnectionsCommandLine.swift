import NetworkTypes
import SafeText

/// Understands what a learner types in the Connections pane: the tutorial's macOS
/// `netstat -f inet -n`, its Linux twins (`netstat -tn`, `netstat -tan`, `netstat -tlnp`),
/// and ss (`ss -tan`, `ss -tlnp`, `ss -tn '( sport = :8080 or dport = :8080 )'`), with or
/// without `-n`, optionally followed by `| grep WORD`.
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
            text += "Flags: -t TCP, -u UDP, -l listening only, -a all, -n numbers, -p programs, -4/-6 one address family."
            return text
        }
    }

    /// Parses one typed line.
    public static func parse(_ line: String, services: ServiceNames = .builtIn) throws(Failure) -> ConnectionsRequest {
        let stages: [[String]]
        do {
            stages = try ShellWords.split(line)
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
            throw Failure(message: "lsof lists open files, sockets among them; this pane speaks ss and netstat. For `lsof -i :8080` type `ss -tanp '( sport = :8080 or dport = :8080 )'`.")
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

    /// ss options: `-t -u -l -a -n -p -4 -6 -H -r`, clustered or long (`--tcp`), `-f FAMILY`,
    /// `-A QUERY`, then the filter.
    public static func parseSS(_ words: [String], services: ServiceNames = .builtIn) throws(Failure) -> ConnectionsRequest {
        var transports: Set<TransportProtocol> = []
        var families: Set<AddressFamily> = []
        var states: SocketStateSet? = nil
        var numeric = false
        var processes = false
        var header = true
        var notes: [String] = []
        var filterWords: [String] = []
        var index = 0

        func family(_ name: String) throws(Failure) {
            switch name {
            case "inet": families.formUnion([.ipv4])
            case "inet6": families.formUnion([.ipv6])
            case "unix", "link", "netlink", "vsock", "tipc", "xdp":
                throw Failure(message: "`-f \(name)` asks for \(name) sockets; this pane shows internet (TCP and UDP) sockets only. Use `-f inet` or `-f inet6`.")
            default:
                throw Failure(message: "`\(SafeDisplay.clip(name))` is not a family ss knows here. Use `-f inet` (IPv4) or `-f inet6` (IPv6).")
            }
        }
        func query(_ list: String) throws(Failure) {
            for item in list.split(separator: ",") {
                switch item {
                case "tcp": transports.insert(.tcp)
                case "udp": transports.insert(.udp)
                case "inet": transports.formUnion([.tcp, .udp])
                case "all": transports.formUnion([.tcp, .udp])
                default:
                    throw Failure(message: "`-A \(SafeDisplay.clip(String(item)))` is not shown in this pane. Use `-A tcp`, `-A udp` or `-A inet`.")
                }
            }
        }

        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" {
                filterWords.append(contentsOf: words[index...]); break
            }
            if word.hasPrefix("--") {
                let (name, inlineValue) = splitLongOption(word)
                switch name {
                case "--tcp": transports.insert(.tcp)
                case "--udp": transports.insert(.udp)
                case "--listening": states = .listening
                case "--all": states = .all
                case "--numeric": numeric = true
                case "--processes": processes = true
                case "--ipv4": families.insert(.ipv4)
                case "--ipv6": families.insert(.ipv6)
                case "--no-header": header = false
                case "--resolve": notes.append(resolveNote)
                case "--family", "--query", "--socket":
                    guard let value = inlineValue ?? (index < words.count ? words[index] : nil) else {
                        throw Failure(message: "`\(name)` needs a value, as in `\(name)=inet`.")
                    }
                    if inlineValue == nil { index += 1 }
                    if name == "--family" { try family(value) } else { try query(value) }
                default:
                    throw Failure(message: "`\(SafeDisplay.clip(word))` is not an ss option this pane understands.")
                }
                continue
            }
            if word.hasPrefix("-") && word.count > 1 {
                var letters = Array(word.dropFirst())
                while !letters.isEmpty {
                    let letter = letters.removeFirst()
                    switch letter {
                    case "t": transports.insert(.tcp)
                    case "u": transports.insert(.udp)
                    case "l": states = .listening
                    case "a": states = .all
                    case "n": numeric = true
                    case "p": processes = true
                    case "4": families.insert(.ipv4)
                    case "6": families.insert(.ipv6)
                    case "H": header = false
                    case "r": notes.append(resolveNote)
                    case "f", "A":
                        let value: String
                        if !letters.isEmpty {
                            value = String(letters); letters = []
                        } else if index < words.count {
                            value = words[index]; index += 1
                        } else {
                            throw Failure(message: "`-\(letter)` needs a value, as in `ss -\(letter) \(letter == "f" ? "inet" : "tcp")`.")
                        }
                        if letter == "f" { try family(value) } else { try query(value) }
                    case "e", "o", "i", "m":
                        notes.append("`-\(letter)` adds socket details this pane does not show; it is ignored.")
                    case "x", "w", "d", "S", "0", "M":
                        throw Failure(message: "`-\(letter)` asks ss for a kind of socket this pane does not show (it shows TCP and UDP). Use `-t` or `-u`.")
                    case "s":
                        throw Failure(message: "`ss -s` prints a summary, not a table. Try `ss -tan`.")
                    case "h":
                        throw Failure(message: "Here is what ss understands in this pane.")
                    default:
                        throw Failure(message: "`-\(letter)` is not an ss flag this pane understands.")
                    }
                }
                continue
            }
            filterWords.append(word)
        }

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
                                families: families.isEmpty ? [.ipv4, .ipv6] : families,
                                states: finalStates, filter: parsed.filter)
        let display = DisplayOptions(style: .ss, numeric: numeric, showProcesses: processes, showHeader: header,
                                     showNetid: transports.count > 1, showState: !finalStates.isSingleState,
                                     listeningOnly: states == .listening, allSockets: states == .all)
        return ConnectionsRequest(query: query, display: display, note: notes.isEmpty ? nil : notes.joined(separator: " "))
    }

    // MARK: - netstat

    /// netstat options (Linux net-tools): `-t -u -l -a -n -p -4 -6 -W`, long forms, `-A inet`,
    /// and the macOS `-f inet`.
    public static func parseNetstat(_ words: [String]) throws(Failure) -> ConnectionsRequest {
        var transports: Set<TransportProtocol> = []
        var families: Set<AddressFamily> = []
        var listening = false
        var all = false
        var numeric = false
        var processes = false
        var wide = false
        var macOSFamily: String? = nil
        var notes: [String] = []
        var index = 0

        func family(_ name: String, macOS: Bool) throws(Failure) {
            switch name {
            case "inet": families.insert(.ipv4)
            case "inet6": families.insert(.ipv6)
            default:
                throw Failure(message: "`\(SafeDisplay.clip(name))` is not a family this pane shows. Use `inet` (IPv4) or `inet6` (IPv6).")
            }
            if macOS { macOSFamily = name }
        }

        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("--") {
                let (name, inlineValue) = splitLongOption(word)
                switch name {
                case "--tcp": transports.insert(.tcp)
                case "--udp": transports.insert(.udp)
                case "--listening": listening = true
                case "--all": all = true
                case "--numeric", "--numeric-hosts", "--numeric-ports": numeric = true
                case "--program": processes = true
                case "--wide": wide = true
                case "--inet": families.insert(.ipv4)
                case "--inet6": families.insert(.ipv6)
                case "--continuous": notes.append(continuousNote)
                case "--protocol":
                    guard let value = inlineValue ?? (index < words.count ? words[index] : nil) else {
                        throw Failure(message: "`--protocol` needs a family, as in `--protocol=inet`.")
                    }
                    if inlineValue == nil { index += 1 }
                    for item in value.split(separator: ",") { try family(String(item), macOS: false) }
                default:
                    throw Failure(message: "`\(SafeDisplay.clip(word))` is not a netstat option this pane understands.")
                }
                continue
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                throw Failure(message: "netstat takes no `\(SafeDisplay.clip(word))` here. To pick out one port, add `| grep 8080`, or use `ss -tn '( sport = :8080 or dport = :8080 )'`.")
            }
            var letters = Array(word.dropFirst())
            while !letters.isEmpty {
                let letter = letters.removeFirst()
                switch letter {
                case "t": transports.insert(.tcp)
                case "u": transports.insert(.udp)
                case "l": listening = true
                case "a": all = true
                case "n": numeric = true
                case "p": processes = true
                case "W": wide = true
                case "4": families.insert(.ipv4)
                case "6": families.insert(.ipv6)
                case "c": notes.append(continuousNote)
                case "e", "o":
                    notes.append("`-\(letter)` adds columns this pane does not show; it is ignored.")
                case "f", "A":
                    let value: String
                    if !letters.isEmpty {
                        value = String(letters); letters = []
                    } else if index < words.count {
                        value = words[index]; index += 1
                    } else {
                        throw Failure(message: "`-\(letter)` needs an address family, as in `netstat -\(letter) inet`.")
                    }
                    for item in value.split(separator: ",") { try family(String(item), macOS: letter == "f") }
                case "r":
                    throw Failure(message: "`netstat -r` prints the routing table, not connections. Try `netstat -tn`.")
                case "i":
                    throw Failure(message: "`netstat -i` prints network interfaces, not connections. Try `netstat -tn`.")
                case "s":
                    throw Failure(message: "`netstat -s` prints protocol counters, not connections. Try `netstat -tn`.")
                case "x":
                    throw Failure(message: "`netstat -x` lists Unix sockets; this pane shows TCP and UDP. Try `netstat -tn`.")
                default:
                    throw Failure(message: "`-\(letter)` is not a netstat flag this pane understands.")
                }
            }
        }

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
                                families: families.isEmpty ? [.ipv4, .ipv6] : families,
                                states: states)
        let display = DisplayOptions(style: .netstat, numeric: numeric, showProcesses: processes,
                                     showHeader: true, showNetid: true, showState: true, wide: wide,
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
