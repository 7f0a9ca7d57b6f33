import CaptureCore
import Lessons
import ToolCommands
import SafeText

/// The Packets pane's reducer: tcpdump and `save` typed there, Ctrl-C, and what the
/// pane's capture reports. ``PacketsCapture`` says what runs; ``packetLog`` holds what
/// it printed.
extension Model {
    /// `tcpdump …` or `save FILE`; `first` is the line's first word.
    mutating func packetsCommand(_ line: String, first: Substring) -> [Effect] {
        if first == "save" || first == "save!" { return savePackets(line, force: first == "save!") }
        guard first == "tcpdump" || first == "sudo" || first.hasSuffix("/tcpdump") else {
            if let answered = takeAsAnswer(line, typedIn: .packets) { return answered }
            showError("\(Self.shown(String(first))): this pane runs tcpdump.", help: [TcpdumpCommandLine.understoodForms], in: .packets)
            return []
        }
        do {
            let request = try TcpdumpCommandLine.parse(line)
            if presentation == .demo {
                let seen = CaptureSeen(interface: request.interface, filter: request.filter)
                if recordingsStandIn && request.writePath == nil && request.source.map({ if case .file = $0 { false } else { true } }) ?? true {
                    return standInCapture(seen)
                }
                demo?.typedCapture = seen
            }
            return [.capture(.start(request))]
        } catch {
            showError(error.message, help: [], in: .packets)
            return []
        }
    }

    /// `save FILE`: the packets the pane holds, to a pcap file; `save! FILE` may replace a
    /// file that is not a capture.
    private mutating func savePackets(_ line: String, force: Bool) -> [Effect] {
        let path = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).dropFirst().first
            .map { String($0).trimmingCharacters(in: " \t") } ?? ""
        guard !path.isEmpty else {
            showError("save needs a file name: save chat.pcap", help: [], in: .packets)
            return []
        }
        guard let log = packetLog, log.count > 0 else {
            showError("No packets to save yet: run tcpdump in this pane first.", help: [], in: .packets)
            return []
        }
        return [.capture(.save(path: path, packets: log.all.map(\.packet), linkType: log.linkType, force: force))]
    }

    /// Ctrl-C stops a running capture; nil when the pane has no use for the key.
    mutating func packetsControl(_ c: Character) -> [Effect]? {
        if c == "c", let stopped = stopStandIn() { return stopped }
        guard c == "c", tools.packets.isRunning else { return nil }
        self[pane: .packets].scrollback.append(StyledLine("^C", .dim))
        return [.capture(.stop)]
    }

    /// What the pane's capture reported (never the quiet capture's: see
    /// ``quietCaptureReceived(_:)``).
    mutating func packetsReceived(_ report: CaptureReport) -> [Effect] {
        switch report {
        case .started(let start):
            return captureStarted(start)
        case .packets(let packets, _):
            return printPackets(packets)
        case .saved(let path, let count):
            let text = "\(count) packet\(count == 1 ? "" : "s") saved to \(path): open it with tcpdump -r or Wireshark."
            self[pane: .packets].scrollback.append(StyledLine(SafeText(untrusted: text), .success))
            return []
        case .statistics(let statistics):
            packetLog?.captureStatistics = statistics
            showPacketsStatus()
            return []
        case .stopped(_, let reason):
            // With -w the packets went to the file, not the pane: the source counts them.
            let summary = tools.packets.writesToFile ? ""
                : packetLog.map { "\($0.total) packet\($0.total == 1 ? "" : "s") captured" } ?? ""
            let standIn = standInCaptureSeen
            let replayed = tools.packets.isReplay
            tools.packets = .idle
            self[pane: .packets].prompt = standIn == nil ? PaneID.packets.prompt : ""
            self[pane: .packets].scrollback.append(StyledLine(SafeText(untrusted: [summary, reason].filter { !$0.isEmpty }.joined(separator: ": ")), .dim))
            showPacketsStatus()
            // The packet the step's text is about arrived after the step began.
            if replayed, let step = tutorial?.step, step.replaysRecording { revealPointedLine(of: step) }
            // A recording standing in for tcpdump has ended; the capture it stands for has not.
            return observe(.paneCapture(standIn), now: now)
        case .failed(_, let lines, let needsPermission):
            tools.packets = .idle
            self[pane: .packets].prompt = PaneID.packets.prompt
            self[pane: .packets].scrollback.append(contentsOf: lines.enumerated().map { index, line in
                StyledLine(SafeText(untrusted: line), index == 0 ? .error : .normal)
            })
            if needsPermission, let labOffer {
                self[pane: .packets].scrollback.append(StyledLine(SafeText(untrusted: labOffer), .emphasis))
            }
            spotlight = .packets
            let effects = observe(.paneCapture(nil), now: now)
            if needsPermission, presentation == .demo, let typed = demo?.typedCapture {
                // The room still sees packets: real ones, recorded earlier, and labelled so.
                noteCapturesDenied()
                return effects + standInCapture(typed)
            }
            return effects
        }
    }

    /// A new capture: a fresh log, its header line, and the checks told it runs.
    private mutating func captureStarted(_ start: CaptureStart) -> [Effect] {
        tools.packets = PacketsCapture(start)
        // The pane lays tabs out as a terminal would (tcpdump's -v and -X lines start with one).
        var options = start.request?.options ?? PrintOptions(numeric: true, bytes: .ascii)
        options.expandTabs = true
        packetLog = PacketLog(linkType: start.linkType, options: options, host: start.host,
                              lessonPort: lessonPort.map(UInt16.init))
        var lines: [StyledLine] = []
        if let note = start.note { lines.append(StyledLine(SafeText(untrusted: note), .dim)) }
        if case .replaying(let label) = tools.packets {
            lines.append(StyledLine([Span("▶ Replaying a recording: ", .warning), Span(SafeText(untrusted: label), .warning)]))
            if replayStandsIn { showStandInStatus() } else { setStatus(.packets, "recording (not live)") }
        } else {
            lines.append(StyledLine(SafeText(untrusted: "listening on \(start.source), link-type \(start.linkType), snapshot length 262144 bytes"), .dim))
            setStatus(.packets, "capturing on \(start.source)")
        }
        self[pane: .packets].scrollback.append(contentsOf: lines)
        self[pane: .packets].prompt = ""
        return observe(.paneCapture(standInCaptureSeen ?? ObservationBridge.paneCapture(start)), now: now)
    }

    /// Packets printed as tcpdump prints them. Live packets reach the checks through the
    /// quiet capture; only a recording's are seen here alone, so only they go to the checks.
    private mutating func printPackets(_ packets: [CapturedPacket]) -> [Effect] {
        guard var log = packetLog else { return [] }
        var effects: [Effect] = []
        for packet in packets {
            packet.bytes.withUnsafeBytes { log.append($0, header: packet.header) }
            let entry = log[log.count - 1]
            self[pane: .packets].scrollback.append(contentsOf: Self.styled(entry))
            // A recording standing in for a live capture ticks the step as the live packets would.
            if tools.packets.isReplay, let seen = ObservationBridge.packet(packet, linkType: log.linkType, fromRecording: !replayStandsIn) {
                effects += observe(.packet(seen), now: now)
            }
        }
        packetLog = log
        spotlight = .packets
        showPacketsStatus()
        return effects
    }

    /// The Packets title: how many packets, and what was lost on the way, as tcpdump's
    /// closing lines say ("dropped by kernel") plus what the pane let go to bound memory.
    private mutating func showPacketsStatus() {
        if recordingsStandIn && tutorial?.step.replaysRecording != true { return showStandInStatus() }
        guard let log = packetLog else { return }
        var parts = ["\(tools.packets.doing): \(log.total) packet\(log.total == 1 ? "" : "s")"]
        if let dropped = log.captureStatistics?.droppedByKernel, dropped > 0 { parts.append("\(dropped) dropped by kernel") }
        if log.dropped > 0 { parts.append("oldest \(log.dropped) let go") }
        setStatus(.packets, parts.joined(separator: " · "))
    }
}
