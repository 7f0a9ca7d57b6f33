import Lessons

/// The presenter's pointer: scrolling the spotlighted (or zoomed) pane with keys that are
/// not the clicker's Page Up and Page Down, and one marked line (the packet with the
/// password, the 302 line) highlighted for the room.
extension Model {
    /// The pane the presenter's scroll and mark keys act on: the zoomed one, else the
    /// spotlighted one; never the Lesson pane, which demo mode fits to its slide.
    var presenterPane: PaneID? {
        let pane = spotlight ?? (isZoomed ? focus : nil)
        return pane == .lesson ? nil : pane
    }

    /// `[` and `]`: half a pane back or forward; `k` and `j` move the mark (or scroll a line).
    mutating func presenterScroll(_ action: PresenterAction) {
        guard let pane = presenterPane else {
            notice = StyledLine("Spotlight a pane first (2 to 5), then [ ] scroll it.", .dim)
            return
        }
        let half = max(1, pageSize(of: pane) / 2)
        switch action {
        case .scrollBack: scroll(pane, by: half)
        case .scrollForward: scroll(pane, by: -half)
        case .markUp: moveMark(in: pane, by: -1)
        case .markDown: moveMark(in: pane, by: 1)
        default: break
        }
    }

    /// `m`: marks the newest line in view of the presenter's pane, or takes the mark away.
    mutating func toggleMark() {
        guard var demo else { return }
        if demo.mark != nil {
            demo.mark = nil
            self.demo = demo
            return
        }
        guard let pane = presenterPane, pane != .connections else {
            notice = StyledLine("m marks a line of the Listener, Client or Packets pane: spotlight it first (2, 3, 5).", .dim)
            return
        }
        let scrollback = self[pane: pane].scrollback
        guard !scrollback.lines.isEmpty else { return }
        let newestInView = scrollback.lines.count - 1 - scrollback.offset
        demo.mark = PaneMark(pane: pane, line: scrollback.droppedCount + newestInView)
        self.demo = demo
        notice = StyledLine("Marked: k and j move the mark, m takes it away.", .emphasis)
    }

    /// Moves the mark up (older) or down (newer), keeping it in view; without a mark, scrolls.
    private mutating func moveMark(in pane: PaneID, by delta: Int) {
        guard var demo, var mark = demo.mark, mark.pane == pane, pane != .connections else {
            scroll(pane, by: -delta)
            return
        }
        let scrollback = self[pane: pane].scrollback
        let index = min(max(0, mark.line - scrollback.droppedCount + delta), scrollback.lines.count - 1)
        mark.line = scrollback.droppedCount + index
        demo.mark = mark
        self.demo = demo
        let newestInView = scrollback.lines.count - 1 - scrollback.offset
        if index > newestInView {
            self[pane: pane].scrollback.offset = scrollback.lines.count - 1 - index
        } else {
            keepInView(lineAt: index, in: pane)
        }
    }
}

/// One line of a pane the presenter marked; `line` counts from the pane's first line ever
/// (lines its history let go included), so the mark stays on its line as new ones come.
public struct PaneMark: Sendable, Hashable {
    public var pane: PaneID
    public var line: Int

    /// The line's index in the pane's scrollback now; nil once the history let it go.
    public func index(in scrollback: Scrollback) -> Int? {
        let index = line - scrollback.droppedCount
        return scrollback.lines.indices.contains(index) ? index : nil
    }
}
