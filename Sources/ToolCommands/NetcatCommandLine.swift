import NetworkTypes
import ConnectionsCore
import CaptureCore

/// What `nc` was asked to do, option by option, before it is checked for sense.
///
/// Follows OpenBSD netcat (Debian's `netcat-openbsd`), and also the traditional
/// `nc -l -p PORT` spelling that many tutorials use.
public struct NetcatCommandLine: Hashable, Sendable {
    public var listen = false
    public var keepListening = false
    public var udp = false
    public var verbose = false
    public var numericOnly = false
    public var crlf = false
    public var family: AddressFamily?
    public var sourceAddress: String?
    public var sourcePort: UInt16?
    public var timeoutSeconds: Int?
    public var operands: [String] = []

    public init() {}

    static let flags: Set<Character> = ["l", "k", "u", "v", "n", "4", "6", "C", "N", "d"]
    static let valued: Set<Character> = ["p", "s", "w", "q"]

    /// Parses the words after `nc`.
    public static func parse(_ arguments: [String], help: [String]) -> Result<NetcatCommandLine, CommandLineError> {
        let parser = ShortOptionParser(flags: flags, valued: valued)
        let items: [ShortOptionParser.Item]
        switch parser.parse(arguments) {
        case .success(let parsed): items = parsed
        case .failure(.unknown(let letter)):
            let extra = unsupportedReason(letter).map { [$0] } ?? []
            return .failure(CommandLineError(message: "nc: invalid option -- '\(letter)'", help: extra + help))
        case .failure(.missingValue(let letter)):
            return .failure(CommandLineError(message: "nc: option requires an argument -- '\(letter)'", help: help))
        }
        var command = NetcatCommandLine()
        for item in items {
            switch item {
            case .flag("l"): command.listen = true
            case .flag("k"): command.keepListening = true
            case .flag("u"): command.udp = true
            case .flag("v"): command.verbose = true
            case .flag("n"): command.numericOnly = true
            case .flag("C"): command.crlf = true
            case .flag("4"): command.family = .ipv4
            case .flag("6"): command.family = .ipv6
            case .flag: break  // -N, -d: harmless here, there is no stdin to close
            case .value("p", let text):
                guard let port = PortArgument.parse(text) else {
                    return .failure(CommandLineError(message: "nc: port number invalid: \(text)",
                                                     help: [PortArgument.rangeHelp]))
                }
                command.sourcePort = port
            case .value("s", let text): command.sourceAddress = text
            case .value("w", let text), .value("q", let text):
                guard let seconds = Int(text), seconds >= 0, seconds <= 86_400 else {
                    return .failure(CommandLineError(message: "nc: timeout invalid: \(text)",
                                                     help: ["Give whole seconds, for example -w 5."]))
                }
                if case .value("w", _) = item { command.timeoutSeconds = seconds }
            case .value: break
            case .operand(let word): command.operands.append(word)
            }
        }
        return .success(command)
    }

    private static func unsupportedReason(_ letter: Character) -> String? {
        switch letter {
        case "z": return "Port scanning (-z) is not part of these lessons; try one port with nc HOST PORT."
        case "e", "c": return "Running a program for each connection (-e/-c) is disabled on purpose: it hands a shell to whoever connects."
        case "U": return "Unix-domain sockets (-U) are files, not ports; these panes speak TCP and UDP."
        case "x", "X": return "Proxies (-x/-X) are not supported in this pane."
        default: return nil
        }
    }
}

/// A listener the Listener pane should open: `nc -l`, checked and with addresses chosen.
public struct ListenRequest: Hashable, Sendable {
    public var port: UInt16
    public var transport: TransportProtocol
    /// `-k`: keep accepting clients after the first, and serve several at once.
    public var keepListening: Bool
    /// Where to bind: 127.0.0.1 and ::1 unless `-s` (or a host operand) says otherwise.
    public var addresses: [SocketAddress]
    /// Set when the learner asked for a non-loopback address: who else can now connect.
    public var exposureWarning: String?
    /// `-C`: lines typed in the pane end in CRLF instead of LF.
    public var crlf: Bool

    public init(port: UInt16, transport: TransportProtocol = .tcp, keepListening: Bool = false,
                addresses: [SocketAddress]? = nil, exposureWarning: String? = nil, crlf: Bool = false) {
        self.port = port
        self.transport = transport
        self.keepListening = keepListening
        self.addresses = addresses ?? [.loopback(.ipv4, port: port), .loopback(.ipv6, port: port)]
        self.exposureWarning = exposureWarning
        self.crlf = crlf
    }
}

/// A connection the Client pane should open with `nc HOST PORT`.
public struct NetcatConnectRequest: Hashable, Sendable {
    public var host: String
    public var port: UInt16
    public var transport: TransportProtocol
    public var family: AddressFamily?
    /// `-C`: send CRLF line endings (handy for speaking HTTP by hand).
    public var crlf: Bool
    /// `-n`: the host must be numeric, no name lookup.
    public var numericOnly: Bool
    /// `-w`: how long to wait for the connection.
    public var timeoutSeconds: Int?
    /// `-v`: say when the connection is made ("Connection to … succeeded!"); without it
    /// nc prints only what the peer sends, and its errors.
    public var verbose: Bool

    public init(host: String, port: UInt16, transport: TransportProtocol = .tcp,
                family: AddressFamily? = nil, crlf: Bool = false, numericOnly: Bool = false,
                timeoutSeconds: Int? = nil, verbose: Bool = false) {
        self.host = host
        self.port = port
        self.transport = transport
        self.family = family
        self.crlf = crlf
        self.numericOnly = numericOnly
        self.timeoutSeconds = timeoutSeconds
        self.verbose = verbose
    }
}

extension NetcatCommandLine {
    /// Checks a listening command line and picks the addresses to bind.
    public func listenRequest(help: [String]) -> Result<ListenRequest, CommandLineError> {
        guard listen else {
            return .failure(CommandLineError(
                message: "nc without -l connects out; this pane listens.",
                help: ["Type nc -l PORT here, or nc HOST PORT in the Client pane."] + help))
        }
        var hostOperand: String?
        var portText: String?
        switch (operands.count, sourcePort) {
        case (0, nil):
            return .failure(CommandLineError(message: "nc: missing port number",
                                             help: ["Say which port to listen on, for example: nc -l 8080"] + help))
        case (0, let p?): portText = String(p)
        case (1, nil): portText = operands[0]
        case (1, let p?): hostOperand = operands[0]; portText = String(p)
        case (2, nil): hostOperand = operands[0]; portText = operands[1]
        default:
            return .failure(CommandLineError(message: "nc: too many arguments: \(operands.joined(separator: " "))",
                                             help: ["Give one port, either as -p PORT or at the end."] + help))
        }
        guard let text = portText, let port = PortArgument.parse(text) else {
            return .failure(CommandLineError(message: "nc: port number invalid: \(portText ?? "")",
                                             help: [PortArgument.rangeHelp]))
        }
        if hostOperand != nil && sourceAddress != nil {
            return .failure(CommandLineError(message: "nc: give the address once, either -s ADDR or before the port",
                                             help: help))
        }
        var addresses: [SocketAddress]
        var warning: String?
        if let host = hostOperand ?? sourceAddress {
            guard let resolved = ImmediateResolution.addresses(for: host, port: port) else {
                return .failure(CommandLineError(
                    message: "nc: cannot listen on \"\(host)\": give a numeric address",
                    help: ["Use 127.0.0.1 or ::1 (this machine only), or 0.0.0.0 / :: (every interface).",
                           "Names are not looked up here, so the pane never waits on DNS."]))
            }
            addresses = resolved
            warning = Self.exposureWarning(for: resolved, port: port)
        } else {
            addresses = [.loopback(.ipv4, port: port), .loopback(.ipv6, port: port)]
        }
        if let family { addresses = addresses.filter { $0.family == family } }
        if addresses.isEmpty {
            return .failure(CommandLineError(message: "nc: the address and -\(family == .ipv4 ? "4" : "6") disagree",
                                             help: ["-4 means IPv4 only, -6 IPv6 only; drop one of them."]))
        }
        return .success(ListenRequest(port: port, transport: udp ? .udp : .tcp, keepListening: keepListening,
                                      addresses: addresses, exposureWarning: warning, crlf: crlf))
    }

    static func exposureWarning(for addresses: [SocketAddress], port: UInt16) -> String? {
        guard let open = addresses.first(where: { !$0.isLoopback }) else { return nil }
        if open.isUnspecified {
            let which = open.family == .ipv4 ? "every IPv4 interface" : "every interface (IPv6 and IPv4)"
            return "Warning: listening on \(open.host) means \(which): any machine that can reach this one can connect to port \(port), unless a firewall stops it."
        }
        return "Warning: \(open.host) is not loopback: machines on that network can connect to port \(port), unless a firewall stops them."
    }

    /// Checks a connecting command line (`nc HOST PORT`).
    public func connectRequest(help: [String]) -> Result<NetcatConnectRequest, CommandLineError> {
        if listen {
            return .failure(CommandLineError(message: "nc -l listens; that happens in the Listener pane.",
                                             help: ["Here, connect out with nc HOST PORT, for example nc localhost 8080."]))
        }
        if keepListening {
            return .failure(CommandLineError(message: "nc: must use -l with -k", help: help))
        }
        if sourceAddress != nil || sourcePort != nil {
            return .failure(CommandLineError(
                message: "nc: choosing the local address or port (-s/-p) is not supported in the Client pane",
                help: ["The kernel picks a free ephemeral port for each outgoing connection; watch it in the Connections pane."]))
        }
        guard operands.count == 2 else {
            let message = operands.count < 2 ? "nc: missing hostname and port" : "nc: too many arguments: \(operands.joined(separator: " "))"
            return .failure(CommandLineError(message: message,
                                             help: ["Give a host and a port, for example: nc localhost 8080"] + help))
        }
        guard let port = PortArgument.parse(operands[1]) else {
            return .failure(CommandLineError(message: "nc: port number invalid: \(operands[1])",
                                             help: [PortArgument.rangeHelp]))
        }
        let host = operands[0]
        if numericOnly && SocketAddress(numericHost: host, port: port) == nil {
            return .failure(CommandLineError(message: "nc: -n needs a numeric address, not \"\(host)\"",
                                             help: ["-n means: do not look names up. Drop -n, or give an address like 127.0.0.1."]))
        }
        return .success(NetcatConnectRequest(host: host, port: port, transport: udp ? .udp : .tcp, family: family,
                                             crlf: crlf, numericOnly: numericOnly, timeoutSeconds: timeoutSeconds,
                                             verbose: verbose))
    }
}
