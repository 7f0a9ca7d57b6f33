import NetworkTypes
import SafeText

/// Finds HTTP request and response heads in a byte stream, however the bytes got there:
/// a porttutor pane, or packets of a real `curl` seen on the wire.
///
/// Lenient on purpose: a learner typing `GET /` by hand into telnet sends no version and no
/// headers, and a hand-typed line ends in `\n` rather than `\r\n`.
enum HTTPSniffer {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"]

    static func requests(in bytes: [UInt8], port: Int?) -> [HTTPRequestSeen] {
        var found: [HTTPRequestSeen] = []
        var current: HTTPRequestSeen?
        for line in lines(of: bytes) {
            if var request = current {
                if line.isEmpty {
                    found.append(request)
                    current = nil
                } else if let colon = line.firstIndex(of: ":"), !line[..<colon].contains(" ") {
                    let value = line[line.index(after: colon)...].drop(while: { $0 == " " })
                    request.headers.append(HTTPHeader(name: String(line[..<colon]), value: String(value)))
                    current = request
                } else {
                    found.append(request)
                    current = requestLine(line, port: port)
                }
            } else {
                current = requestLine(line, port: port)
            }
        }
        if let current { found.append(current) }
        return found
    }

    /// `GET / HTTP/1.1`, or `GET /` (HTTP/0.9 style, as typed by hand).
    static func requestLine(_ line: String, port: Int?) -> HTTPRequestSeen? {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 || parts.count == 3, methods.contains(String(parts[0])) else { return nil }
        if parts.count == 3 && !parts[2].hasPrefix("HTTP/") { return nil }
        return HTTPRequestSeen(method: String(parts[0]), path: String(parts[1]), version: parts.count == 3 ? String(parts[2]) : nil, port: port)
    }

    static func responses(in bytes: [UInt8], port: Int?) -> [HTTPResponseSeen] {
        lines(of: bytes).compactMap { line in
            guard line.hasPrefix("HTTP/") else { return nil }
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard parts.count >= 2, parts[1].count == 3, let status = Int(parts[1]), (100...599).contains(status) else { return nil }
            return HTTPResponseSeen(status: status, reason: parts.count == 3 ? String(parts[2]) : "", port: port)
        }
    }

    /// Lines split on `\n`, with a trailing `\r` removed; invalid UTF-8 becomes U+FFFD.
    static func lines(of bytes: [UInt8]) -> [String] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { slice in
            var line = slice
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            return String(decoding: line, as: UTF8.self)
        }
    }
}

/// Notes quote learner-typed and network text, so they go through the one sanitiser, like
/// the panes: valid UTF-8 stays readable (“héllo”), control bytes show as harmless
/// placeholders (␛), and long text is cut. A note is one line, so line ends are dropped.
/// A packet's payload is bytes, not text, and is quoted as tcpdump -A shows it (`payload`).
enum NoteText {
    static func quoted(_ text: String, limit: Int = 40) -> String {
        "“" + printable(text, limit: limit) + "”"
    }

    static func printable(_ text: String, limit: Int = 40) -> String {
        printable(bytes: Array(text.utf8), limit: limit)
    }

    static func printable(bytes: [UInt8], limit: Int = 40) -> String {
        let safe = SafeText(bytes: bytes.filter { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }).string
        return safe.count > limit ? String(safe.prefix(limit)) + "..." : safe
    }

    /// A packet's payload, quoted as tcpdump -A shows it, one byte one cell: binary that
    /// happens to decode as UTF-8 (a TLS record) would otherwise put wide, combining or
    /// right-to-left text in the note and make it wider than measured. Typed ASCII reads
    /// as typed. The line end a typed line was sent with is not shown, as tcpdump -A
    /// shows it as a line break; other line ends are dots. A cut is marked after the
    /// closing quote, where it cannot be taken for payload dots.
    static func payload(_ bytes: [UInt8], limit: Int = 30) -> String {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        if end == 0 { end = bytes.count }
        let shown = SafeText(asciiDump: bytes[..<min(end, limit)]).string
        return "“" + shown + "”" + (end > limit ? "..." : "")
    }
}
