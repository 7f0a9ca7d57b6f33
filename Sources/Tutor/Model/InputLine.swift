/// A one-line editor with history, like a shell's prompt (emacs keys).
public struct InputLine: Sendable, Hashable {
    public private(set) var text: [Character] = []
    /// Cursor position as an index into `text` (0...text.count).
    public private(set) var cursor = 0
    public private(set) var history: [String] = []
    public let historyLimit: Int
    /// Position while browsing history; nil when editing a fresh line.
    private var historyIndex: Int?
    /// The line being edited before history browsing began, restored on the way back down.
    private var draft: [Character] = []

    public init(historyLimit: Int = 200) {
        self.historyLimit = historyLimit
    }

    public var string: String { String(text) }

    public mutating func insert(_ c: Character) {
        text.insert(c, at: cursor)
        cursor += 1
    }

    public mutating func insert(_ s: String) {
        for c in s { insert(c) }
    }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        text.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: cursor)
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(text.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = text.count }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    public mutating func killToStart() {
        text.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Ctrl-K: deletes from the cursor to the end of the line.
    public mutating func killToEnd() {
        text.removeSubrange(cursor..<text.count)
    }

    /// Ctrl-W: deletes the word before the cursor, and the spaces after it.
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0 && text[start - 1] == " " { start -= 1 }
        while start > 0 && text[start - 1] != " " { start -= 1 }
        text.removeSubrange(start..<cursor)
        cursor = start
    }

    public mutating func historyPrevious() {
        guard !history.isEmpty else { return }
        let next: Int
        if let i = historyIndex { next = max(0, i - 1) } else { draft = text; next = history.count - 1 }
        historyIndex = next
        setText(Array(history[next]))
    }

    public mutating func historyNext() {
        guard let i = historyIndex else { return }
        if i + 1 < history.count {
            historyIndex = i + 1
            setText(Array(history[i + 1]))
        } else {
            historyIndex = nil
            setText(draft)
        }
    }

    /// Enter: returns the line, records it in history (skipping blanks and repeats), clears.
    public mutating func submit() -> String {
        let line = string
        if !line.trimmingSpaces.isEmpty && history.last != line {
            history.append(line)
            if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
        }
        historyIndex = nil
        draft = []
        setText([])
        return line
    }

    /// Replaces the text (used by "show me" typing and by history).
    public mutating func setText(_ chars: [Character]) {
        text = chars
        cursor = chars.count
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
