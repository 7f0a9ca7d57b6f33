/// Whether the terminal's background is dark or light, as it reported it (OSC 11).
public enum TerminalBackground: Sendable, Hashable {
    case dark, light

    /// Light when the colour's luma (Rec. 601 weights on the sRGB values) is above half:
    /// white, cream and light grey are light; black, navy and dark grey are dark.
    public init(red: Double, green: Double, blue: Double) {
        let luma = 0.299 * red + 0.587 * green + 0.114 * blue
        self = luma > 0.5 ? .light : .dark
    }
}

/// A terminal's answer to `ESC ] 11 ; ? BEL`, the question "what is your background
/// colour?": `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by BEL or `ESC \`. Each component has
/// one to four hex digits (X11's notation); some terminals answer `rgba:` or `#RRGGBB`.
public struct BackgroundColorReply: Sendable, Hashable {
    /// The components, each from 0 to 1.
    public let red: Double, green: Double, blue: Double

    public var background: TerminalBackground { TerminalBackground(red: red, green: green, blue: blue) }

    /// The question, followed by "who are you?" (DA1, `ESC [ c`), which nearly every
    /// terminal answers: its answer arriving first (terminals answer in order) means no
    /// answer about the background is coming, so nobody waits for the timeout.
    public static let query: [UInt8] = Array("\u{1B}]11;?\u{07}\u{1B}[c".utf8)

    /// The background reply found anywhere in `bytes` (other replies may surround it);
    /// nil when there is none, or it is cut short or malformed.
    public init?(in bytes: [UInt8]) {
        let introducer = Array("\u{1B}]11;".utf8)
        guard let start = bytes.firstRange(of: introducer)?.upperBound else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != 0x07, bytes[end] != 0x1B { end += 1 }
        guard end < bytes.count else { return nil }
        if bytes[end] == 0x1B && (end + 1 >= bytes.count || bytes[end + 1] != UInt8(ascii: "\\")) { return nil }
        guard let text = String(validating: bytes[start..<end], as: UTF8.self),
              let components = Self.components(of: text) else { return nil }
        (red, green, blue) = components
    }

    /// Whether `bytes` hold the answer to DA1 (`ESC [ ? … c`): everything before it has come.
    public static func containsDeviceAttributes(_ bytes: [UInt8]) -> Bool {
        guard let start = bytes.firstRange(of: Array("\u{1B}[?".utf8))?.upperBound else { return false }
        for byte in bytes[start...] {
            if byte == UInt8(ascii: "c") { return true }
            if !(byte == UInt8(ascii: ";") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)) { return false }
        }
        return false
    }

    private static func components(of text: String) -> (Double, Double, Double)? {
        let lower = text.lowercased()
        if lower.hasPrefix("#") {
            let hex = Array(lower.dropFirst())
            guard [3, 6, 9, 12].contains(hex.count) else { return nil }
            let width = hex.count / 3
            let parts = (0..<3).map { String(hex[$0 * width ..< ($0 + 1) * width]) }
            return triple(parts)
        }
        let body: Substring
        if lower.hasPrefix("rgb:") {
            body = lower.dropFirst(4)
        } else if lower.hasPrefix("rgba:") {
            body = lower.dropFirst(5)
        } else {
            return nil
        }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 || (parts.count == 4 && lower.hasPrefix("rgba:")) else { return nil }
        return triple(Array(parts.prefix(3)))
    }

    /// Three hex components of 1 to 4 digits, each scaled to 0...1 (`f` and `ffff` are 1).
    private static func triple(_ parts: [String]) -> (Double, Double, Double)? {
        var values: [Double] = []
        for part in parts {
            guard (1...4).contains(part.count), let value = UInt32(part, radix: 16) else { return nil }
            let maximum = Double((UInt32(1) << (4 * UInt32(part.count))) - 1)
            values.append(Double(value) / maximum)
        }
        return (values[0], values[1], values[2])
    }
}
