import NetworkTypes
import ConnectionsCore
import CaptureCore

/// `telnet HOST [PORT]` as the Client pane accepts it.
public struct TelnetCommandLine: Hashable, Sendable {
    public var host: String
    /// 23 when no port is given, as telnet does.
    public var port: UInt16
    public var family: AddressFamily?

    public init(host: String, port: UInt16 = 23, family: AddressFamily? = nil) {
        self.host = host
        self.port = port
        self.family = family
    }

    /// Parses the words after `telnet`.
    public static func parse(_ arguments: [String], help: [String]) -> Result<TelnetCommandLine, CommandLineError> {
        let parser = ShortOptionParser(flags: ["4", "6", "8"], valued: [], permute: false)
        let items: [ShortOptionParser.Item]
        switch parser.parse(arguments) {
        case .success(let parsed): items = parsed
        case .failure(.unknown(let letter)), .failure(.missingValue(let letter)):
            return .failure(CommandLineError(message: "telnet: invalid option -- '\(letter)'", help: help))
        }
        var family: AddressFamily?
        var operands: [String] = []
        for item in items {
            switch item {
            case .flag("4"): family = .ipv4
            case .flag("6"): family = .ipv6
            case .operand(let word): operands.append(word)
            default: break
            }
        }
        switch operands.count {
        case 0:
            return .failure(CommandLineError(message: "telnet: which host? For example: telnet localhost 8080",
                                             help: help))
        case 1:
            return .success(TelnetCommandLine(host: operands[0], port: 23, family: family))
        case 2:
            guard let port = PortArgument.parse(operands[1]) else {
                return .failure(CommandLineError(message: "telnet: \(operands[1]): bad port number",
                                                 help: [PortArgument.rangeHelp]))
            }
            return .success(TelnetCommandLine(host: operands[0], port: port, family: family))
        default:
            return .failure(CommandLineError(message: "telnet: too many arguments: \(operands.joined(separator: " "))",
                                             help: ["Give a host and a port, for example: telnet localhost 8080"] + help))
        }
    }
}
