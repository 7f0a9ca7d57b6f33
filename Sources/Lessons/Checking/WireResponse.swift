import NetworkTypes

/// An HTTP response read from the server's bytes on the wire, judged the way curl judges
/// it: a status line, headers ended by an empty line, then a body framed by
/// `Content-Length`, chunked encoding, or the server closing the connection.
///
/// This is how a real curl in another terminal is judged, since porttutor cannot see it
/// exit: its server's bytes must form a whole response, and the connection must close
/// after it. Strict where `HTTPSniffer` is lenient: a status line with no empty line after
/// it is not a response curl can use (it reports `curl: (18) transfer closed...`).
struct WireResponse: Sendable, Hashable {
    var status: Int
    var reason: String
    var bodyBytes: Int

    enum Verdict: Sendable, Hashable {
        /// Not an HTTP response at all (no `HTTP/x.y NNN` first line).
        case notHTTP
        /// An HTTP response that curl would not accept as finished yet, and why.
        case unfinished(status: Int, why: String)
        case complete(WireResponse)
    }

    /// Judges `bytes` (the server-to-client direction from its first byte). `serverClosed`:
    /// the server sent its FIN; `clientClosed`: the client did. A body read until the
    /// close needs the server's; a body of announced length needs either, so that the
    /// exchange is over (curl exited and hung up, or the server did).
    static func judge(_ bytes: [UInt8], serverClosed: Bool, clientClosed: Bool) -> Verdict {
        var at = 0
        func line() -> [UInt8]? {
            guard let end = bytes[at...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            var text = Array(bytes[at..<end])
            if text.last == UInt8(ascii: "\r") { text.removeLast() }
            at = end + 1
            return text
        }
        while true {  // 1xx answers come before the real one
            guard let first = line(), let (status, reason) = statusLine(first) else { return .notHTTP }
            var contentLength: Int?
            var chunked = false
            var ended = false
            while let header = line() {
                if header.isEmpty { ended = true; break }
                guard let colon = header.firstIndex(of: UInt8(ascii: ":")) else { continue }
                let name = String(decoding: header[..<colon], as: UTF8.self).lowercased()
                let value = String(decoding: header[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: " \t").lowercased()
                if name == "content-length" {
                    guard let length = Int(value), length >= 0 else { return .unfinished(status: status, why: "its Content-Length is not a number") }
                    contentLength = length
                }
                if name == "transfer-encoding" && value.hasSuffix("chunked") { chunked = true }
            }
            guard ended else {
                return .unfinished(status: status, why: "no empty line ended the headers, so curl never saw where the body starts")
            }
            if (100..<200).contains(status) { continue }
            let body = bytes.count - at
            let closed = serverClosed || clientClosed
            if status == 204 || status == 304 || contentLength == 0 {
                return closed ? .complete(WireResponse(status: status, reason: reason, bodyBytes: 0))
                              : .unfinished(status: status, why: "the connection has not closed yet")
            }
            if chunked {
                guard let size = chunkedBodySize(bytes[at...]) else {
                    return .unfinished(status: status, why: "the chunked body has not ended (no last, empty chunk)")
                }
                return closed ? .complete(WireResponse(status: status, reason: reason, bodyBytes: size))
                              : .unfinished(status: status, why: "the connection has not closed yet")
            }
            if let contentLength {
                guard body >= contentLength else {
                    return .unfinished(status: status, why: "\(contentLength - body) of the \(contentLength) bytes announced are still missing")
                }
                return closed ? .complete(WireResponse(status: status, reason: reason, bodyBytes: contentLength))
                              : .unfinished(status: status, why: "the connection has not closed yet")
            }
            guard serverClosed else {
                return .unfinished(status: status, why: "the server has not closed the connection, which ends a body of unknown length")
            }
            return .complete(WireResponse(status: status, reason: reason, bodyBytes: body))
        }
    }

    /// `HTTP/1.0 200 OK`: the status and the words after it.
    static func statusLine(_ bytes: [UInt8]) -> (Int, String)? {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3,
              let status = Int(parts[1]), (100...599).contains(status) else { return nil }
        return (status, parts.count > 2 ? String(parts[2]) : "")
    }

    /// The body's size when the chunks end with the last, empty one; nil before that.
    static func chunkedBodySize(_ bytes: ArraySlice<UInt8>) -> Int? {
        var at = bytes.startIndex
        var total = 0
        while true {
            guard let end = bytes[at...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let text = String(decoding: bytes[at..<end], as: UTF8.self)
            let hex = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: " \t\r") ?? ""
            guard !hex.isEmpty, hex.count <= 15, let size = Int(hex, radix: 16) else { return nil }
            at = end + 1
            if size == 0 { return total }
            guard bytes.endIndex - at >= size else { return nil }
            at += size
            total += size
            // The CRLF after the chunk's data.
            if at < bytes.endIndex, bytes[at] == UInt8(ascii: "\r") { at += 1 }
            guard at < bytes.endIndex, bytes[at] == UInt8(ascii: "\n") else { return nil }
            at += 1
        }
    }
}
