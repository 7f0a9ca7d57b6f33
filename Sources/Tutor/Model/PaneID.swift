import Lessons

/// What the screen adds to the panes Lessons names: titles, Alt-digits, prompts, focus order.
extension PaneID {
    /// The name shown in the pane's title bar.
    public var title: String {
        switch self {
        case .lesson: "Lesson"
        case .listener: "Listener"
        case .client: "Client"
        case .connections: "Connections"
        case .packets: "Packets"
        }
    }

    /// The digit used with Alt (or alone in panes without an input line) to focus the pane.
    public var number: Int { PaneID.allCases.firstIndex(of: self)! + 1 }

    /// Whether learners type commands into this pane.
    public var takesCommands: Bool { self != .lesson }

    /// The prompt shown before the input line, like a shell's.
    public var prompt: String {
        switch self {
        case .lesson: ""
        case .listener, .client, .connections, .packets: "$ "
        }
    }

    public init?(number: Int) {
        guard (1...PaneID.allCases.count).contains(number) else { return nil }
        self = PaneID.allCases[number - 1]
    }

    public func next(by offset: Int) -> PaneID {
        let all = PaneID.allCases
        let i = all.firstIndex(of: self)!
        let n = all.count
        return all[((i + offset) % n + n) % n]
    }
}
