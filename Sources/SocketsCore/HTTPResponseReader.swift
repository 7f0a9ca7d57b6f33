import ToolCommands
import NetworkTypes

/// Reads an HTTP/1.x response from a byte stream, however it arrives: finds the status line,
/// the headers and the body, framed by Content-Length, chunked encoding, or the close.
///
/// Memory stays bounded: one header line at a time (at most 16 KiB), body bytes are handed
/// on as they come, never collected.
public struct HTTPResponseReader {
    public enum Output: Equatable {
        case statusLine(version: String, status: Int, reason: String, raw: [UInt8])
        case headerLine([UInt8])
        case headersEnded
        case body([UInt8])
        case complete(keepAlive: Bool)
        /// Not HTTP, or broken framing: the reason in curl's words.
        case malformed(String)
    }

    private enum State {
        case statusLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    public static let maxLineBytes = 16 * 1024

    public let requestMethod: String
    private var state = State.statusLine
    private var line: [UInt8] = []
    private var status = 0
    private var version = ""
    private var contentLength: Int?
    private var chunked = false
    private var connectionClose = false
    private var sawAnyByte = false

    public init(requestMethod: String) {
        self.requestMethod = requestMethod
    }

    public var isComplete: Bool { if case .done = state { return true } else { return false } }

    public mutating func feed(_ bytes: ArraySlice<UInt8>) -> [Output] {
        var outputs: [Output] = []
        var index = bytes.startIndex
        if !bytes.isEmpty { sawAnyByte = true }
        while index < bytes.endIndex {
            switch state {
            case .done:
                return outputs  // anything after the response is ignored, as curl does
            case .fixedBody(let remaining):
                let take = min(remaining, bytes.endIndex - index)
                outputs.append(.body(Array(bytes[index..<index + take])))
                index += take
                if remaining - take == 0 { finishMessage(&outputs) } else { state = .fixedBody(remaining: remaining - take) }
            case .chunkData(let remaining):
                let take = min(remaining, bytes.endIndex - index)
                outputs.append(.body(Array(bytes[index..<index + take])))
                index += take
                state = remaining - take == 0 ? .chunkDataEnd : .chunkData(remaining: remaining - take)
            case .untilClose:
                outputs.append(.body(Array(bytes[index...])))
                index = bytes.endIndex
            case .statusLine, .headers, .chunkSize, .chunkDataEnd, .trailers:
                let byte = bytes[index]
                index += 1
                if case .statusLine = state, line.count == 4, byte != UInt8(ascii: "/") || line != Array("HTTP".utf8) {
                    state = .done
                    outputs.append(.malformed("Received HTTP/0.9 when not allowed"))
                    return outputs
                }
                if byte != 10 {
                    line.append(byte)
                    if line.count > Self.maxLineBytes {
                        state = .done
                        outputs.append(.malformed("Header line longer than \(Self.maxLineBytes) bytes"))
                        return outputs
                    }
                    continue
                }
                if line.last == 13 { line.removeLast() }
                let complete = line
                line.removeAll(keepingCapacity: true)
                if let failure = lineEnded(complete, &outputs) {
                    state = .done
                    outputs.append(.malformed(failure))
                    return outputs
                }
            }
        }
        return outputs
    }

    /// The peer closed: completes a response read until close, else reports what is missing.
    public mutating func finish() -> [Output] {
        switch state {
        case .untilClose:
            state = .done
            return [.complete(keepAlive: false)]
        case .done:
            return []
        case .statusLine where !sawAnyByte:
            state = .done
            return [.malformed("Empty reply from server")]
        case .fixedBody(let remaining), .chunkData(let remaining):
            state = .done
            return [.malformed("transfer closed with \(remaining) bytes remaining to read")]
        default:
            state = .done
            return [.malformed("transfer closed before the response was complete")]
        }
    }

    private mutating func lineEnded(_ bytes: [UInt8], _ outputs: inout [Output]) -> String? {
        switch state {
        case .statusLine:
            // HTTP/1.1 200 OK
            let text = String(decoding: bytes, as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3,
                  let code = Int(parts[1]), code >= 100 else {
                return "Unsupported HTTP status line"
            }
            version = String(parts[0].dropFirst(5))
            status = code
            contentLength = nil
            chunked = false
            connectionClose = version == "1.0"
            outputs.append(.statusLine(version: version, status: code,
                                       reason: parts.count > 2 ? String(parts[2]) : "", raw: bytes))
            state = .headers
        case .headers:
            if bytes.isEmpty {
                outputs.append(.headersEnded)
                if (100..<200).contains(status) {   // 100 Continue: the real response follows
                    state = .statusLine
                    return nil
                }
                if requestMethod == "HEAD" || status == 204 || status == 304 {
                    finishMessage(&outputs)
                } else if chunked {
                    state = .chunkSize
                } else if let contentLength {
                    if contentLength == 0 { finishMessage(&outputs) } else { state = .fixedBody(remaining: contentLength) }
                } else {
                    connectionClose = true
                    state = .untilClose
                }
                return nil
            }
            outputs.append(.headerLine(bytes))
            guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let name = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: bytes[(colon + 1)...], as: UTF8.self)
                .trimmingSpaces().lowercased()
            switch name {
            case "content-length":
                guard let n = Int(value), n >= 0 else { return "Invalid Content-Length: \(value)" }
                contentLength = n
            case "transfer-encoding":
                if value.hasSuffix("chunked") { chunked = true }
            case "connection":
                if value.contains("close") { connectionClose = true }
                if value.contains("keep-alive") && version == "1.0" { connectionClose = false }
            default: break
            }
        case .chunkSize:
            let text = String(decoding: bytes, as: UTF8.self)
            let hex = text.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces() } ?? ""
            guard !hex.isEmpty, hex.count <= 15, let size = Int(hex, radix: 16) else {
                return "Bad chunk size: \(hex.prefix(20))"
            }
            state = size == 0 ? .trailers : .chunkData(remaining: size)
        case .chunkDataEnd:
            guard bytes.isEmpty else { return "Chunk not followed by CRLF" }
            state = .chunkSize
        case .trailers:
            if bytes.isEmpty { finishMessage(&outputs) }
        default:
            break
        }
        return nil
    }

    private mutating func finishMessage(_ outputs: inout [Output]) {
        state = .done
        outputs.append(.complete(keepAlive: !connectionClose))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (no Foundation here).
    public func trimmingSpaces() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
