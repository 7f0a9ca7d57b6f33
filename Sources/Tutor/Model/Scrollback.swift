/// A pane's history of lines, bounded so a flood cannot grow memory without limit.
public struct Scrollback: Sendable, Hashable {
    public let capacity: Int
    public private(set) var lines: [StyledLine] = []
    /// How many old lines were dropped to stay within `capacity`.
    public private(set) var droppedCount = 0
    /// Lines scrolled away from the anchor: back from the newest line (0 follows new
    /// output), or down from the first line when the history is read from the top.
    public var offset = 0
    /// Read from the first line (a lesson's text) rather than from the newest (a log).
    public var anchorsAtTop = false

    public init(capacity: Int = 2000, anchorsAtTop: Bool = false) {
        self.capacity = max(1, capacity)
        self.anchorsAtTop = anchorsAtTop
    }

    public mutating func append(_ line: StyledLine) {
        lines.append(line)
        if offset > 0 && !anchorsAtTop { offset += 1 }
        trim()
    }

    public mutating func append(contentsOf newLines: [StyledLine]) {
        lines.append(contentsOf: newLines)
        if offset > 0 && !anchorsAtTop { offset += newLines.count }
        trim()
    }

    public mutating func replaceAll(with newLines: [StyledLine]) {
        lines = newLines
        offset = min(offset, max(0, lines.count - 1))
        trim()
    }

    /// Draws one line differently (a presenter's mark), leaving the others as they are.
    public mutating func restyle(lineAt index: Int, _ change: (StyledLine) -> StyledLine) {
        guard lines.indices.contains(index) else { return }
        lines[index] = change(lines[index])
    }

    public mutating func clear() {
        lines.removeAll()
        offset = 0
    }

    /// Moves the view toward the start of the history (positive) or toward its end
    /// (negative), clamped to the history.
    public mutating func scroll(by delta: Int) {
        let change = anchorsAtTop ? -delta : delta
        offset = min(max(0, offset + change), max(0, lines.count - 1))
    }

    private mutating func trim() {
        let excess = lines.count - capacity
        guard excess > 0 else { return }
        // Drop in chunks so appending stays amortised O(1).
        let chunk = max(excess, capacity / 8)
        let removed = min(chunk, lines.count)
        lines.removeFirst(removed)
        droppedCount += removed
        offset = min(offset, max(0, lines.count - 1))
    }
}
