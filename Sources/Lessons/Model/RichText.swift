/// Lesson prose with its inline `code` marked, so the view can style commands apart from words.
///
/// Teachers write code between backticks, as in Markdown: "Type `nc -l 8080` and wait".
/// A doubled backtick inside code is not supported; a lone backtick with no partner stays
/// literal text. Line breaks are kept: a blank line separates paragraphs.
public struct RichText: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Span: Sendable, Hashable {
        /// Words to show as they are.
        case plain(String)
        /// A command, a key, a file name: show it in the code style.
        case code(String)

        public var text: String {
            switch self {
            case .plain(let text), .code(let text): return text
            }
        }
    }

    public var spans: [Span]

    public init(spans: [Span]) {
        self.spans = spans
    }

    /// Parses backtick-delimited code spans out of `markup`.
    public init(markup: String) {
        var spans: [Span] = []
        var rest = Substring(markup)
        while let open = rest.firstIndex(of: "`") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "`") else { break }
            if open > rest.startIndex { spans.append(.plain(String(rest[..<open]))) }
            spans.append(.code(String(rest[afterOpen..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { spans.append(.plain(String(rest))) }
        self.spans = spans
    }

    public init(stringLiteral value: String) {
        self.init(markup: value)
    }

    /// The text without markup, for search, logs and tests.
    public var plainText: String { spans.map(\.text).joined() }

    /// The text with its backticks put back, as the teacher wrote it.
    public var markup: String {
        spans.map { span in
            switch span {
            case .plain(let text): return text
            case .code(let text): return "`\(text)`"
            }
        }.joined()
    }

    public var isEmpty: Bool { spans.allSatisfy { $0.text.isEmpty } }

    public var description: String { markup }
}
