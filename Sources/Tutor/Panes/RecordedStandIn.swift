import CaptureCore
import Lessons
import SafeText

/// Demo mode where porttutor may not capture (no root, no CAP_NET_RAW): the room still
/// sees each packet step's packets, from the recording the step ships (`recording:`, made
/// with the real nc, curl and tcpdump), titled as a recording. The tcpdump the presenter
/// types stands for the capture that made it, and the recording's packets tick the step,
/// as the live ones would have.
extension Model {
    /// Porttutor cannot capture here: said once in the Packets pane, and for good in its
    /// title, which stays on screen.
    mutating func noteCapturesDenied() {
        guard var demo, !demo.capturesDenied else { return }
        demo.capturesDenied = true
        self.demo = demo
        self[pane: .packets].scrollback.append(StyledLine([
            Span("Capturing is not allowed here ", .warning),
            Span("(porttutor runs without root): each packet step plays a recording of the same commands, made with nc, curl and tcpdump."),
        ]))
        showStandInStatus()
    }

    /// The recordings stand in for live packets: demo mode, no right to capture.
    var recordingsStandIn: Bool { demo?.capturesDenied == true }

    /// `tcpdump …` typed where porttutor may not capture: it stands for the capture that
    /// made the step's recording, and counts as one for the checks (`capturing`).
    mutating func standInCapture(_ seen: CaptureSeen) -> [Effect] {
        guard var demo else { return [] }
        demo.standIn = seen
        self.demo = demo
        self[pane: .packets].scrollback.append(StyledLine("(not live: the step's recording plays here)", .dim))
        self[pane: .packets].prompt = ""
        showStandInStatus()
        spotlight = .packets
        return observe(.paneCapture(seen), now: now) + playStepRecording()
    }

    /// Ctrl-C on a stand-in: the capture it stood for stops.
    mutating func stopStandIn() -> [Effect]? {
        guard var demo, demo.standIn != nil, !tools.packets.isRunning else { return nil }
        demo.standIn = nil
        self.demo = demo
        self[pane: .packets].scrollback.append(StyledLine("^C", .dim))
        self[pane: .packets].prompt = PaneID.packets.prompt
        return observe(.paneCapture(nil), now: now)
    }

    /// Plays the current step's recording once its typing is done (its live traffic has
    /// just happened), while a stand-in capture runs; once per step.
    mutating func playStepRecording() -> [Effect] {
        guard recordingsStandIn, var demo, demo.setup == nil, autopilot == nil, demo.standIn != nil,
              let step = tutorial?.step, let recording = step.recording, demo.playedRecording != step.id else { return [] }
        demo.playedRecording = step.id
        self.demo = demo
        return [.capture(.replay(path: recording.path, label: recording.label))]
    }

    /// While a step is set up: an earlier step's recording, once its typing is replayed.
    mutating func playRecording(ofEarlierStep index: Int?) -> [Effect] {
        guard recordingsStandIn, demo?.standIn != nil, let index, let lesson = tutorial?.lesson,
              lesson.steps.indices.contains(index), let recording = lesson.steps[index].recording else { return [] }
        return [.capture(.replay(path: recording.path, label: recording.label))]
    }

    /// A replay that stands in for live packets: its packets count as the live ones
    /// (a `replay: true` step's recording stays a recording).
    var replayStandsIn: Bool {
        recordingsStandIn && demo?.standIn != nil && tutorial?.step.replaysRecording != true
    }

    /// The capture the checks see while a stand-in runs (the recording's replay ending
    /// does not end the capture it stands for).
    var standInCaptureSeen: CaptureSeen? { replayStandsIn ? demo?.standIn : nil }

    /// The Packets title says for good why the packets are recorded.
    mutating func showStandInStatus() {
        let count = packetLog.map { ": \($0.total) packet\($0.total == 1 ? "" : "s")" } ?? ""
        setStatus(.packets, "recordings, capture not allowed\(count)")
    }
}
