import ToolCommands
import NetworkTypes
import SafeText

/// `nc HOST PORT` and `nc -u HOST PORT` in the Client pane: every line typed is sent with
/// LF (CRLF with -C), every byte received is shown. Like the real nc, it says that the
/// connection was made only with `-v`; the pane's title says it either way.
public struct NetcatClientSession: ClientSession {
    public let request: NetcatConnectRequest
    public var connectTimeoutSeconds: Int
    private var decoder = SafeLineDecoder()
    private var isConnected = false

    public init(request: NetcatConnectRequest, connectTimeoutSeconds: Int = 10) {
        self.request = request
        self.connectTimeoutSeconds = request.timeoutSeconds ?? connectTimeoutSeconds
    }

    public var host: String { request.host }
    public var port: UInt16 { request.port }
    public var transport: TransportProtocol { request.transport }
    public var family: AddressFamily? { request.family }

    private var proto: String { request.transport.name }

    public mutating func trying(_ address: SocketAddress) -> [PaneLine] { [] }

    /// Real nc names each address that failed only with -v; without it, the one line
    /// `failed` writes says what went wrong.
    public mutating func attemptFailed(_ address: SocketAddress, _ error: Errno) -> [PaneLine] {
        guard request.verbose else { return [] }
        return [PaneLine(.status, "nc: connect to \(request.host) (\(address.host)) port \(request.port) (\(proto)) failed: \(error)")]
    }

    public mutating func connected(local: SocketAddress, remote: SocketAddress) -> ClientStep {
        isConnected = true
        if request.transport == .udp {
            return ClientStep(lines: [
                PaneLine(.status, "Sending UDP datagrams to \(request.host) (\(remote.host)) port \(request.port) from \(local)."),
                PaneLine(.explanation, "UDP has no connection: each line you type is one datagram, and nothing confirms it arrived."),
            ])
        }
        guard request.verbose else { return ClientStep() }
        return ClientStep(lines: [PaneLine(.status, "Connection to \(request.host) (\(remote.host)) \(request.port) port [\(proto)/*] succeeded!")])
    }

    public mutating func received(_ bytes: ArraySlice<UInt8>) -> ClientStep {
        var step = ClientStep(lines: decoder.feed(bytes).map { PaneLine(.received, $0) })
        step.partialLine = decoder.partialLine
        return step
    }

    public mutating func peerClosed() -> ClientStep {
        var lines: [PaneLine] = []
        if let last = decoder.finish() { lines.append(PaneLine(.received, last)) }
        lines.append(PaneLine(.status, "(\(request.host) closed the connection; nc exits)"))
        return ClientStep(lines: lines, close: true)
    }

    public mutating func userLine(_ text: String) -> ClientStep {
        guard isConnected else { return ClientStep() }
        return ClientStep(send: (request.crlf ? LineEnding.crlf : .lf).bytes(for: text))
    }

    public mutating func escape() -> ClientStep {
        ClientStep(lines: [PaneLine(.explanation, "Ctrl-] is telnet's escape key; nc has none. Close nc with the pane's close key.")])
    }

    public func failed(_ error: TeachingError, errno: Errno?, elapsedMilliseconds: Int) -> [PaneLine] {
        let head: String
        switch error.kind {
        case .nameNotFound,
             .offline where errno == nil:  // offline from a lookup; from connect() it has an errno
            head = "nc: getaddrinfo for host \"\(request.host)\" port \(request.port): \(describeFailure(error, errno: errno))"
        default:
            head = "nc: connect to \(request.host) port \(request.port) (\(proto)) failed: \(describeFailure(error, errno: errno))"
        }
        return [PaneLine(.error, head)] + teachingLines(error)
    }
}
