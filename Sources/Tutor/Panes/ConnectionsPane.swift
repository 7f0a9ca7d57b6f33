import ConnectionsCore
import NetworkTypes

/// The Connections pane's reducer: `ss` or `netstat` typed there, and each read of the
/// kernel's socket table, narrowed to what the command asked for.
extension Model {
    /// An `ss` or `netstat` command; a line it is not is an answer or a mistake.
    mutating func connectionsCommand(_ line: String) -> [Effect] {
        guard connections.submit(line) else {
            // What went wrong, then the short list `help` gives: the long one with
            // every flag explained would leave the live table no room in a small pane.
            if let answered = takeAsAnswer(line, typedIn: .connections) { return answered }
            let reason = connections.error.flatMap { Self.replyLines($0).first } ?? "That command is not understood here."
            showError(reason, help: Self.helpText(for: .connections), in: .connections)
            return []
        }
        connectionsPane.scroll = .followsLessonPort
        return [.refreshConnections]
    }

    /// A fresh read of the table: its rows for the pane, rows and packet sockets for the checks.
    mutating func receive(table snapshot: SocketSnapshot) -> [Effect] {
        connectionsPane.unreadable = nil
        let wanted = connections.request.query
        var shown = snapshot
        shown.entries = snapshot.entries.filter(wanted.matches)
        if demo?.hidesNoise == true, let ports = demoPorts {
            // On a projector, only the lesson's own rows: the room reads them from afar.
            shown.entries = shown.entries.filter { entry in ports.contains { entry.involves(port: $0) } }
        }
        if !connections.request.display.showProcesses {
            // The owners were read for the checks, not for this table.
            for index in shown.entries.indices { shown.entries[index].processes = nil }
        }
        connections.lessonPort = lessonPort.map(UInt16.init)
        connections.apply(shown)
        setStatus(.connections, "\(connections.entries.count) row\(connections.entries.count == 1 ? "" : "s"), live")
        let captures = ObservationBridge.packetSockets(snapshot.packetSockets, porttutorPID: snapshot.readerProcessID)
        return observe(.socketTable(ObservationBridge.rows(snapshot.entries, porttutorPID: snapshot.readerProcessID)), now: now)
            + observe(.packetSockets(captures), now: now)
    }

    /// The table could not be read: the pane says why above the last rows it had.
    mutating func tableFailed(_ reason: String) -> [Effect] {
        connectionsPane.unreadable = reason
        return []
    }
}

extension Model {
    /// The ports whose rows demo mode keeps on the projector: the lesson's, the panes' own,
    /// and the ones the step is about (its checks' ports, a question's numeric answers), so a
    /// question about a row never hides it ("on which port does the app listen?"). nil:
    /// keep every row, for a question answered from the machine (the table decides).
    var demoPorts: Set<UInt16>? {
        var ports = [lessonPort, tools.listener.port, tools.client.serverPort, tools.webServerPort].compactMap { $0 }
        if let step = tutorial?.step {
            ports += step.checks.compactMap(\.kind.port)
            switch step.question?.answer {
            case .accepted(let answers): ports += answers.compactMap { Int($0.trimmingCharacters(in: " ")) }
            case .live: return nil
            case .pattern, nil: break
            }
        }
        return Set(ports.filter { (1...65535).contains($0) }.map(UInt16.init))
    }
}
