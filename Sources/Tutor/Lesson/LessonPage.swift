import SafeText

/// The guided walkthrough's Lesson pane, in parts, so a short pane still shows what the
/// learner must do: the step's heading stays on top, and what is checked, asked and
/// replied (checks, question, hints, "✔ Right") stays pinned at the bottom, while the
/// text and the lesson's checklist scroll between them. When everything fits, it reads
/// in order and nothing is pinned.
public struct LessonPage: Sendable, Hashable {
    /// "Step 2/6: Call it with telnet".
    public var heading: StyledLine
    /// How the last step ended ("✔ Right. …" and why), shown above this step's text.
    public var outcome: [StyledLine] = []
    public var text: [StyledLine]
    /// The checks (○ or ✔), the question and its choices, hints shown, replies; the
    /// lesson's end when it is complete.
    public var footer: [StyledLine]
    /// The lesson's steps, the current one marked, and the keys that move between them.
    public var outline: [StyledLine]

    /// Every line in reading order: what a pane shows when it has room for all of it,
    /// and what a collapsed pane or a test reads.
    public var lines: [StyledLine] {
        var lines = [heading] + outcome + (outcome.isEmpty ? [] : [.blank]) + text
        if !footer.isEmpty { lines += [.blank] + footer }
        if !outline.isEmpty { lines += [.blank] + outline }
        return lines
    }

    /// The page laid out in `width` x `height` cells, scrolled `offset` rows.
    ///
    /// When it does not all fit, the heading stays on the top row and a row under the
    /// text says whether there is more. What is checked and asked is pinned at the bottom
    /// when it leaves a few rows of text; a longer footer (a question with its choices
    /// in a short pane) would leave no text to read, so then it scrolls with the
    /// text, and `update` scrolls to it when it changes (a hint, a verdict, a tick).
    /// `focused` picks the marks' wording (see ``LessonPageFit/moreAboveMark(paneFocused:)``).
    public func fit(width: Int, height: Int, offset: Int, focused: Bool = true) -> LessonPageFit {
        guard width > 0, height > 0 else { return LessonPageFit(rows: [], scrolledRows: 0) }
        let all = wrap(lines, width: width)
        if all.count <= height { return LessonPageFit(rows: all, scrolledRows: height) }

        // In a short pane the new step's instructions come first: the last step's result
        // keeps one row, its verdict, cut to the width, with no blank row after it.
        var outcomeRows = wrap(outcome, width: width) + [[]]
        if height < Self.fullOutcomeMinimumHeight, var verdict = outcome.first {
            verdict.wraps = false
            outcomeRows = LineWrapper.wrap(verdict, width: width)
        }
        let textRows = (outcome.isEmpty ? [] : outcomeRows) + wrap(text, width: width)
        let footerRows = wrap(footer, width: width)
        // Pinned while it leaves the heading, the more mark and a few rows of text: the
        // question and the start of the text are then both in view with no key pressed.
        let pinsFooter = !footerRows.isEmpty && footerRows.count <= height - 2 - Self.minimumTextRows
        var scrolled = textRows
        if !pinsFooter && !footerRows.isEmpty { scrolled += [[]] + footerRows }
        if !outline.isEmpty { scrolled += [[]] + wrap(outline, width: width) }
        let pinned = pinsFooter ? footerRows : []

        var room = height - 1 - pinned.count
        let marksMore = room >= 2
        if marksMore { room -= 1 }
        let maxOffset = room > 0 ? max(0, scrolled.count - room) : 0
        let shown = min(max(0, offset), maxOffset)

        let aboveMark = shown > 0 ? LessonPageFit.moreAboveMark(paneFocused: focused) : ""
        // One row, cut by the one rule with "…" when too long, never silently.
        let headingRow = LineWrapper.cut(heading, width: max(1, width - DisplayWidth.of(aboveMark)))
        let visible = scrolled[shown..<min(scrolled.count, shown + room)]
        var rows = [headingRow] + visible + Array(repeating: [], count: room - visible.count)
        let moreRow = marksMore && shown < maxOffset ? rows.count : nil
        if marksMore { rows.append([]) }
        rows += pinned

        var reveal = shown
        if !pinsFooter && !footerRows.isEmpty && room > 0 {
            // Rows of the footer within `scrolled`: after the text and a blank row.
            let footerStart = textRows.count + 1
            let footerEnd = footerStart + footerRows.count
            reveal = min(shown, footerStart)
            if footerEnd > reveal + room { reveal = footerEnd - room }
            reveal = min(max(0, reveal), maxOffset)
        }
        return LessonPageFit(rows: rows, offset: shown, maxOffset: maxOffset, moreAbove: shown > 0, moreRow: moreRow,
                             scrolledRows: max(1, room), footerRevealOffset: reveal)
    }

    /// The text rows a pinned footer must leave, so the step's text starts in view.
    static let minimumTextRows = 3

    /// Below this many rows the last step's result shows only its verdict line.
    static let fullOutcomeMinimumHeight = 14

    private func wrap(_ lines: [StyledLine], width: Int) -> [[Span]] {
        lines.flatMap { LineWrapper.wrap($0, width: width) }
    }
}

/// A ``LessonPage`` fitted to a pane: the rows to draw, top to bottom.
public struct LessonPageFit: Sendable, Hashable {
    /// Drawn at the end of the heading's row when the text is scrolled. Each mark names
    /// the key that scrolls from where the learner is: PgUp/PgDn belong to the focused
    /// pane, so from another pane it is Alt-PgUp/Alt-PgDn.
    public static func moreAboveMark(paneFocused: Bool) -> String {
        paneFocused ? " ▲ PgUp " : " ▲ Alt-PgUp "
    }

    /// Drawn on the row under the text when there is more below.
    public static func moreBelowMark(paneFocused: Bool) -> String {
        paneFocused ? " ▼ more: PgDn " : " ▼ more: Alt-PgDn "
    }

    public var rows: [[Span]]
    /// The scroll position used: the one asked for, kept within the page.
    public var offset = 0
    /// The furthest the page can scroll; 0 when it all fits.
    public var maxOffset = 0
    /// Text is scrolled away above: the heading's row says so.
    public var moreAbove = false
    /// The row that says there is more below, when there is.
    public var moreRow: Int?
    /// How many rows scroll (the rest are pinned): a page is one row less, for context.
    public var scrolledRows: Int
    /// The scroll position that brings the footer's end into view (and as much of the
    /// footer as fits), moving as little as it can; `offset` when it is already in view.
    public var footerRevealOffset = 0
}
