import SafeText

/// What a piece of text means; a theme decides how that looks (colour, bold, reverse),
/// so meaning never depends on colour alone and monochrome terminals still show it.
public enum TextRole: String, Sendable, Hashable, CaseIterable {
    case normal
    case dim
    case emphasis
    case code
    case heading
    /// Block-letter titles: never underlined, which would stripe every row of the letters.
    case banner
    /// The blanked screen (a clicker's black-screen button): dark in every theme, light ones too.
    case curtain
    case success
    case warning
    case error
    case incoming
    case outgoing
    case highlight
    case selection
    case prompt
}

/// Text written in porttutor's own source: a string literal, with only safe pieces
/// interpolated (numbers, ``SafeText``, other `SourceText`, or `\(trusted:)`).
///
/// Its literal type is `StaticString`, so a `String` made at run time cannot become one:
/// `"\(name)"` with a `String` `name` does not compile. That is the point.
public struct SourceText: Sendable, Hashable, ExpressibleByStringInterpolation {
    public let string: String

    public init(stringLiteral value: StaticString) { string = value.description }

    public init(stringInterpolation: Interpolation) { string = stringInterpolation.string }

    public struct Interpolation: StringInterpolationProtocol {
        var string = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            string.reserveCapacity(literalCapacity + 8 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) { string += literal.description }

        /// Numbers print only digits and a sign.
        public mutating func appendInterpolation<Number: BinaryInteger>(_ number: Number) {
            string += String(number)
        }

        /// Untrusted text, already sanitised.
        public mutating func appendInterpolation(_ safe: SafeText) { string += safe.string }

        /// Another piece of porttutor's own text (a literal chosen by a condition).
        public mutating func appendInterpolation(_ text: SourceText) { string += text.string }

        /// Text porttutor composed itself from safe parts; see ``Span/init(trusted:_:)``.
        public mutating func appendInterpolation(trusted text: String) { string += text }
    }
}

/// A run of display text in one role.
///
/// There is deliberately no `init(_: String)`. Without one, a `String` that came from a
/// peer, a file, a lesson or the learner cannot reach the screen by mistake: the compiler
/// refuses it, where before only review kept the promise. A span is made from ``SafeText``
/// (untrusted bytes, sanitised), from ``SourceText`` (a literal in porttutor's source), or,
/// greppably, from `init(trusted:)` for words porttutor composed itself from safe parts.
public struct Span: Sendable, Hashable {
    /// Read-only outside this file, so it cannot be swapped for an unsafe string.
    public private(set) var text: String
    public var role: TextRole

    /// A span of untrusted text, sanitised on the way in.
    public init(_ safe: SafeText, _ role: TextRole = .normal) {
        self.text = safe.string
        self.role = role
    }

    /// A span of porttutor's own words, written in its source.
    public init(_ text: SourceText, _ role: TextRole = .normal) {
        self.text = text.string
        self.role = role
    }

    /// Text porttutor composed itself from safe parts (numbers, enums, its own words).
    /// Anything that came from outside (a peer, a file, a lesson, the learner, a process
    /// or interface name) must go through ``SafeText`` instead.
    public init(trusted text: String, _ role: TextRole = .normal) {
        self.text = text
        self.role = role
    }

    /// A piece of a span's text; a piece of safe text is safe.
    private init(piece: some StringProtocol, _ role: TextRole) {
        self.text = String(piece)
        self.role = role
    }

    /// The span's characters in order, each a span of its own (for wrapping and cutting).
    var characterSpans: [Span] { text.map { Span(piece: String($0), role) } }

    /// This span with `other`'s text added; both were safe, so the whole is.
    mutating func append(_ other: Span) { text += other.text }
}

/// One logical line of a pane: spans that the view wraps to the pane's width.
///
/// Like ``Span``, it has no `init(_: String)`: see there why.
public struct StyledLine: Sendable, Hashable, ExpressibleByStringLiteral {
    public var spans: [Span]
    /// False for a table's row: wrapped, one socket would take two rows and the columns
    /// would no longer line up, so the view cuts it at the pane's edge with a "…".
    public var wraps = true

    public init(_ spans: [Span]) { self.spans = spans }
    public init(_ text: SourceText, _ role: TextRole = .normal, wraps: Bool = true) {
        self.spans = [Span(text, role)]
        self.wraps = wraps
    }
    public init(_ safe: SafeText, _ role: TextRole = .normal, wraps: Bool = true) {
        self.spans = [Span(safe, role)]
        self.wraps = wraps
    }
    /// Porttutor's own composed words; see ``Span/init(trusted:_:)``.
    public init(trusted text: String, _ role: TextRole = .normal, wraps: Bool = true) {
        self.spans = [Span(trusted: text, role)]
        self.wraps = wraps
    }
    public init(stringLiteral value: StaticString) { self.spans = [Span(SourceText(stringLiteral: value))] }

    /// The line's text without roles (for tests and searching).
    public var plainText: String { spans.map(\.text).joined() }

    public static let blank = StyledLine([])
}
