import Lessons
import SocketsCore
import ToolCommands

/// The Client pane's reducer: telnet, nc or curl typed there, their control keys, and
/// what the client's socket reports. ``ClientState`` says what runs.
extension Model {
    /// While a client runs, a typed line goes to it; nil when the shell should run it.
    func clientLine(_ line: String) -> [Effect]? {
        tools.client.isRunning ? [.socket(.clientLine(line))] : nil
    }

    /// `telnet HOST PORT`, `nc HOST PORT` or `curl URL` (or a mistake, explained).
    mutating func clientCommand(_ line: String) -> [Effect] {
        switch ClientCommand.parse(line) {
        case .success(let request):
            tools.client.start(ClientTool(request))
            self[pane: .client].prompt = ""
            return [.socket(.connectClient(request))]
        case .failure(let error):
            showError(error.message, help: error.help, in: .client)
            return []
        }
    }

    /// Ctrl-C stops the client, Ctrl-] is telnet's escape; nil when the pane has no use
    /// for the key.
    mutating func clientControl(_ c: Character) -> [Effect]? {
        switch c {
        case "c" where tools.client.passesControlCToPeer:
            // Real telnet hands Ctrl-C to the other side; leaving takes Ctrl-] then quit,
            // which the lesson teaches, so Ctrl-C must not be a way round it.
            notice = StyledLine("telnet passes Ctrl-C to the other side; leave with Ctrl-] then quit", .warning)
            return []
        case "c" where tools.client.isRunning:
            self[pane: .client].scrollback.append(StyledLine("^C", .dim))
            return [.socket(.closeClient)]
        case "]" where tools.client.isRunning:
            return [.socket(.clientEscape)]
        default:
            return nil
        }
    }

    /// What the client's socket reported: its state, title and prompt, and what it
    /// received for the checks. `.refreshConnections` when the table changed.
    mutating func clientReceived(_ event: SocketEvent) -> [Effect] {
        switch event.kind {
        case .connected(_, let remote):
            tools.client.connect(serverPort: Int(remote.port))
            setStatus(.client, "connected to \(remote)")
            return [.refreshConnections]
        case .clientReceived:
            return observe(.received(.client, event.payload, serverPort: tools.client.serverPort), now: now)
        case .httpResponse(let status, let reason):
            return observe(.httpResponse(HTTPResponseSeen(status: status, reason: reason, port: tools.client.serverPort)), now: now)
        case .httpExchangeFinished(var outcome):
            outcome.port = tools.client.serverPort
            return observe(.httpExchange(outcome), now: now)
        case .promptChanged(let prompt):
            self[pane: .client].prompt = prompt ?? (tools.client.isRunning ? "" : PaneID.client.prompt)
            return []
        case .clientClosed:
            tools.client.close()
            self[pane: .client].prompt = PaneID.client.prompt
            self[pane: .client].status = nil
            return [.refreshConnections]
        default:
            // Resolving and trying: the command already made the client `connecting`.
            return []
        }
    }
}
