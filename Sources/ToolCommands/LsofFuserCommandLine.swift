import NetworkTypes
import ConnectionsCore

/// The two other tools people reach for to ask "who holds this port?": `lsof -i :8080`
/// (open files, sockets among them) and `fuser 8080/tcp` (processes using a local port).
/// Both read the same socket table and process map as `ss -p`.
extension ConnectionsCommandLine {
    // MARK: lsof

    /// `lsof -i`, `lsof -i :8080`, `lsof -i tcp:8080`, `lsof -iTCP -sTCP:LISTEN`, with `-n`
    /// and `-P`; `-i` is required, since without it lsof lists every open file.
    public static func parseLsof(_ words: [String], services: ServiceNames = .builtIn) throws(Failure) -> ConnectionsRequest {
        var spec: String?
        var sawInternet = false
        var numericHosts = false
        var numericPorts = false
        var listeningOnly = false
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("-i") {
                sawInternet = true
                let attached = String(word.dropFirst(2))
                if !attached.isEmpty {
                    spec = attached
                } else if index < words.count, !words[index].hasPrefix("-") {
                    spec = words[index]
                    index += 1
                }
            } else if word.hasPrefix("-s") {
                let value = word.count > 2 ? String(word.dropFirst(2)) : (index < words.count ? words[index] : "")
                if word.count == 2 { index += 1 }
                guard value.uppercased() == "TCP:LISTEN" else {
                    throw Failure(message: "`lsof -s` here takes only `-sTCP:LISTEN` (listening sockets).")
                }
                listeningOnly = true
            } else if word.hasPrefix("-") && word.count > 1 {
                for letter in word.dropFirst() {
                    switch letter {
                    case "n": numericHosts = true
                    case "P": numericPorts = true
                    case "t": throw Failure(message: "`lsof -t` prints only process ids; here lsof prints its whole table. In a terminal of your own, `lsof -t -i :8080` feeds `kill`.")
                    default: throw Failure(message: "`lsof -\(letter)` is not understood here; `-i`, `-n`, `-P` and `-sTCP:LISTEN` are.")
                    }
                }
            } else {
                throw Failure(message: "lsof looks up files by name; for a port write `lsof -i :\(SafeDisplay.clip(word))`.")
            }
        }
        guard sawInternet else {
            throw Failure(message: "Without `-i`, lsof lists every open file of every program. Ask for network sockets: `lsof -i :8080`.")
        }
        var query = try lsofQuery(spec ?? "", services: services)
        if listeningOnly {
            query.transports = [.tcp]
            query.states = SocketStateSet([.listen])
        }
        var display = DisplayOptions(style: .lsof, numeric: numericPorts, showProcesses: true)
        display.allSockets = true
        var notes: [String] = []
        if !numericHosts {
            // One short row: at 80x24 the table has five rows for the command, this and lsof's lines.
            notes.append("Addresses stay numbers here, as with `lsof -n`.")
        }
        return ConnectionsRequest(query: query, display: display, note: notes.isEmpty ? nil : notes.joined(separator: " "))
    }

    /// `[4|6][tcp|udp][@host][:port]`: lsof's internet address, host left out here.
    static func lsofQuery(_ spec: String, services: ServiceNames) throws(Failure) -> SocketQuery {
        var rest = Substring(spec)
        var query = SocketQuery(transports: [.tcp, .udp], states: .all)
        if rest.first == "4" { query.families = [.ipv4]; rest = rest.dropFirst() }
        else if rest.first == "6" { query.families = [.ipv6]; rest = rest.dropFirst() }
        let protocolPart = rest.prefix { $0 != ":" && $0 != "@" }
        switch protocolPart.lowercased() {
        case "": break
        case "tcp": query.transports = [.tcp]
        case "udp": query.transports = [.udp]
        default: throw Failure(message: "`\(SafeDisplay.clip(String(protocolPart)))` is not a protocol lsof knows here: write `tcp`, `udp` or nothing, as in `lsof -i tcp:8080`.")
        }
        rest = rest.dropFirst(protocolPart.count)
        if rest.first == "@" {
            throw Failure(message: "Choosing a host (`@HOST`) is not supported here; `lsof -i :8080` lists the port on every address.")
        }
        if rest.first == ":" {
            let portText = String(rest.dropFirst())
            guard let port = PortArgument.parse(portText) ?? services.port(named: portText, transport: .tcp) else {
                throw Failure(message: "`\(SafeDisplay.clip(portText))` is not a port: write a number, as in `lsof -i :8080`.")
            }
            query.filter = .or(.port(.source, .equal, port), .port(.destination, .equal, port))
        } else if !rest.isEmpty {
            throw Failure(message: "`\(SafeDisplay.clip(spec))` is not an address lsof understands: try `lsof -i :8080` or `lsof -i tcp:8080`.")
        }
        return query
    }

    // MARK: fuser

    /// `fuser 8080/tcp`, `fuser -v 8080/tcp`, `fuser -n tcp 8080`; `-k` (kill) is refused.
    public static func parseFuser(_ words: [String], services: ServiceNames = .builtIn) throws(Failure) -> ConnectionsRequest {
        var verbose = false
        var namespace: String?
        var names: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "-n" || word == "--namespace" {
                guard index < words.count else { throw Failure(message: "`fuser -n` needs a namespace: `-n tcp` or `-n udp`.") }
                namespace = words[index]
                index += 1
            } else if word.hasPrefix("-") && word.count > 1 {
                for letter in word.dropFirst() {
                    switch letter {
                    case "v": verbose = true
                    case "k": throw Failure(message: "porttutor does not end programs from this pane. `fuser -k 8080/tcp` in a terminal of your own kills the holder; `kill PID` ends one by its id.")
                    case "4", "6", "u", "a": break
                    default: throw Failure(message: "`fuser -\(letter)` is not understood here; `-v` and `-n tcp|udp` are.")
                    }
                }
            } else {
                names.append(word)
            }
        }
        guard names.count == 1, let name = names.first else {
            throw Failure(message: names.isEmpty ? "fuser needs a port and protocol, as in `fuser 8080/tcp`."
                                                 : "Ask fuser about one port at a time here, as in `fuser 8080/tcp`.")
        }
        var portText = name
        var transportName = namespace
        if let slash = name.firstIndex(of: "/") {
            portText = String(name[..<slash])
            transportName = String(name[name.index(after: slash)...])
        }
        guard let transportName else {
            throw Failure(message: "`fuser \(SafeDisplay.clip(name))` would look for a file of that name. For a port, say the protocol: `fuser \(SafeDisplay.clip(name))/tcp`.")
        }
        let transport: TransportProtocol
        switch transportName.lowercased() {
        case "tcp": transport = .tcp
        case "udp": transport = .udp
        default: throw Failure(message: "`\(SafeDisplay.clip(transportName))` is not a protocol fuser knows here: `tcp` or `udp`.")
        }
        guard let port = PortArgument.parse(portText) else {
            throw Failure(message: "`\(SafeDisplay.clip(portText))` is not a port number: write it as in `fuser 8080/tcp`.")
        }
        let query = SocketQuery(transports: [transport], states: .all, filter: .port(.source, .equal, port))
        var display = DisplayOptions(style: .fuser, numeric: true, showProcesses: true)
        display.fuserName = "\(port)/\(transport.name)"
        display.verbose = verbose
        return ConnectionsRequest(query: query, display: display)
    }
}
