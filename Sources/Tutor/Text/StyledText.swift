import SafeText

/// What a piece of text means; a theme decides how that looks (colour, bold, reverse),
/// so meaning never depends on colour alone and monochrome terminals still show it.
public enum TextRole: String, Sendable, Hashable, CaseIterable {
    case normal
    case dim
    case emphasis
    case code
    case heading
    case success
    case warning
    case error
    case incoming
    case outgoing
    case highlight
    case selection
    case prompt
}

/// A run of display text in one role. The text must already be safe for a terminal:
/// build it from a literal, or from untrusted bytes through `SafeText`.
public struct Span: Sendable, Hashable {
    public var text: String
    public var role: TextRole

    public init(_ text: String, _ role: TextRole = .normal) {
        self.text = text
        self.role = role
    }

    /// A span of untrusted text, sanitised on the way in.
    public init(_ safe: SafeText, _ role: TextRole = .normal) {
        self.text = safe.string
        self.role = role
    }
}

/// One logical line of a pane: spans that the view wraps to the pane's width.
public struct StyledLine: Sendable, Hashable, ExpressibleByStringLiteral {
    public var spans: [Span]
    /// False for a table's row: wrapped, one socket would take two rows and the columns
    /// would no longer line up, so the view cuts it at the pane's edge with a "…".
    public var wraps = true

    public init(_ spans: [Span]) { self.spans = spans }
    public init(_ text: String, _ role: TextRole = .normal, wraps: Bool = true) {
        self.spans = [Span(text, role)]
        self.wraps = wraps
    }
    public init(stringLiteral value: String) { self.spans = [Span(value)] }

    /// The line's text without roles (for tests and searching).
    public var plainText: String { spans.map(\.text).joined() }

    public static let blank = StyledLine([])
}
