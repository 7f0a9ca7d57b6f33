import ToolCommands
import NetworkTypes

/// A failure explained for a learner: what happened, what it means on the wire, what to do.
public struct TeachingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// bind() said EADDRINUSE. The lead fills in ``portHolder`` from the socket table.
        case addressInUse(port: UInt16, address: String, transport: TransportProtocol)
        case permissionDenied(port: UInt16)
        case addressNotAvailable(address: String)
        case connectionRefused(host: String, port: UInt16)
        case nameNotFound(host: String)
        /// The name did not resolve or the network is unreachable: no internet, it seems.
        case offline(host: String)
        case timedOut(host: String, port: UInt16, seconds: Int)
        case connectionReset
        case tooManyOpenFiles
        case tooManyClients(limit: Int)
        case sendBufferFull(limit: Int)
        case notConnected
        case system(operation: String, errno: Int32)
    }

    public let kind: Kind
    /// One line: what went wrong.
    public let summary: String
    /// What it means on the wire.
    public let meaning: [String]
    /// What to do next.
    public let advice: [String]
    /// For ``Kind/addressInUse``: which process holds the port, when the lead could find it.
    public private(set) var portHolder: String?

    public init(kind: Kind, summary: String, meaning: [String], advice: [String], portHolder: String? = nil) {
        self.kind = kind
        self.summary = summary
        self.meaning = meaning
        self.advice = advice
        self.portHolder = portHolder
    }

    /// The port in question, for errors about one (address in use, permission, refused…).
    public var port: UInt16? {
        switch kind {
        case .addressInUse(let port, _, _), .permissionDenied(let port),
             .connectionRefused(_, let port), .timedOut(_, let port, _):
            return port
        default:
            return nil
        }
    }

    /// The same error, naming the process that holds the port (e.g. "nc (pid 4242)").
    public func withPortHolder(_ holder: String) -> TeachingError {
        var copy = self
        copy.portHolder = holder
        return copy
    }

    /// Every line to show, in order. A sentence written over two lines here (the second
    /// goes on in lower case) is one line there, for the pane to wrap at its own width:
    /// kept apart, a 64-column pane left a word or two of each on a row of their own.
    public var lines: [String] {
        var result = [summary] + Self.paragraphs(meaning)
        if let portHolder { result.append("It is held by: \(portHolder).") }
        return result + Self.paragraphs(advice)
    }

    static func paragraphs(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines {
            if let last = result.last, !last.hasSuffix(":"), line.first?.isLowercase == true {
                result[result.count - 1] = last + " " + line
            } else {
                result.append(line)
            }
        }
        return result
    }

    public var description: String { lines.joined(separator: "\n") }
}

extension TeachingError {
    public static func addressInUse(_ address: SocketAddress, transport: TransportProtocol) -> TeachingError {
        TeachingError(
            kind: .addressInUse(port: address.port, address: address.host, transport: transport),
            summary: "Port \(address.port) is already in use on \(address.host) (\(transport.name.uppercased())).",
            meaning: ["Another socket already owns this address and port, so the kernel refused bind()",
                      "with EADDRINUSE. Only one listener at a time can own a port on an address."],
            advice: ["Stop the program that holds it (the Connections pane shows every LISTEN socket),",
                     "or pick another port: nc -l \(address.port == 65535 ? 8081 : address.port + 1)"])
    }

    /// The port is porttutor's own built-in web server's: the learner cannot stop it
    /// without leaving, so the way out is another port or `--web-port`.
    public static func heldByWebServer(port: UInt16, address: String) -> TeachingError {
        TeachingError(
            kind: .addressInUse(port: port, address: address, transport: .tcp),
            summary: "Port \(port) is porttutor's own web server (for the HTTP lesson).",
            meaning: ["porttutor itself listens on port \(port), so the kernel refused a second listener",
                      "there with EADDRINUSE. Only one listener at a time can own a port on an address."],
            advice: ["Pick another port: nc -l \(port == 65535 ? 8081 : port + 1)",
                     "or start porttutor with --web-port N to move its web server to port N."])
    }

    public static func permissionDenied(port: UInt16) -> TeachingError {
        TeachingError(
            kind: .permissionDenied(port: port),
            summary: "Permission denied: port \(port) is below 1024, a privileged port.",
            meaning: ["Linux lets only root (or a program with CAP_NET_BIND_SERVICE) bind ports below 1024",
                      "(sysctl net.ipv4.ip_unprivileged_port_start). macOS dropped this rule in 10.14."],
            advice: ["Use a port of 1024 or above, for example: nc -l 8080"])
    }

    public static func addressNotAvailable(_ address: SocketAddress) -> TeachingError {
        TeachingError(
            kind: .addressNotAvailable(address: address.host),
            summary: "Cannot listen on \(address.host): that address does not belong to this machine.",
            meaning: ["bind() failed with EADDRNOTAVAIL: no network interface here has that address."],
            advice: ["Use 127.0.0.1 or ::1 (this machine only), or leave -s out."])
    }

    public static func refused(host: String, port: UInt16) -> TeachingError {
        // The Listener pane can only fix a refusal from this machine.
        let here = ["localhost", "127.0.0.1", "::1"].contains(host.lowercased()) || host.hasPrefix("127.")
        return TeachingError(
            kind: .connectionRefused(host: host, port: port),
            summary: "Connection refused: nothing is listening on \(host) port \(port).",
            meaning: ["The connection request (SYN) reached the machine, and its kernel answered at once",
                      "with a reset (RST): no program there is listening on that port."],
            advice: [here ? "Start a listener first (nc -l \(port) in the Listener pane), or check the port number."
                          : "The machine is up (its kernel answered): check the port number, or whether the server's program runs there."])
    }

    public static func nameNotFound(host: String) -> TeachingError {
        TeachingError(
            kind: .nameNotFound(host: host),
            summary: "Could not resolve host: \(host)",
            meaning: ["Name lookup (/etc/hosts, then DNS) found no address for this name, so no packet was sent."],
            advice: ["Check the spelling. localhost and numeric addresses such as 127.0.0.1 always work."])
    }

    /// `localhost8080`: a port run into the name, its colon (or space) left out. Said
    /// instead of "not found" or "offline", which would send the learner the wrong way.
    /// Nil for any other name.
    public static func portRunIntoName(host: String) -> TeachingError? {
        let digits = host.reversed().prefix(while: { $0.isASCII && $0.isNumber }).count
        guard (1...5).contains(digits), host.dropLast(digits).lowercased() == "localhost",
              let port = UInt16(host.suffix(digits)), port > 0 else { return nil }
        let name = String(host.dropLast(digits))
        return TeachingError(
            kind: .nameNotFound(host: host),
            summary: "Could not resolve host: \(host): no machine has that name.",
            meaning: ["It looks like \(name) and port \(port) run together, so the port became part of the name."],
            advice: ["In a URL a colon comes before the port: curl http://\(name):\(port)/",
                     "Telnet and nc take the port after a space: telnet \(name) \(port)"])
    }

    public static func offline(host: String, webServerPort: UInt16) -> TeachingError {
        TeachingError(
            kind: .offline(host: host),
            summary: "This machine seems to be offline: \(host) cannot be reached.",
            meaning: ["The name could not be looked up, or there is no route to the internet,",
                      "so no connection to \(host) could even start."],
            advice: ["porttutor's built-in web server answers the way a real site does:",
                     "  telnet localhost \(webServerPort)   then type GET / and press Enter",
                     "  curl -v http://localhost:\(webServerPort)/"])
    }

    public static func timedOut(host: String, port: UInt16, seconds: Int) -> TeachingError {
        TeachingError(
            kind: .timedOut(host: host, port: port, seconds: seconds),
            summary: "Timed out: no answer from \(host) port \(port) after \(seconds) s.",
            meaning: ["The connection request (SYN) got no reply at all: no SYN-ACK, and no reset either.",
                      "A firewall may be dropping packets silently, or the host is down or too busy."],
            advice: ["Check the address and the port; compare with a connection you know works."])
    }

    public static let connectionReset = TeachingError(
        kind: .connectionReset,
        summary: "Connection reset by peer.",
        meaning: ["The other side aborted the connection with a reset (RST) instead of closing it",
                  "politely (FIN): it may have crashed, or closed with data still unread."],
        advice: ["Connect again if you need to."])

    public static let tooManyOpenFiles = TeachingError(
        kind: .tooManyOpenFiles,
        summary: "Too many open files: this process has used all of its file descriptors.",
        meaning: ["Every socket is a file descriptor, and the per-process limit (ulimit -n) is reached,",
                  "so the kernel cannot hand out another one. Waiting clients stay in the listen queue."],
        advice: ["Close some connections; accepting resumes by itself when descriptors are free."])

    public static func tooManyClients(limit: Int) -> TeachingError {
        TeachingError(
            kind: .tooManyClients(limit: limit),
            summary: "Turned a client away: \(limit) clients are already connected.",
            meaning: ["The connection was accepted and closed at once, so that client sees it close."],
            advice: ["This limit keeps the pane responsive; close some clients to make room."])
    }

    public static func sendBufferFull(limit: Int) -> TeachingError {
        TeachingError(
            kind: .sendBufferFull(limit: limit),
            summary: "Not sent: the peer is not reading, and \(limit / 1024) KiB are already waiting to go.",
            meaning: ["TCP only sends as fast as the other side reads (flow control); its window is full."],
            advice: ["Wait for the peer to read, or close the connection."])
    }

    public static let notConnected = TeachingError(
        kind: .notConnected,
        summary: "Nothing was sent: no client is connected.",
        meaning: ["A listener only talks to clients that have connected to it."],
        advice: ["Connect first, for example with telnet localhost PORT in the Client pane."])

    public static func system(_ operation: String, _ errno: Errno) -> TeachingError {
        TeachingError(
            kind: .system(operation: operation, errno: errno.rawValue),
            summary: "\(operation) failed: \(errno.description).",
            meaning: [],
            advice: [])
    }

    /// The teaching error for a failed connect() to `host`.
    public static func connectFailure(_ errno: Errno, host: String, port: UInt16, webServerPort: UInt16,
                               timeoutSeconds: Int) -> TeachingError {
        switch errno {
        case .connectionRefused: return refused(host: host, port: port)
        case .timedOut: return timedOut(host: host, port: port, seconds: timeoutSeconds)
        case .networkUnreachable, .hostUnreachable: return offline(host: host, webServerPort: webServerPort)
        case .connectionReset: return connectionReset
        case .tooManyOpenFiles, .tooManyOpenFilesInSystem: return tooManyOpenFiles
        default: return system("connect() to \(host) port \(port)", errno)
        }
    }

    /// The teaching error for a failed bind().
    public static func bindFailure(_ errno: Errno, address: SocketAddress, transport: TransportProtocol) -> TeachingError {
        switch errno {
        case .addressInUse: return addressInUse(address, transport: transport)
        case .permissionDenied, .notPermitted: return permissionDenied(port: address.port)
        case .addressNotAvailable: return addressNotAvailable(address)
        case .tooManyOpenFiles, .tooManyOpenFilesInSystem: return tooManyOpenFiles
        default: return system("bind() to \(address)", errno)
        }
    }
}
