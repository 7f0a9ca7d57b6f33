/// IPv6 addresses as text, read and written as glibc's `inet_pton` and `inet_ntop` do,
/// without asking the C library: the socket table, the capture and the checks print the
/// same `::1`, `fe80::1` and `::ffff:127.0.0.1` that ss and tcpdump print.
enum IPv6Text {
    /// The eight 16-bit groups of `text`, or nil when it is not an IPv6 address.
    static func parse(_ text: String) -> [UInt16]? {
        var body = Substring(text)
        var tailIPv4: [UInt16] = []
        // A dotted IPv4 address may stand for the last two groups (`::ffff:1.2.3.4`).
        if let lastColon = body.lastIndex(of: ":"), body[lastColon...].contains(".") {
            let dotted = body[body.index(after: lastColon)...]
            let octets = dotted.split(separator: ".", omittingEmptySubsequences: false)
            guard octets.count == 4 else { return nil }
            var bytes: [UInt16] = []
            for octet in octets {
                // inet_pton refuses a leading zero (`01`), which some read as octal.
                guard !octet.isEmpty, octet.count <= 3, !(octet.count > 1 && octet.first == "0"),
                      octet.allSatisfy(\.isASCII), let value = UInt8(octet) else { return nil }
                bytes.append(UInt16(value))
            }
            tailIPv4 = [bytes[0] << 8 | bytes[1], bytes[2] << 8 | bytes[3]]
            body = body[..<body.index(after: lastColon)]
            // `::1.2.3.4` leaves `::`; `1::1.2.3.4` leaves `1::`; a lone `x:` leaves a group to end.
            if body.hasSuffix(":") && !body.hasSuffix("::") { body = body.dropLast() }
        }
        let halves = body.components(separatedByDoubleColon: ())
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), group.allSatisfy(\.isASCII),
                      let value = UInt16(group, radix: 16) else { return nil }
                out.append(value)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        let wanted = 8 - tailIPv4.count
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < wanted else { return nil }
            return head + Array(repeating: 0, count: wanted - head.count - tail.count) + tail + tailIPv4
        }
        guard head.count == wanted else { return nil }
        return head + tailIPv4
    }

    /// The shortest form, as `inet_ntop` writes it: the longest run of two or more zero
    /// groups (the first, on a tie) becomes `::`, and `::a.b.c.d` / `::ffff:a.b.c.d` keep
    /// their IPv4 part dotted.
    static func format(_ words: [UInt16]) -> String {
        var best: (start: Int, length: Int)?
        var index = 0
        while index < 8 {
            guard words[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8 && words[end] == 0 { end += 1 }
            if end - index >= 2 && end - index > (best?.length ?? 0) { best = (index, end - index) }
            index = end
        }
        var text = ""
        index = 0
        while index < 8 {
            if let best, index == best.start {
                if index == 0 { text += ":" }
                text += ":"
                index += best.length
                continue
            }
            if index == 6, let best, best.start == 0, best.length == 6 || (best.length == 5 && words[5] == 0xFFFF) {
                text += "\(words[6] >> 8).\(words[6] & 0xFF).\(words[7] >> 8).\(words[7] & 0xFF)"
                break
            }
            text += String(words[index], radix: 16)
            if index < 7 { text += ":" }
            index += 1
        }
        return text
    }
}

extension Substring {
    /// Splits at `::` (at most one is allowed in an IPv6 address; more gives three parts or more).
    fileprivate func components(separatedByDoubleColon: Void) -> [Substring] {
        var parts: [Substring] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            let next = self.index(after: index)
            if self[index] == ":", next < endIndex, self[next] == ":" {
                parts.append(self[start..<index])
                start = self.index(after: next)
                index = start
            } else {
                index = next
            }
        }
        parts.append(self[start..<endIndex])
        return parts
    }
}
