import SocketsCore
import ToolCommands
import SafeText

/// The built-in web server's reducer. It has no pane: its port is remembered for the
/// checks and the demo table, its requests show in the status bar, and the advice when
/// it cannot start goes to the Client pane, whose tools talk to it.
extension Model {
    mutating func webServerReceived(_ event: SocketEvent) -> [Effect] {
        switch event.kind {
        case .webServerStarted(let addresses):
            tools.webServerPort = addresses.first.map { Int($0.port) }
            return []
        case .webServerStopped:
            tools.webServerPort = nil
            return []
        case .webRequest(_, let requestLine, let status):
            notice = Self.webServerNotice(requestLine: requestLine.string, status: status)
            guard let request = ObservationBridge.webRequest(requestLine.string, port: tools.webServerPort) else { return [] }
            return observe(.httpRequest(request), now: now)
        case .failed(let error):
            let holder = error.portHolder.map { ", held by \($0)" } ?? ""
            let text = "The built-in web server could not start: \(error.summary.trimmingTrailingPeriod)\(holder)."
                + " The HTTP lesson talks to it; stop that program, or start porttutor with --web-port and another port."
            notice = StyledLine(SafeText(untrusted: error.summary), .warning)
            self[pane: .client].scrollback.append(StyledLine(SafeText(untrusted: text), .warning))
            return []
        default:
            return []
        }
    }

    /// One request the built-in web server answered, for the status bar: "web server:
    /// GET / → 302". Any program may send it (a browser, curl in another terminal).
    static func webServerNotice(requestLine: String, status: Int) -> StyledLine {
        let words = requestLine.split(separator: " ", omittingEmptySubsequences: true).prefix(2).map { word in
            word.count > 40 ? String(word.prefix(40)) + "…" : String(word)
        }
        let request = words.isEmpty ? "a request" : words.joined(separator: " ")
        return StyledLine(SafeText(untrusted: "web server: \(request) → \(status)"), .dim)
    }
}
