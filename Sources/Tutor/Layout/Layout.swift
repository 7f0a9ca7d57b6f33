import Lessons

/// Where each pane goes for a terminal size. Pure geometry, chosen by size:
/// wide terminals get a lesson column, 80x24 gets the lesson beside the two chat panes
/// with the table and packets full width below, narrow ones stack the panes.
public struct Layout: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case wide, standard, stacked, zoomed, tooSmall, demo
    }

    public var kind: Kind
    public var panes: [PaneID: Rect]
    /// Columns drawn as vertical separators between panes side by side.
    public var separators: [Rect]
    public var statusBar: Rect

    /// Below this, porttutor shows a notice instead of panes.
    public static let minimumSize = TerminalSize(columns: 30, rows: 13)
    /// From this size on, panes sit side by side.
    public static let standardSize = TerminalSize(columns: 72, rows: 20)
    /// From this size on, the lesson gets a column of its own.
    public static let wideSize = TerminalSize(columns: 120, rows: 32)

    /// `question` is set while the step asks a question not yet answered: at 80x24 the
    /// Lesson pane then grows, so the question and the start of the text are both in view.
    public static func compute(size: TerminalSize, focus: PaneID, zoomed: Bool, question: OpenQuestion? = nil) -> Layout {
        let screen = Rect(x: 0, y: 0, width: size.columns, height: size.rows)
        let (body, status) = screen.splitTop(size.rows - 1)
        if size.columns < minimumSize.columns || size.rows < minimumSize.rows {
            return Layout(kind: .tooSmall, panes: [:], separators: [], statusBar: status)
        }
        if zoomed {
            return Layout(kind: .zoomed, panes: [focus: body], separators: [], statusBar: status)
        }
        if size.columns >= wideSize.columns && size.rows >= wideSize.rows {
            return wide(body, status)
        }
        if size.columns >= standardSize.columns && size.rows >= standardSize.rows {
            return standard(body, status, focus: focus, question: question)
        }
        return stacked(body, status, focus: focus)
    }

    /// Lesson column on the left; Listener | Client, Connections, Packets on the right.
    private static func wide(_ body: Rect, _ status: Rect) -> Layout {
        let lessonWidth = min(72, body.width * 36 / 100)
        let (lesson, rest) = body.splitLeft(lessonWidth)
        let (separator, right) = rest.splitLeft(1)
        let rows = right.splitRows([32, 30, 38])
        let (listener, clientArea) = rows[0].splitLeft(rows[0].width / 2)
        let (middle, client) = clientArea.splitLeft(1)
        return Layout(kind: .wide,
                      panes: [.lesson: lesson, .listener: listener, .client: client,
                              .connections: rows[1], .packets: rows[2]],
                      separators: [separator, middle], statusBar: status)
    }

    /// Lesson | Listener over Client on top; Connections and Packets full width below.
    /// The one of those two with focus gets the larger share: at 80x24 that is four rows
    /// of the table or of packets, not one. While a question is open the top row grows,
    /// and the lower pane the step looks at keeps the larger share of what is left.
    private static func standard(_ body: Rect, _ status: Rect, focus: PaneID, question: OpenQuestion?) -> Layout {
        let weights: [Int]
        if let question {
            let looksAt = focus == .connections || focus == .packets ? focus : question.stepPane
            // The lower pane the question is about gets the room; the other gives way to
            // its title and newest line, so the rows the learner reads from are in view.
            weights = switch looksAt {
            case .connections: [61, 30, 9]
            case .packets: [61, 9, 30]
            default: [64, 18, 18]
            }
        } else {
            weights = switch focus {
            case .connections: [44, 36, 20]
            case .packets: [44, 22, 34]
            default: [44, 26, 30]
            }
        }
        let rows = body.splitRows(weights)
        let (lesson, rest) = rows[0].splitLeft(rows[0].width / 2)
        let (separator, chat) = rest.splitLeft(1)
        let (listener, client) = chat.splitTop(chat.height / 2)
        return Layout(kind: .standard,
                      panes: [.lesson: lesson, .listener: listener, .client: client,
                              .connections: rows[1], .packets: rows[2]],
                      separators: [separator], statusBar: status)
    }

    /// One column: the focused pane gets the room, the others a title and their last line.
    /// The Lesson pane keeps a third of a tall enough column when another pane has focus,
    /// so what the step asks stays in view while the learner works in its pane.
    private static func stacked(_ body: Rect, _ status: Rect, focus: PaneID) -> Layout {
        let collapsed = 2
        let lessonShare = focus != .lesson && body.height >= stackedLessonShareMinimumHeight ? body.height / 3 : collapsed
        var heights: [PaneID: Int] = [:]
        for id in PaneID.allCases where id != focus {
            heights[id] = id == .lesson ? lessonShare : collapsed
        }
        heights[focus] = body.height - heights.values.reduce(0, +)
        var panes: [PaneID: Rect] = [:]
        var top = body.y
        for id in PaneID.allCases {
            let h = heights[id] ?? collapsed
            panes[id] = Rect(x: body.x, y: top, width: body.width, height: h)
            top += h
        }
        return Layout(kind: .stacked, panes: panes, separators: [], statusBar: status)
    }

    /// Below this many rows a stacked column has no room to share with the Lesson pane.
    static let stackedLessonShareMinimumHeight = 18

    /// Demo mode: the lesson on top, then only the panes the step uses, large.
    /// Two panes sit side by side from 100 columns, else one above the other when each
    /// gets a title and four lines; smaller screens show just the first (the spotlighted
    /// one). Two panes keep the screen's order (Listener before Client), so the
    /// spotlight moving between them never swaps them round in front of the room.
    public static func demo(size: TerminalSize, panes shown: [PaneID], zoomed: PaneID?) -> Layout {
        let screen = Rect(x: 0, y: 0, width: size.columns, height: size.rows)
        let (body, status) = screen.splitTop(size.rows - 1)
        if size.columns < minimumSize.columns || size.rows < minimumSize.rows {
            return Layout(kind: .tooSmall, panes: [:], separators: [], statusBar: status)
        }
        if let zoomed {
            return Layout(kind: .zoomed, panes: [zoomed: body], separators: [], statusBar: status)
        }
        let others = shown.filter { $0 != .lesson }
        guard !others.isEmpty else {
            return Layout(kind: .demo, panes: [.lesson: body], separators: [], statusBar: status)
        }
        let lessonHeight = max(7, body.height * 42 / 100)
        let (lesson, rest) = body.splitTop(lessonHeight)
        var panes: [PaneID: Rect] = [.lesson: lesson]
        var separators: [Rect] = []
        let pair = others.prefix(2).sorted { $0.number < $1.number }
        if others.count >= 2 && body.width >= 100 {
            let (left, right) = rest.splitLeft(rest.width / 2)
            let (separator, rightPane) = right.splitLeft(1)
            panes[pair[0]] = left
            panes[pair[1]] = rightPane
            separators.append(separator)
        } else if others.count >= 2 && rest.height >= 2 * demoPaneMinimumHeight {
            let (top, bottom) = rest.splitTop(rest.height / 2)
            panes[pair[0]] = top
            panes[pair[1]] = bottom
        } else {
            panes[others[0]] = rest
        }
        return Layout(kind: .demo, panes: panes, separators: separators, statusBar: status)
    }

    /// A demo pane shares the room only if it keeps this many rows: its title, four lines
    /// and its input line.
    public static let demoPaneMinimumHeight = 6

    /// The pane under a screen position (for mouse clicks).
    public func pane(atX x: Int, y: Int) -> PaneID? {
        panes.first { $0.value.contains(x: x, y: y) }?.key
    }
}

/// A question the current step asks and the learner has not answered yet, and the pane
/// the step looks at (the table of lesson 4, the packets of lesson 5).
public struct OpenQuestion: Sendable, Hashable {
    public var stepPane: PaneID

    public init(stepPane: PaneID) {
        self.stepPane = stepPane
    }
}

/// Where a pane's parts go inside its area: the title bar, the lines, the input line.
/// The view draws them there, and `update` scrolls by the same rows the view shows.
public struct PaneRegions: Sendable, Equatable {
    public var title: Rect?
    public var content: Rect
    public var input: Rect?

    /// Below this many rows under its title, the Connections pane without focus gives
    /// its empty input line to the table: at 80x24 that is the second end of a
    /// connection. The chat panes keep their `$`, which says they take commands.
    public static let idleTableInputMinimumHeight = 5

    public init(area: Rect, pane: Pane, isFocused: Bool, showsTitle: Bool = true) {
        var body = area
        if showsTitle {
            let (bar, rest) = area.splitTop(1)
            title = bar
            body = rest
        }
        content = body
        guard let line = pane.input else { return }
        let idleTable = !isFocused && pane.id == .connections && line.text.isEmpty
        let needed = isFocused ? 1 : idleTable ? Self.idleTableInputMinimumHeight : 2
        if body.height >= needed {
            let (rest, bottom) = body.splitTop(body.height - 1)
            content = rest
            input = bottom
        }
    }
}

extension Model {
    /// Where the panes are now: the one layout the view draws and `update` scrolls by.
    public var layout: Layout {
        presentation == .demo
            ? Layout.demo(size: size, panes: demoPanes, zoomed: isZoomed ? (spotlight ?? focus) : showsRecap ? .lesson : nil)
            : Layout.compute(size: size, focus: focus, zoomed: isZoomed || (showsRecap && focus == .lesson), question: openQuestion)
    }

    /// A finished lesson's recap gets the whole screen: the panes have nothing more to
    /// show for it, and it would not be read in a 40-column pane or across a room. Derived
    /// (Tab leaves it), so the next lesson has its panes back with nothing to undo.
    var showsRecap: Bool {
        tutorial.map { $0.lessonComplete && $0.lesson.recap != nil } ?? false
    }

    /// The walkthrough's unanswered question, for the layout to make room for.
    var openQuestion: OpenQuestion? {
        guard let tutorial, !tutorial.lessonComplete, tutorial.step.question != nil,
              !tutorial.evaluator.isComplete, self[pane: .lesson].input != nil else { return nil }
        return OpenQuestion(stepPane: tutorial.stepPane)
    }
}
