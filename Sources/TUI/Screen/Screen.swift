import SafeText
import Tutor

/// One terminal cell: a grapheme (a scalar and its combining marks) and its role.
/// A wide character occupies its cell and marks the next one as a continuation.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var role: TextRole
    /// Drawn in reverse video on top of its role (focus, selection, cursor line).
    public var isReversed: Bool
    /// The right half of a wide character: drawn by the cell to its left.
    public var isContinuation: Bool

    public static let blank = Cell(text: " ", role: .normal, isReversed: false, isContinuation: false)
}

/// A plain buffer of cells that widgets draw into, as ratatui's Buffer. Only the ncurses
/// backend copies it to the terminal; everything else is tested as text.
public struct Screen: Sendable {
    public let size: TerminalSize
    public private(set) var cells: [Cell]

    public init(size: TerminalSize) {
        self.size = size
        self.cells = Array(repeating: .blank, count: size.columns * size.rows)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.columns, height: size.rows) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.columns + x] }
        set { cells[y * size.columns + x] = newValue }
    }

    /// Writes a span from (x, y), clipped to `clip`, and returns the column after the last
    /// cell written. It takes a ``Span``, not a `String`, so what reaches the terminal is
    /// safe by type: a literal, ``SafeText``, or porttutor's own words marked `trusted:`.
    @discardableResult
    public mutating func put(_ span: Span, x: Int, y: Int, reversed: Bool = false, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return x }
        let role = span.role
        var column = x
        for character in span.text {
            let width = DisplayWidth.of(String(character))
            if width == 0 { continue }
            if column + width > area.maxX { break }
            if column >= area.x {
                self[column, y] = Cell(text: String(character), role: role, isReversed: reversed, isContinuation: false)
                if width == 2 {
                    self[column + 1, y] = Cell(text: "", role: role, isReversed: reversed, isContinuation: true)
                }
            }
            column += width
        }
        return column
    }

    /// Writes porttutor's own words (a literal) from (x, y); see ``put(_:x:y:reversed:clip:)``.
    @discardableResult
    public mutating func put(_ text: SourceText, x: Int, y: Int, role: TextRole = .normal,
                             reversed: Bool = false, clip: Rect? = nil) -> Int {
        put(Span(text, role), x: x, y: y, reversed: reversed, clip: clip)
    }

    /// Writes a row of spans (a wrapped line) from the left edge of `clip` at row `y`.
    public mutating func put(row spans: [Span], y: Int, clip: Rect) {
        var x = clip.x
        for span in spans { x = put(span, x: x, y: y, clip: clip) }
    }

    /// Writes a "there is more" mark (`▼ more: PgDn`) reversed at the right end of row `y`
    /// of `clip`, over what is there: the one look every cut pane uses.
    public mutating func putMoreMark(_ mark: SourceText, y: Int, clip: Rect) {
        let x = max(clip.x, clip.maxX - DisplayWidth.of(mark.string))
        blankNumberCut(at: x, y: y, clip: clip)
        put(mark, x: x, y: y, role: .warning, reversed: true, clip: clip)
    }

    /// A word the mark covers the end of goes whole when it holds a digit: "1 to 65535"
    /// half covered would read "1 to 6", the rule `LineWrapper.cut` keeps for cut lines.
    private mutating func blankNumberCut(at x: Int, y: Int, clip: Rect) {
        guard bounds.contains(x: x, y: y), x > clip.x, self[x, y].text != " ", self[x - 1, y].text != " " else { return }
        var start = x - 1
        while start > clip.x && self[start - 1, y].text != " " { start -= 1 }
        guard (start..<x).contains(where: { self[$0, y].text.contains(where: \.isNumber) }) else { return }
        for column in start..<x { self[column, y] = Cell(text: " ", role: .normal, isReversed: false, isContinuation: false) }
    }

    /// Fills a rectangle with one character.
    public mutating func fill(_ rect: Rect, with character: Character = " ", role: TextRole = .normal,
                              reversed: Bool = false) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let cell = Cell(text: String(character), role: role, isReversed: reversed, isContinuation: false)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { self[x, y] = cell }
        }
    }

    /// Sets reverse video over a rectangle, keeping the text (a highlighted row, a selection).
    public mutating func reverse(_ rect: Rect) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { self[x, y].isReversed = true }
        }
    }

    /// The screen as lines of text, trailing spaces kept, for tests and snapshots.
    public var lines: [String] {
        (0..<size.rows).map { y in
            var line = ""
            for x in 0..<size.columns where !self[x, y].isContinuation { line += self[x, y].text }
            return line
        }
    }

    /// The screen as one string, trailing spaces trimmed per line.
    public var text: String {
        lines.map { line in
            var s = Substring(line)
            while s.last == " " { s.removeLast() }
            return String(s)
        }.joined(separator: "\n")
    }
}
