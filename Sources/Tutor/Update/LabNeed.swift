import SafeText

/// A `needs: lab` lesson opened without the lab: its commands cannot work here, so the
/// learner is told for as long as they stay on it (the status bar, again whenever another
/// notice has gone; the Lesson pane's title), with both ways on: the lab, or another lesson.
extension Model {
    /// The status bar's line, at most 80 columns.
    static let labNeeded = StyledLine([Span("Needs the lab: ", .warning),
                                       Span("quit (F10), start `porttutor --lab`; or F7 for another lesson.")])

    /// Whether the lesson on screen needs the lab and porttutor runs without it.
    var lacksTheLab: Bool {
        !isInLab && tutorial?.lesson.needsLab == true
    }

    /// Puts the line back in the status bar once it is free (each tick).
    mutating func remindOfTheLab() {
        guard lacksTheLab, notice == nil else { return }
        notice = Self.labNeeded
    }

    /// Where the lesson runs, before its number in the Lesson pane's title.
    var lessonPlace: [Span] {
        if isInLab { return [Span("in the lab ", .warning), Span("· ", .dim)] }
        if lacksTheLab { return [Span("needs the lab ", .warning), Span("· ", .dim)] }
        return []
    }
}
