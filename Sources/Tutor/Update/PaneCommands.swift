/// What each pane does with a command line and with control keys. Each pane's backend
/// plugs in here.
extension Model {
    /// Runs a command line typed (or autopiloted) in a pane.
    mutating func runCommand(_ line: String, in pane: PaneID) -> [Effect] {
        self[pane: pane].scrollback.append(StyledLine([Span(self[pane: pane].prompt, .prompt), Span(line, .outgoing)]))
        guard !line.trimmingSpaces.isEmpty else { return [] }
        self[pane: pane].scrollback.append(PaneIntroductions.noBackendReply(for: pane))
        return []
    }

    /// A control key in a pane (Ctrl-C stops what runs there, Ctrl-] is telnet's escape);
    /// nil when the pane has no use for it.
    mutating func controlKey(_ c: Character, in pane: PaneID) -> [Effect]? {
        nil
    }
}
