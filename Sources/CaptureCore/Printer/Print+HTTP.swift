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

    mutating func printHTTPSummary(at p: Int, length: Int) throws {
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
        var i = 0
        while i < length {
            let c = try get8(p + i)
            if c == 0x0A {
                printTextLine(p, i)
                return
            } else if c == 0x0D {
                if i + 1 >= length { return }
                if try get8(p + i + 1) == 0x0A { printTextLine(p, i); return }
                return
            } else if (c < 0x20 || c >= 0x7F) && c != 0x09 {
                return
            }
            i += 1
        }
        printTextLine(p, i)
        printTruncationMarker()
    }

    func printTextLine(_ p: Int, _ count: Int) {
        out.append(": ")
        for i in 0..<count { out.append(bytes[p + i]) }
    }
}
