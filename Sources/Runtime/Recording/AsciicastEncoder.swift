/// asciicast v2, asciinema's format: a header line (a JSON object: version 2, the
/// terminal's width and height, when, TERM and SHELL, a title), then one JSON array a line
/// for each thing that happened: `[seconds, "o", "bytes the terminal received"]`, and
/// `[seconds, "r", "COLSxROWS"]` when it was resized. The terminal's bytes are UTF-8 text
/// in JSON strings; a character cut between two writes is joined before it is encoded, and
/// bytes that are not UTF-8 become U+FFFD, as asciinema itself records them.
public struct AsciicastEncoder: Sendable {
    /// The end of the last chunk when it stopped inside a UTF-8 sequence.
    private var pending: [UInt8] = []

    public init() {}

    /// The header line (newline included).
    public static func header(width: Int, height: Int, timestamp: Int, term: String?, shell: String?, title: String) -> [UInt8] {
        var env: [String] = []
        if let shell { env.append("\"SHELL\": \(quoted(shell))") }
        if let term { env.append("\"TERM\": \(quoted(term))") }
        let text = "{\"version\": 2, \"width\": \(width), \"height\": \(height), \"timestamp\": \(timestamp), "
            + "\"env\": {\(env.joined(separator: ", "))}, \"title\": \(quoted(title))}\n"
        return Array(text.utf8)
    }

    /// The output event line for `bytes` written `seconds` after the start; nil when the
    /// bytes only began a character the next chunk finishes.
    public mutating func output(_ bytes: some Collection<UInt8>, at seconds: Double) -> [UInt8]? {
        let text = decode(bytes)
        guard !text.isEmpty else { return nil }
        return Array("[\(Self.time(seconds)), \"o\", \(Self.quoted(text))]\n".utf8)
    }

    /// The event line for a resize.
    public static func resize(columns: Int, rows: Int, at seconds: Double) -> [UInt8] {
        Array("[\(time(seconds)), \"r\", \"\(columns)x\(rows)\"]\n".utf8)
    }

    /// What is still held at the very end (an unfinished character), as an event.
    public mutating func finish(at seconds: Double) -> [UInt8]? {
        guard !pending.isEmpty else { return nil }
        let rest = String(decoding: pending, as: UTF8.self)
        pending = []
        return Array("[\(Self.time(seconds)), \"o\", \(Self.quoted(rest))]\n".utf8)
    }

    /// Seconds with microseconds, as asciinema writes them.
    static func time(_ seconds: Double) -> String {
        let micro = Int((max(0, seconds) * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        return "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// `bytes` after what was pending, as text; an unfinished sequence at the end waits.
    private mutating func decode(_ bytes: some Collection<UInt8>) -> String {
        var all = pending
        all.append(contentsOf: bytes)
        let cut = Self.completePrefixLength(all)
        pending = Array(all[cut...])
        // String(decoding:) replaces each invalid sequence with U+FFFD.
        return String(decoding: all[..<cut], as: UTF8.self)
    }

    /// How much of `bytes` can be decoded now: all but a UTF-8 sequence still being
    /// written at the end (a lead byte and fewer continuation bytes than it announces).
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        // At most three bytes back is a lead byte whose sequence may be unfinished.
        while start > 0 && bytes.count - start < 3 && bytes[start - 1] & 0xC0 == 0x80 { start -= 1 }
        guard start > 0 else { return bytes.count }
        let lead = bytes[start - 1]
        let needed: Int
        switch lead {
        case 0xC2...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF4: needed = 4
        default: return bytes.count
        }
        let have = bytes.count - (start - 1)
        return have < needed ? start - 1 : bytes.count
    }

    /// A JSON string: quotes and backslashes escaped, every control character (C0 and DEL)
    /// as `\u00XX` or its short form, the rest as it is (UTF-8).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
