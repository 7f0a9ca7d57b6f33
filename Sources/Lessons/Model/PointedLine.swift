/// A line a step's text points at ("the `Trying 127.0.0.1...` line", "the three handshake
/// packets"), brought into view in its pane when the step begins, so every sentence of the
/// text agrees with what the screen shows even after the line has scrolled away.
public struct PointedLine: Sendable, Hashable {
    public var pane: PaneID
    public var match: TextMatch
    public var location: SourceLocation

    public init(pane: PaneID, match: TextMatch, location: SourceLocation) {
        self.pane = pane
        self.match = match
        self.location = location
    }

    /// Whether a line of the pane, as drawn, is the one pointed at.
    public func matches(_ line: String) -> Bool {
        match.matches(text: line)
    }
}
