import ToolCommands
import NetworkTypes
import SafeText

/// curl in the Client pane: sends the request curl 7.88 sends and shows the response the
/// way curl does — the body alone; with `-i` the status line and headers first; with `-v`
/// the `*` progress lines, `>` request lines and `<` response lines.
public struct CurlSession: ClientSession {
    public let command: CurlCommandLine
    public var connectTimeoutSeconds: Int
    private var reader: HTTPResponseReader
    private var bodyDecoder = SafeLineDecoder()
    private var finished = false
    /// What was read of the response so far, for the exchange's outcome.
    private var outcome = HTTPExchangeOutcome(status: nil, headersEnded: false)

    public init(command: CurlCommandLine, connectTimeoutSeconds: Int = 10) {
        self.command = command
        // -m caps the whole transfer, so the connection too; --connect-timeout only the connection.
        self.connectTimeoutSeconds = [command.maxTimeSeconds, command.connectTimeoutSeconds].compactMap { $0 }.reduce(connectTimeoutSeconds, min)
        self.reader = HTTPResponseReader(requestMethod: command.method)
    }

    public var host: String { command.url.host }
    public var port: UInt16 { command.url.port }
    public var transport: TransportProtocol { .tcp }
    public var family: AddressFamily? { nil }
    private var verbose: Bool { command.verbose }

    public mutating func trying(_ address: SocketAddress) -> [PaneLine] {
        verbose ? [PaneLine(.status, "*   Trying \(address)...")] : []
    }

    public mutating func attemptFailed(_ address: SocketAddress, _ error: Errno) -> [PaneLine] {
        verbose ? [PaneLine(.status, "* connect to \(address.host) port \(address.port) failed: \(error)")] : []
    }

    public mutating func connected(local: SocketAddress, remote: SocketAddress) -> ClientStep {
        var step = ClientStep(send: command.requestBytes)
        if verbose {
            step.lines.append(PaneLine(.status, "* Connected to \(command.url.host) (\(remote.host)) port \(remote.port) (#0)"))
            step.lines += command.requestLines.map { PaneLine(.sent, "> \($0)") }
            step.lines.append(PaneLine(.sent, "> "))
        }
        return step
    }

    public mutating func received(_ bytes: ArraySlice<UInt8>) -> ClientStep {
        guard !finished else { return ClientStep() }
        var step = ClientStep()
        for output in reader.feed(bytes) { apply(output, to: &step) }
        if !finished { step.partialLine = bodyDecoder.partialLine }
        return step
    }

    public mutating func peerClosed() -> ClientStep {
        var step = ClientStep()
        if !finished {
            for output in reader.finish() { apply(output, to: &step) }
        }
        step.close = true
        return step
    }

    private mutating func apply(_ output: HTTPResponseReader.Output, to step: inout ClientStep) {
        let showHeaders = command.includeHeaders || command.headOnly
        switch output {
        case .statusLine(let version, let status, let reason, let raw):
            step.httpStatus = (status, reason)
            outcome.status = status
            outcome.reason = reason
            outcome.headersEnded = false
            if verbose && version == "1.0" {
                step.lines.append(PaneLine(.status, "* HTTP 1.0, assume close after body"))
            }
            if verbose { step.lines.append(PaneLine(.received, SafeText(bytes: Array("< ".utf8) + raw))) }
            else if showHeaders { step.lines.append(PaneLine(.received, SafeText(bytes: raw))) }
        case .headerLine(let raw):
            if verbose { step.lines.append(PaneLine(.received, SafeText(bytes: Array("< ".utf8) + raw))) }
            else if showHeaders { step.lines.append(PaneLine(.received, SafeText(bytes: raw))) }
        case .headersEnded:
            outcome.headersEnded = true
            if verbose { step.lines.append(PaneLine(.received, "< ")) }
            else if showHeaders { step.lines.append(PaneLine(.received, "")) }
        case .body(let bytes):
            outcome.bodyBytes += bytes.count
            step.lines += bodyDecoder.feed(bytes).map { PaneLine(.received, $0) }
        case .complete(let keepAlive):
            finished = true
            if let last = bodyDecoder.finish() { step.lines.append(PaneLine(.received, last)) }
            if verbose {
                step.lines.append(PaneLine(.status, keepAlive ? "* Connection #0 to host \(command.url.host) left intact"
                                                              : "* Closing connection 0"))
            }
            step.close = true
            step.httpFinished = outcome
        case .malformed(let reason):
            finished = true
            if let last = bodyDecoder.finish() { step.lines.append(PaneLine(.received, last)) }
            step.lines += malformedLines(reason)
            step.close = true
            var failed = outcome
            failed.curlError = Self.errorCode(reason)
            failed.errorMessage = reason
            step.httpFinished = failed
        }
    }

    /// curl's exit code for a reply it could not use, as `malformedLines` prints it.
    static func errorCode(_ reason: String) -> Int {
        switch reason {
        case "Empty reply from server": return 52
        case let r where r.hasPrefix("transfer closed"): return 18
        case "Received HTTP/0.9 when not allowed": return 1
        default: return 8
        }
    }

    private func malformedLines(_ reason: String) -> [PaneLine] {
        var lines: [PaneLine] = []
        if verbose { lines.append(PaneLine(.status, "* Closing connection 0")) }
        switch reason {
        case "Empty reply from server":
            lines.append(PaneLine(.error, "curl: (52) Empty reply from server"))
            lines.append(PaneLine(.explanation, "The server accepted the connection and closed it without a single byte of answer."))
        case let r where r.hasPrefix("transfer closed"):
            lines.append(PaneLine(.error, "curl: (18) \(r)"))
            if outcome.status == nil {
                lines.append(PaneLine(.explanation, "The server closed the connection before its status line was complete."))
            } else if !outcome.headersEnded {
                lines.append(PaneLine(.explanation, "The server closed the connection before an empty line ended the headers,"))
                lines.append(PaneLine(.explanation, "so curl never saw where the body starts. The status line, the empty line"))
                lines.append(PaneLine(.explanation, "and the body each go on a line of their own."))
            } else {
                lines.append(PaneLine(.explanation, "The server closed the connection before sending the whole body it announced."))
            }
        case "Received HTTP/0.9 when not allowed":
            lines.append(PaneLine(.error, "curl: (1) Received HTTP/0.9 when not allowed"))
            lines.append(PaneLine(.explanation, "The answer did not start with an HTTP status line such as HTTP/1.1 200 OK:"))
            lines.append(PaneLine(.explanation, "whatever is listening there does not speak HTTP (perhaps nc, or another protocol)."))
        default:
            lines.append(PaneLine(.error, "curl: (8) Weird server reply: \(reason)"))
            lines.append(PaneLine(.explanation, "The answer broke the rules of HTTP/1.1, so curl stopped reading it."))
        }
        return lines
    }

    public mutating func userLine(_ text: String) -> ClientStep {
        ClientStep(lines: [PaneLine(.explanation, "curl sends one request and shows the answer; typing does not send anything.")])
    }

    public mutating func escape() -> ClientStep { ClientStep() }

    public func failed(_ error: TeachingError, errno: Errno?, elapsedMilliseconds: Int) -> [PaneLine] {
        let url = command.url
        var lines: [PaneLine] = []
        let head: String
        switch error.kind {
        case .nameNotFound,
             .offline where errno == nil:  // offline from a lookup; from connect() it has an errno
            head = "curl: (6) Could not resolve host: \(url.host)"
            if verbose { lines.append(PaneLine(.status, "* Could not resolve host: \(url.host)")) }
        case .timedOut:
            head = "curl: (28) Failed to connect to \(url.host) port \(url.port) after \(elapsedMilliseconds) ms: Timeout was reached"
        default:
            head = "curl: (7) Failed to connect to \(url.host) port \(url.port) after \(elapsedMilliseconds) ms: Couldn't connect to server"
            if verbose {
                lines.append(PaneLine(.status, "* Failed to connect to \(url.host) port \(url.port) after \(elapsedMilliseconds) ms: Couldn't connect to server"))
            }
        }
        if verbose { lines.append(PaneLine(.status, "* Closing connection 0")) }
        return lines + [PaneLine(.error, head)] + teachingLines(error)
    }
}
