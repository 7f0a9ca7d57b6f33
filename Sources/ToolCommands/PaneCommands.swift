import NetworkTypes
import ConnectionsCore
import CaptureCore

/// What the learner typed in the Client pane, understood.
public enum ClientRequest: Hashable, Sendable {
    case telnet(TelnetCommandLine)
    case netcat(NetcatConnectRequest)
    case curl(CurlCommandLine)

    public var host: String {
        switch self {
        case .telnet(let t): return t.host
        case .netcat(let n): return n.host
        case .curl(let c): return c.url.host
        }
    }

    public var port: UInt16 {
        switch self {
        case .telnet(let t): return t.port
        case .netcat(let n): return n.port
        case .curl(let c): return c.url.port
        }
    }

    public var transport: TransportProtocol {
        if case .netcat(let n) = self { return n.transport }
        return .tcp
    }
}

/// The Client pane's front door: dispatches on the first word.
public enum ClientCommand {
    /// The forms the Client pane understands, shown with every command-line error.
    public static let help: [String] = [
        "The Client pane understands:",
        "  telnet HOST PORT        e.g. telnet localhost 8080  (Ctrl-] then quit to leave)",
        "  nc [-v] HOST PORT       e.g. nc -v localhost 8080  (-v says when it has connected)",
        "  nc -u HOST PORT         send UDP datagrams",
        "  curl [-v] [-i] [-I] [-X METHOD] [-H 'Name: value'] [-d DATA] [-m SECONDS] [--connect-timeout SECONDS] http://HOST[:PORT]/PATH",
    ]

    public static func parse(_ line: String) -> Result<ClientRequest, CommandLineError> {
        let words: [String]
        switch ShellWords.split(line) {
        case .success(let w): words = w
        case .failure(let e): return .failure(e)
        }
        guard let first = words.first else {
            return .failure(CommandLineError(message: "Type a command to connect somewhere.", help: help))
        }
        let arguments = Array(words.dropFirst())
        switch first {
        case "telnet":
            return TelnetCommandLine.parse(arguments, help: help).map(ClientRequest.telnet)
        case "nc", "netcat", "ncat":
            return NetcatCommandLine.parse(arguments, help: help)
                .flatMap { $0.connectRequest(help: help) }.map(ClientRequest.netcat)
        case "curl":
            return CurlCommandLine.parse(arguments, help: help).map(ClientRequest.curl)
        default:
            return .failure(unknownCommand(first, help: help))
        }
    }

    static func unknownCommand(_ word: String, help: [String]) -> CommandLineError {
        let shown = SafeCommandWord.display(word)
        var hint: [String] = []
        switch word {
        case "wget", "http": hint = ["curl does the same job here: curl http://HOST:PORT/"]
        case "ssh", "ping", "ftp": hint = ["\(word) is not part of these lessons."]
        default: break
        }
        return CommandLineError(message: "\(shown): command not found in this pane", help: hint + help)
    }
}

/// The Listener pane's front door.
public enum ListenerCommand {
    /// The forms the Listener pane understands, shown with every command-line error.
    public static let help: [String] = [
        "The Listener pane understands:",
        "  nc -l 8080              listen on 127.0.0.1 and ::1, port 8080",
        "  nc -l -p 8080           the same, traditional netcat spelling",
        "  nc -lk 8080             keep listening: several clients at once",
        "  nc -lu 8080             UDP: show each datagram and who sent it",
        "  nc -l -s ADDR 8080      listen on one address (0.0.0.0 or :: means every interface)",
    ]

    public static func parse(_ line: String) -> Result<ListenRequest, CommandLineError> {
        let words: [String]
        switch ShellWords.split(line) {
        case .success(let w): words = w
        case .failure(let e): return .failure(e)
        }
        guard let first = words.first else {
            return .failure(CommandLineError(message: "Type a command to start listening.", help: help))
        }
        switch first {
        case "nc", "netcat", "ncat":
            return NetcatCommandLine.parse(Array(words.dropFirst()), help: help)
                .flatMap { $0.listenRequest(help: help) }
        case "telnet", "curl":
            return .failure(CommandLineError(message: "\(first) connects out; that happens in the Client pane.",
                                             help: help))
        default:
            return .failure(ClientCommand.unknownCommand(first, help: help))
        }
    }
}

/// A word the learner typed, made safe and short enough to quote back in an error.
public enum SafeCommandWord {
    public static func display(_ word: String) -> String {
        let limited = word.count > 40 ? String(word.prefix(40)) + "…" : word
        return String(limited.unicodeScalars.map { s -> Character in
            s.value < 0x20 || (0x7F...0x9F).contains(s.value) ? "?" : Character(s)
        })
    }
}
