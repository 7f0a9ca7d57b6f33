import ToolCommands
import NetworkTypes

/// The head of one HTTP request: request line and headers.
public struct HTTPRequestHead: Equatable {
    public var method: String
    public var target: String
    /// "1.1", "1.0", or "0.9" for a bare `GET /` line with no version.
    public var version: String
    public var headers: [HTTPHeader]
    /// The request line as received, for the server's log.
    public var requestLine: [UInt8]

    public func header(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// Whether the connection stays open after the response (RFC 9112 §9.3).
    public var keepAlive: Bool {
        let connection = header("Connection").joined(separator: ",").lowercased()
        switch version {
        case "1.1": return !connection.contains("close")
        case "1.0": return connection.contains("keep-alive")
        default: return false
        }
    }
}

/// Reads requests from a byte stream, one after another (pipelining works), within fixed
/// limits so that no client can grow the server's memory.
public struct HTTPRequestParser {
    public enum Output: Equatable {
        case request(HTTPRequestHead)
        /// The request was bad; answer `status` and close. `requestLine` for the log.
        case reject(status: Int, detail: String, requestLine: [UInt8])
    }

    public init() {}

    public static let maxRequestLine = 8 * 1024
    public static let maxHeaderBytes = 16 * 1024
    public static let maxHeaderCount = 100
    public static let maxDiscardedBody = 1024 * 1024

    private enum State { case requestLine, headers, discardBody(Int), stopped }
    private var state = State.requestLine
    private var line: [UInt8] = []
    private var head = HTTPRequestHead(method: "", target: "", version: "", headers: [], requestLine: [])
    private var headerBytes = 0

    /// Stops parsing (after a response that closes the connection).
    public mutating func stop() { state = .stopped }

    /// Whether a request has started but not finished (for the idle-timeout answer).
    public var isInsideRequest: Bool {
        switch state {
        case .requestLine: return !line.isEmpty
        case .headers, .discardBody: return true
        case .stopped: return false
        }
    }

    public mutating func feed(_ bytes: ArraySlice<UInt8>) -> [Output] {
        var outputs: [Output] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch state {
            case .stopped:
                return outputs
            case .discardBody(let remaining):
                let take = min(remaining, bytes.endIndex - index)
                index += take
                if remaining == take { state = .requestLine; outputs.append(.request(head)) }
                else { state = .discardBody(remaining - take) }
            case .requestLine, .headers:
                let byte = bytes[index]
                index += 1
                if byte != 10 {
                    line.append(byte)
                    if case .requestLine = state, line.count > Self.maxRequestLine {
                        return reject(&outputs, 414, "The request line is longer than \(Self.maxRequestLine) bytes.")
                    }
                    if case .headers = state, headerBytes + line.count > Self.maxHeaderBytes {
                        return reject(&outputs, 431, "The headers are larger than \(Self.maxHeaderBytes) bytes in all.")
                    }
                    continue
                }
                if line.last == 13 { line.removeLast() }
                let complete = line
                line.removeAll(keepingCapacity: true)
                if case .requestLine = state {
                    if complete.isEmpty { continue }  // stray CRLF between requests
                    if let rejection = requestLine(complete) { return reject(&outputs, rejection.0, rejection.1) }
                    if head.version == "0.9" {
                        outputs.append(.request(head))
                        state = .stopped
                        return outputs
                    }
                    state = .headers
                } else if complete.isEmpty {
                    if let rejection = headersEnded() { return reject(&outputs, rejection.0, rejection.1) }
                    if case .discardBody = state { continue }
                    outputs.append(.request(head))
                    state = .requestLine
                } else {
                    headerBytes += complete.count
                    if let rejection = headerLine(complete) { return reject(&outputs, rejection.0, rejection.1) }
                }
            }
        }
        return outputs
    }

    private mutating func reject(_ outputs: inout [Output], _ status: Int, _ detail: String) -> [Output] {
        outputs.append(.reject(status: status, detail: detail, requestLine: head.requestLine))
        state = .stopped
        return outputs
    }

    private mutating func requestLine(_ bytes: [UInt8]) -> (Int, String)? {
        head = HTTPRequestHead(method: "", target: "", version: "", headers: [], requestLine: bytes)
        headerBytes = 0
        let parts = bytes.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else {
            return (400, "A request line is METHOD, one space, TARGET, one space, HTTP/1.1 (for example: GET / HTTP/1.1).")
        }
        guard !parts[0].isEmpty, parts[0].allSatisfy(HTTPSyntax.isTokenByte) else {
            return (400, "The method must be a word such as GET.")
        }
        head.method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        guard !target.isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return (400, "The target must be a path such as / or /welcome, without spaces.")
        }
        if target.hasPrefix("/") || target == "*" {
            head.target = target
        } else if target.lowercased().hasPrefix("http://"), case .success(let url) = HTTPURL.parse(target) {
            head.target = url.target
        } else {
            return (400, "The target must be a path that starts with / (for example: GET / HTTP/1.1).")
        }
        if parts.count == 2 {
            head.version = "0.9"
            return nil
        }
        let version = String(decoding: parts[2], as: UTF8.self)
        switch version {
        case "HTTP/1.1": head.version = "1.1"
        case "HTTP/1.0": head.version = "1.0"
        case "HTTP/2", "HTTP/2.0", "HTTP/3", "HTTP/3.0":
            head.version = "1.1"
            return (505, "This server speaks HTTP/1.1 and HTTP/1.0. HTTP/2 and HTTP/3 are binary protocols, never typed by hand.")
        default:
            return (400, "The version must be written HTTP/1.1 (or HTTP/1.0), in capitals.")
        }
        return nil
    }

    private mutating func headerLine(_ bytes: [UInt8]) -> (Int, String)? {
        if head.headers.count >= Self.maxHeaderCount {
            return (431, "More than \(Self.maxHeaderCount) header lines.")
        }
        if bytes.first == 32 || bytes.first == 9 {
            return (400, "A header line may not start with a space (obsolete line folding is not allowed).")
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0,
              bytes[..<colon].allSatisfy(HTTPSyntax.isTokenByte) else {
            return (400, "A header line looks like Name: value, with no space before the colon.")
        }
        let value = String(decoding: bytes[(colon + 1)...], as: UTF8.self).trimmingSpaces()
        head.headers.append(HTTPHeader(name: String(decoding: bytes[..<colon], as: UTF8.self), value: value))
        return nil
    }

    private mutating func headersEnded() -> (Int, String)? {
        if head.version == "1.1" && head.header("Host").count != 1 {
            return (400, "An HTTP/1.1 request needs exactly one Host header: type Host: localhost before the empty line.")
        }
        if !head.header("Transfer-Encoding").isEmpty {
            return (501, "This server does not accept request bodies sent with Transfer-Encoding.")
        }
        let lengths = Set(head.header("Content-Length"))
        if lengths.count > 1 { return (400, "Content-Length is given twice, with different values.") }
        if let text = lengths.first {
            guard !text.isEmpty, text.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(text) else {
                return (400, "Content-Length must be a number of bytes.")
            }
            if length > Self.maxDiscardedBody {
                return (413, "The request body is larger than this server accepts (\(Self.maxDiscardedBody) bytes).")
            }
            if length > 0 { state = .discardBody(length) }
        }
        return nil
    }
}
