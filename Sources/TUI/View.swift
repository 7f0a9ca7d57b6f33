import Lessons
import Tutor

/// A drawn frame: the cells, and where the terminal cursor should be (if visible).
public struct Frame: Sendable {
    public var screen: Screen
    public var cursor: (x: Int, y: Int)?
    public var layout: Layout
}

/// Draws the whole model into a fresh screen. Pure: same model, same frame.
public func view(_ model: Model) -> Frame {
    if model.presentation == .demo { return demoView(model) }
    var screen = Screen(size: model.size)
    let layout = model.layout
    if layout.kind == .tooSmall {
        TooSmallNotice(size: model.size).draw(on: &screen)
        return Frame(screen: screen, cursor: nil, layout: layout)
    }
    var cursor: (x: Int, y: Int)?
    for id in PaneID.allCases {
        guard let area = layout.panes[id] else { continue }
        let focused = id == model.focus
        let pane = model.paneForDisplay(id, rows: area.height)
        let at: (x: Int, y: Int)?
        if id == .lesson, let page = model.lessonPage {
            at = LessonPageWidget(pane: pane, page: page, isFocused: focused).draw(in: area, on: &screen)
        } else {
            at = PaneWidget(pane: pane, isFocused: focused).draw(in: area, on: &screen)
        }
        if focused { cursor = at }
    }
    for separator in layout.separators {
        for y in separator.y..<separator.maxY {
            screen.put("│", x: separator.x, y: y, role: .dim)
        }
    }
    StatusBar(notice: model.notice, layout: layout.kind).draw(in: layout.statusBar, on: &screen)
    switch model.overlay {
    case .help:
        HelpOverlay().draw(on: &screen)
        cursor = nil
    case .lessonPicker(let picker):
        cursor = LessonPickerOverlay(model: model, picker: picker).draw(on: &screen)
    case .presenterHelp, nil:
        break
    }
    return Frame(screen: screen, cursor: cursor, layout: layout)
}
