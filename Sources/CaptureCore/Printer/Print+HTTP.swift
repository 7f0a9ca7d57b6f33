// The first line of HTTP on ports 80 and 8080, as tcpdump's print-http.c and txtproto_print.

extension PrintContext {
    static let httpMethods: [String] = [
        "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE",
        "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT",
        "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND",
        "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT",
        "VERSION-CONTROL", "BASELINE-CONTROL",
    ]

    /// Reads one token; returns the index after it and its trailing blanks, or 0.
    func fetchToken(_ p: Int, _ start: Int, _ len: Int, into token: inout [UInt8]) -> Int {
        token.removeAll(keepingCapacity: true)
        var idx = start
        while idx < len {
            guard has(p + idx, 1) else { return 0 }
            let c = bytes[p + idx]
            if c >= 0x80 { return 0 }
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A { break }
            if c < 0x20 || c == 0x7F { return 0 }
            if token.count + 2 > 129 { return 0 }
            token.append(c)
            idx += 1
        }
        if token.isEmpty { return 0 }
        while idx < len {
            guard has(p + idx, 1) else { break }
            let c = bytes[p + idx]
            if c == 0x0D || c == 0x0A { break }
            if c < 0x20 || c >= 0x7F { break }
            if c != 0x20 && c != 0x09 { break }
            idx += 1
        }
        return idx
    }

    /// `HTTP: GET / HTTP/1.1`, or with -v `HTTP, length: N` and every line on its own
    /// `\n\t` line, as txtproto_print; just `HTTP` when it is not a request or response.
    mutating func printHTTPSummary(at p: Int, length: Int, verbose: Bool = false) throws {
        protocolName = "http"
        var token: [UInt8] = []
        var printLine = false
        var idx = fetchToken(p, 0, length, into: &token)
        if idx != 0 {
            let word = String(decoding: token, as: UTF8.self).uppercased()
            if Self.httpMethods.contains(word) { printLine = true }
            idx = fetchToken(p, idx, length, into: &token)
            if idx != 0, token.count == 3, token.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { printLine = true }
        }
        out.append("HTTP")
        guard printLine else { return }
        if verbose {
            out.append(", length: "); out.appendDecimal(length)
            var i = 0
            while i < length {
                let end = try printTextLine(p, from: i, length: length, prefix: "\n\t")
                if end == 0 { break }
                i = end
            }
        } else {
            _ = try printTextLine(p, from: 0, length: length, prefix: ": ")
        }
    }

    /// One line from `start` (print_txt_line): printed without its CR LF or LF, and the
    /// index after it returned; 0 for binary bytes or a line the packet cut (then marked).
    func printTextLine(_ p: Int, from start: Int, length: Int, prefix: StaticString) throws -> Int {
        var i = start
        while i < length {
            let c = try get8(p + i)
            if c == 0x0A {
                printLineBytes(p + start, count: i - start, prefix: prefix)
                return i + 1
            } else if c == 0x0D {
                if i + 1 >= length { return 0 }
                if try get8(p + i + 1) == 0x0A { printLineBytes(p + start, count: i - start, prefix: prefix); return i + 2 }
                return 0
            } else if (c < 0x20 || c >= 0x7F) && c != 0x09 {
                return 0
            }
            i += 1
        }
        printLineBytes(p + start, count: i - start, prefix: prefix)
        printTruncationMarker()
        return 0
    }

    func printLineBytes(_ p: Int, count: Int, prefix: StaticString) {
        out.append(prefix)
        for i in 0..<count { out.append(bytes[p + i]) }
    }
}
