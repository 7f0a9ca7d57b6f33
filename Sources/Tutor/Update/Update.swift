/// The one place state changes: takes an event, changes the model, returns effects.
/// Pure: no I/O, no clocks, no globals, so every behaviour is testable as data.
public func update(_ model: inout Model, _ event: Event) -> [Effect] {
    switch event {
    case .resize(let size):
        model.size = size
        return []
    case .click(let pane):
        model.overlay = nil
        model.focus = pane
        return []
    case .wheel(let pane, let lines):
        model[pane: pane].scrollback.scroll(by: lines)
        return []
    case .tick, .started:
        return []
    case .terminationSignal:
        return beginQuit(&model)
    case .key(let key):
        return handleKey(key, &model)
    }
}

private func beginQuit(_ model: inout Model) -> [Effect] {
    guard !model.isQuitting else { return [] }
    model.isQuitting = true
    return [.quit(status: 0)]
}

private func handleKey(_ key: Key, _ model: inout Model) -> [Effect] {
    if model.overlay == .help {
        // Any key closes help; the quit keys still quit.
        model.overlay = nil
        if case (.quit, _)? = GlobalAction.action(for: key, focus: model.focus) { return beginQuit(&model) }
        return []
    }
    if let (action, pane) = GlobalAction.action(for: key, focus: model.focus) {
        return perform(action, pane: pane, &model)
    }
    if key == .control("c") {
        return beginQuit(&model)
    }
    if model[pane: model.focus].input != nil {
        return editInput(key, &model)
    }
    return handleLessonKey(key, &model)
}

private func perform(_ action: GlobalAction, pane: PaneID?, _ model: inout Model) -> [Effect] {
    switch action {
    case .help: model.overlay = .help
    case .quit: return beginQuit(&model)
    case .focusNext: model.focus = model.focus.next(by: 1)
    case .focusPrevious: model.focus = model.focus.next(by: -1)
    case .focusPane: if let pane { model.focus = pane }
    case .zoom: model.isZoomed.toggle()
    case .scrollUp: model[pane: model.focus].scrollback.scroll(by: pageSize(model))
    case .scrollDown: model[pane: model.focus].scrollback.scroll(by: -pageSize(model))
    }
    return []
}

/// Half a screen: keeps some context on the page when scrolling.
private func pageSize(_ model: Model) -> Int { max(1, model.size.rows / 2) }

private func handleLessonKey(_ key: Key, _ model: inout Model) -> [Effect] {
    switch key {
    case .character("q"): return beginQuit(&model)
    case .character("?"): model.overlay = .help
    case .up: model[pane: .lesson].scrollback.scroll(by: 1)
    case .down: model[pane: .lesson].scrollback.scroll(by: -1)
    default: break
    }
    return []
}

private func editInput(_ key: Key, _ model: inout Model) -> [Effect] {
    let id = model.focus
    guard var input = model[pane: id].input else { return [] }
    defer { model[pane: id].input = input }
    switch key {
    case .character(let c): input.insert(c)
    case .backspace, .control("h"): input.backspace()
    case .delete, .control("d"): input.deleteForward()
    case .left, .control("b"): input.moveLeft()
    case .right, .control("f"): input.moveRight()
    case .home, .control("a"): input.moveHome()
    case .end, .control("e"): input.moveEnd()
    case .control("u"): input.killToStart()
    case .control("k"): input.killToEnd()
    case .control("w"): input.deleteWordBackward()
    case .up, .control("p"): input.historyPrevious()
    case .down, .control("n"): input.historyNext()
    case .control("l"): model[pane: id].scrollback.clear()
    case .enter:
        let line = input.submit()
        model[pane: id].scrollback.scroll(by: -model[pane: id].scrollback.offset)
        return submitCommand(line, in: id, &model)
    default: break
    }
    return []
}

/// A command line entered in a pane: echoed like a shell would, then run by the pane.
private func submitCommand(_ line: String, in pane: PaneID, _ model: inout Model) -> [Effect] {
    model[pane: pane].scrollback.append(StyledLine([Span(pane.prompt, .prompt), Span(line, .outgoing)]))
    guard !line.trimmingSpaces.isEmpty else { return [] }
    model[pane: pane].scrollback.append(PaneIntroductions.noBackendReply(for: pane))
    return []
}
