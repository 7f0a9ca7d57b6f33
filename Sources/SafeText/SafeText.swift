/// Text that is safe to put on a terminal, made from untrusted bytes.
///
/// Bytes from the network or a capture never reach the screen except through this type.
/// Printable ASCII and valid UTF-8 pass through as themselves. Everything a terminal could
/// interpret (C0 and C1 controls, ESC, DEL, bidirectional and other format characters) and
/// every byte that is not valid UTF-8 becomes a visible placeholder, so a peer can neither
/// move the cursor, change colours, retitle the window nor hide what it sent.
///
/// Packet payloads are not text: ``init(asciiDump:)`` shows them as `tcpdump -A` does.
public struct SafeText: Hashable, Sendable, CustomStringConvertible {
    /// The display string: contains no control or format characters at all.
    public let string: String

    public var description: String { string }

    /// Renders `bytes` as one line of display text. Line feeds are shown as placeholders
    /// too; use ``SafeLineDecoder`` to split a stream into lines.
    public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        var out = String.UnicodeScalarView()
        SafeText.render(Array(bytes), into: &out, keepTrailingPartial: false)
        self.string = String(out)
    }

    /// Sanitises a string that came from outside (a lesson file, a pcap comment, argv).
    public init(untrusted text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// The placeholder shown for a control byte: the Unicode "control picture" for C0
    /// (␀…␟), ␡ for DEL.
    public static func placeholder(forControl byte: UInt8) -> Unicode.Scalar {
        if byte < 0x20 { return Unicode.Scalar(0x2400 + UInt32(byte))! }
        return "\u{2421}"  // ␡
    }

    /// The placeholder for a byte that is not part of valid UTF-8.
    public static let invalidByte: Unicode.Scalar = "\u{FFFD}"

    /// The placeholder for a valid but dangerous scalar (C1 controls, bidi overrides,
    /// zero-width and other format characters, line and paragraph separators).
    public static let hiddenScalar: Unicode.Scalar = "\u{2426}"  // ␦

    /// Tabs are expanded to spaces by the decoder; a lone tab inside `SafeText` is a space.
    static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate,
             .privateUse, .unassigned:
            return false
        default:
            return true
        }
    }

    /// Decodes as much of `bytes` as is complete. Returns how many bytes were consumed;
    /// with `keepTrailingPartial`, an incomplete UTF-8 sequence at the very end is left
    /// unconsumed so that a later read can complete it.
    @discardableResult
    static func render(_ bytes: [UInt8], into out: inout String.UnicodeScalarView,
                       keepTrailingPartial: Bool) -> Int {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x09 {
                    out.append(" ")
                } else if b < 0x20 || b == 0x7F {
                    out.append(placeholder(forControl: b))
                } else {
                    out.append(Unicode.Scalar(b))
                }
                i += 1
                continue
            }
            let length: Int
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            if length == 0 {
                out.append(invalidByte); i += 1; continue
            }
            if i + length > n {
                // Possibly a sequence cut by the read boundary.
                if keepTrailingPartial && continuationBytesValid(bytes, from: i, upTo: n, lead: b) {
                    return i
                }
                out.append(invalidByte); i += 1; continue
            }
            guard continuationBytesValid(bytes, from: i, upTo: i + length, lead: b),
                  let scalar = decodeScalar(bytes, at: i, length: length) else {
                out.append(invalidByte); i += 1; continue
            }
            out.append(isSafe(scalar) ? scalar : hiddenScalar)
            i += length
        }
        return n
    }

    private static func continuationBytesValid(_ bytes: [UInt8], from start: Int, upTo end: Int,
                                               lead: UInt8) -> Bool {
        var j = start + 1
        while j < end {
            let c = bytes[j]
            if c & 0xC0 != 0x80 { return false }
            // Reject overlong and surrogate forms early, on the second byte.
            if j == start + 1 {
                if lead == 0xE0 && c < 0xA0 { return false }
                if lead == 0xED && c > 0x9F { return false }
                if lead == 0xF0 && c < 0x90 { return false }
                if lead == 0xF4 && c > 0x8F { return false }
            }
            j += 1
        }
        return true
    }

    private static func decodeScalar(_ bytes: [UInt8], at i: Int, length: Int) -> Unicode.Scalar? {
        var value: UInt32
        switch length {
        case 2: value = UInt32(bytes[i] & 0x1F)
        case 3: value = UInt32(bytes[i] & 0x0F)
        default: value = UInt32(bytes[i] & 0x07)
        }
        for k in 1..<length { value = (value << 6) | UInt32(bytes[i + k] & 0x3F) }
        return Unicode.Scalar(value)
    }
}

/// Splits an untrusted byte stream into safe lines, across reads of any size.
///
/// Handles `\n`, `\r\n` and lone `\r` the way a terminal user expects to read a chat,
/// keeps an incomplete UTF-8 sequence until the next read completes it, and cuts any line
/// longer than `maxLineBytes` so one endless line cannot grow memory without bound.
public struct SafeLineDecoder: Sendable {
    public let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var lastWasCR = false

    public init(maxLineBytes: Int = 4096) {
        self.maxLineBytes = max(16, maxLineBytes)
    }

    /// The bytes of the current unfinished line, rendered safely (for showing a prompt
    /// that has no newline yet).
    public var partialLine: SafeText { SafeText(bytes: pending) }

    /// Feeds bytes; returns the lines they complete.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [SafeText] where Bytes.Element == UInt8 {
        var lines: [SafeText] = []
        for b in bytes {
            if b == 0x0A {
                if lastWasCR { lastWasCR = false; continue }
                lines.append(SafeText(bytes: pending)); pending.removeAll(keepingCapacity: true)
            } else if b == 0x0D {
                lines.append(SafeText(bytes: pending)); pending.removeAll(keepingCapacity: true)
                lastWasCR = true
                continue
            } else {
                pending.append(b)
                if pending.count >= maxLineBytes {
                    // Cut at a character boundary so the split never invents a bad byte.
                    var cut = pending.count
                    while cut > 0 && pending[cut - 1] & 0xC0 == 0x80 { cut -= 1 }
                    if cut > 0 && pending[cut - 1] >= 0xC0 { cut -= 1 }
                    if cut == 0 { cut = pending.count }
                    lines.append(SafeText(bytes: pending[0..<cut]))
                    pending.removeFirst(cut)
                }
            }
            lastWasCR = false
        }
        return lines
    }

    /// Ends the stream: returns the last unfinished line, if any.
    public mutating func finish() -> SafeText? {
        defer { pending.removeAll(); lastWasCR = false }
        return pending.isEmpty ? nil : SafeText(bytes: pending)
    }
}
