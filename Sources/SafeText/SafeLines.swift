extension SafeText {
    /// Sanitises text of several lines (a message, a diagnostic, presenter notes) line by
    /// line: the line breaks are kept as breaks, and everything else a terminal could
    /// interpret becomes a visible placeholder, as in ``init(untrusted:)``. For output that
    /// is not a pane: a command's stdout and stderr, a file another terminal shows.
    public static func lines(untrusted text: String) -> [SafeText] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            // A CRLF line ends as it looks: the CR is the line's end, not a character in it.
            SafeText(untrusted: line.hasSuffix("\r") ? String(line.dropLast()) : String(line))
        }
    }

    /// ``lines(untrusted:)`` joined again with line feeds: the text to write.
    public static func multiline(untrusted text: String) -> String {
        lines(untrusted: text).map(\.string).joined(separator: "\n")
    }
}
