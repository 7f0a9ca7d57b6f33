import ToolCommands
import NetworkTypes
import SafeText

/// telnet as learners meet it (inetutils/netkit style): "Trying…", "Connected to…",
/// "Escape character is '^]'.", lines sent with CRLF, Ctrl-] opens the `telnet>` prompt,
/// "Connection closed by foreign host." when the server hangs up.
///
/// A real telnet server opens with option negotiation (IAC bytes). This session declines
/// every option (WILL → DONT, DO → WONT), so the line-by-line mode stays, and never shows
/// the negotiation bytes as text.
public struct TelnetSession: ClientSession {
    public enum Mode: Equatable { case connecting, connected, commandPrompt, closed }

    public let command: TelnetCommandLine
    public var connectTimeoutSeconds: Int
    public private(set) var mode = Mode.connecting
    private var decoder = SafeLineDecoder()
    private var negotiation = TelnetNegotiation()

    public static let prompt = "telnet> "

    public init(command: TelnetCommandLine, connectTimeoutSeconds: Int = 10) {
        self.command = command
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    public var host: String { command.host }
    public var port: UInt16 { command.port }
    public var transport: TransportProtocol { .tcp }
    public var family: AddressFamily? { command.family }

    public mutating func trying(_ address: SocketAddress) -> [PaneLine] {
        [PaneLine(.status, "Trying \(address.host)...")]
    }

    public mutating func attemptFailed(_ address: SocketAddress, _ error: Errno) -> [PaneLine] {
        [PaneLine(.status, "telnet: connect to address \(address.host): \(error)")]
    }

    public mutating func connected(local: SocketAddress, remote: SocketAddress) -> ClientStep {
        mode = .connected
        return ClientStep(lines: [PaneLine(.status, "Connected to \(command.host)."),
                                  PaneLine(.status, "Escape character is '^]'.")])
    }

    public mutating func received(_ bytes: ArraySlice<UInt8>) -> ClientStep {
        let (data, reply) = negotiation.filter(bytes)
        var step = ClientStep(lines: decoder.feed(data).map { PaneLine(.received, $0) }, send: reply)
        step.partialLine = decoder.partialLine
        return step
    }

    public mutating func peerClosed() -> ClientStep {
        var lines: [PaneLine] = []
        if let last = decoder.finish() { lines.append(PaneLine(.received, last)) }
        lines.append(PaneLine(.status, "Connection closed by foreign host."))
        var step = ClientStep(lines: lines, close: true)
        if mode == .commandPrompt { step.prompt = .some(nil) }
        mode = .closed
        return step
    }

    public mutating func userLine(_ text: String) -> ClientStep {
        switch mode {
        case .connected:
            return ClientStep(send: TelnetNegotiation.escapeData(LineEnding.crlf.bytes(for: text)))
        case .commandPrompt:
            return command(text)
        case .connecting, .closed:
            return ClientStep()
        }
    }

    public mutating func escape() -> ClientStep {
        guard mode == .connected else { return ClientStep() }
        mode = .commandPrompt
        var step = ClientStep(lines: [PaneLine(.status, "^]")])
        step.prompt = .some(Self.prompt)
        return step
    }

    public static let commands: [(name: String, help: String)] = [
        ("close", "close current connection"),
        ("quit", "exit telnet"),
        ("status", "print status information"),
        ("?", "print help information"),
    ]

    /// A command typed at the `telnet>` prompt.
    private mutating func command(_ text: String) -> ClientStep {
        let word = text.trimmingSpaces().split(separator: " ").first.map(String.init) ?? ""
        if word.isEmpty {
            mode = .connected
            var step = ClientStep()
            step.prompt = .some(nil)
            return step
        }
        let matches = Self.commands.filter { $0.name.hasPrefix(word) } + (word == "help" ? [("?", "")] : [])
        guard matches.count == 1 || matches.contains(where: { $0.name == word }) else {
            let message = matches.isEmpty ? "?Invalid command" : "?Ambiguous command"
            return ClientStep(lines: [PaneLine(.status, message)])
        }
        switch matches.first(where: { $0.name == word })?.name ?? matches[0].name {
        case "close", "quit":
            mode = .closed
            var step = ClientStep(lines: [PaneLine(.status, "Connection closed.")], close: true)
            step.prompt = .some(nil)
            return step
        case "status":
            return ClientStep(lines: [PaneLine(.status, "Connected to \(command.host)."),
                                      PaneLine(.status, "Operating in obsolete linemode"),
                                      PaneLine(.status, "Escape character is '^]'.")])
        default:
            return ClientStep(lines: [PaneLine(.status, "Commands may be abbreviated.  Commands are:"),
                                      PaneLine(.status, "")]
                              + Self.commands.map { PaneLine(.status, $0.name.padding(16) + $0.help) }
                              + [PaneLine(.status, "(press Enter on an empty line to go back to the connection)")])
        }
    }

    public func failed(_ error: TeachingError, errno: Errno?, elapsedMilliseconds: Int) -> [PaneLine] {
        let head: String
        switch error.kind {
        case .nameNotFound,
             .offline where errno == nil:  // offline from a lookup; from connect() it has an errno
            head = "telnet: could not resolve \(command.host)/\(command.port): \(describeFailure(error, errno: errno))"
        default:
            head = "telnet: Unable to connect to remote host: \(describeFailure(error, errno: errno))"
        }
        return [PaneLine(.error, head)] + teachingLines(error)
    }
}

/// The telnet protocol's in-band commands (RFC 854): `IAC` (255) starts one.
public struct TelnetNegotiation {
    public static let IAC: UInt8 = 255, DONT: UInt8 = 254, DO: UInt8 = 253, WONT: UInt8 = 252, WILL: UInt8 = 251
    public static let SB: UInt8 = 250, SE: UInt8 = 240

    private enum State { case data, command, option(UInt8), subnegotiation, subnegotiationIAC }
    private var state = State.data

    /// Splits incoming bytes into data for the screen and the replies to send back.
    public mutating func filter(_ bytes: ArraySlice<UInt8>) -> (data: [UInt8], reply: [UInt8]) {
        var data: [UInt8] = []
        var reply: [UInt8] = []
        data.reserveCapacity(bytes.count)
        for byte in bytes {
            switch state {
            case .data:
                if byte == Self.IAC { state = .command } else { data.append(byte) }
            case .command:
                switch byte {
                case Self.IAC: data.append(Self.IAC); state = .data
                case Self.WILL, Self.WONT, Self.DO, Self.DONT: state = .option(byte)
                case Self.SB: state = .subnegotiation
                default: state = .data  // NOP, GA, AYT…: nothing to show
                }
            case .option(let verb):
                // Refuse everything: this client only does plain lines.
                if verb == Self.WILL { reply += [Self.IAC, Self.DONT, byte] }
                if verb == Self.DO { reply += [Self.IAC, Self.WONT, byte] }
                state = .data
            case .subnegotiation:
                if byte == Self.IAC { state = .subnegotiationIAC }
            case .subnegotiationIAC:
                state = byte == Self.SE ? .data : .subnegotiation
            }
        }
        return (data, reply)
    }

    /// Data bytes equal to IAC are doubled on the wire.
    public static func escapeData(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(IAC) else { return bytes }
        var out: [UInt8] = []
        for b in bytes { out.append(b); if b == IAC { out.append(IAC) } }
        return out
    }
}

extension String {
    /// Left-aligned in a field of `width` characters.
    public func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
