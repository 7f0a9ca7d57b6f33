import Lessons
import SocketsCore
import ToolCommands

/// The Listener pane's reducer: `nc -l` typed there, its Ctrl-C, and what its socket
/// reports. ``ListenerState`` says what runs; this decides what the pane shows of it.
extension Model {
    /// While nc runs, a typed line goes to its peer; nil when the shell should run it.
    func listenerLine(_ line: String) -> [Effect]? {
        tools.listener.isRunning ? [.socket(.listenerLine(line))] : nil
    }

    /// `nc -l PORT` (or a mistake, explained).
    mutating func listenerCommand(_ line: String) -> [Effect] {
        switch ListenerCommand.parse(line) {
        case .success(let request):
            return [.socket(.startListener(request))]
        case .failure(let error):
            showError(error.message, help: error.help, in: .listener)
            return []
        }
    }

    /// Ctrl-C stops a running nc; nil when the pane has no use for the key.
    mutating func listenerControl(_ c: Character) -> [Effect]? {
        guard c == "c", tools.listener.isRunning else { return nil }
        self[pane: .listener].scrollback.append(StyledLine("^C", .dim))
        return [.socket(.stopListener)]
    }

    /// What the listener's socket reported: its state, title and prompt, and what it
    /// received for the checks. `.refreshConnections` when the table changed.
    mutating func listenerReceived(_ event: SocketEvent) -> [Effect] {
        switch event.kind {
        case .listening(let addresses, let transport):
            // The port first: a narrow title bar cut after it still says what matters.
            let port = addresses.first.map { "port \($0.port)" } ?? "no port"
            let hosts = addresses.map(\.host).joined(separator: " and ")
            tools.listener.listen(ListeningSocket(port: addresses.first.map { Int($0.port) },
                                                  status: "\(transport == .udp ? "bound (UDP)" : "listening") on \(port), \(hosts)"))
            self[pane: .listener].prompt = ""
            showListenerStatus()
            return [.refreshConnections]
        case .accepted(let id, let peer, _):
            tools.listener.accept(id.rawValue, from: peer.description)
            showListenerStatus()
            return [.refreshConnections]
        case .received, .datagram:
            return observe(.received(.listener, event.payload, serverPort: tools.listener.port), now: now)
        case .peerClosed(let id, _):
            // nc -lk goes back to listening; the title must not name a client that left.
            tools.listener.peerLeft(id.rawValue)
            showListenerStatus()
            return [.refreshConnections]
        case .failed(let error):
            // The kernel refused the port: a fact the lesson about ports in use checks.
            switch error.kind {
            case .addressInUse(let port, _, _): return observe(.bindRefused(port: Int(port), reason: .inUse), now: now)
            case .permissionDenied(let port): return observe(.bindRefused(port: Int(port), reason: .permission), now: now)
            default: return []
            }
        case .listenerStopped:
            tools.listener.stop()
            self[pane: .listener].prompt = PaneID.listener.prompt
            self[pane: .listener].status = nil
            return [.refreshConnections]
        default:
            return []
        }
    }

    /// The Listener's title: what it listens on, or who is connected.
    private mutating func showListenerStatus() {
        if let status = tools.listener.status { setStatus(.listener, status) } else { self[pane: .listener].status = nil }
    }
}
