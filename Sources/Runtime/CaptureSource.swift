import BuiltinLessons
import ToolCommands
import SocketsCore
import Capture
import CaptureCore
import Tutor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libpcap on the run loop. Two captures at most: the learner's tcpdump in the Packets
/// pane (live, or a file being replayed), and porttutor's own quiet capture of loopback
/// TCP and UDP, which lets the checks see a SYN or typed words whichever tool sent them
/// (in the lab, on the lab's cable too: a second quiet capture, `cable`).
/// All are polled through libpcap's selectable descriptor and read in bounded batches.
public final class CaptureSource: IOSource {
    /// Packets handed to `update` per wake-up, so a flood keeps the screen responsive.
    public static let batch = 256

    private enum PaneCapture {
        case live(LiveCapture)
        case file(PcapFileReader, label: String?)
    }

    private var pane: PaneCapture?
    private var paneRequest: CaptureRequest?
    private var paneCount = 0
    private var writer: PcapFileWriter?
    private var watch: LiveCapture?
    private var watchFailed = false
    /// The interface the quiet capture also watches (the lab's `lab0`), and its capture.
    private let cableInterface: String?
    private var cable: LiveCapture?
    private var nextStatistics: Duration = .zero

    /// `alsoWatching`: an interface whose TCP and UDP the checks see too, besides the
    /// loopback (in the lab, its cable `lab0`, so a check sees server.lab's answers).
    public init(alsoWatching cableInterface: String? = nil) {
        self.cableInterface = cableInterface
    }

    public var pollRequests: [PollRequest] {
        var requests: [PollRequest] = []
        if case .live(let capture)? = pane, capture.fileDescriptor >= 0 {
            requests.append(PollRequest(descriptor: capture.fileDescriptor, events: Int16(POLLIN)))
        }
        for quiet in [watch, cable].compactMap(\.self) where quiet.fileDescriptor >= 0 {
            requests.append(PollRequest(descriptor: quiet.fileDescriptor, events: Int16(POLLIN)))
        }
        return requests
    }

    public var nextDeadline: Duration? {
        switch pane {
        case .file?: return .zero  // keep reading the file, a batch per turn
        case .live?: return nextStatistics
        case nil: return nil
        }
    }

    public func handle(descriptor: Int32, revents: Int16, now: Duration) -> [Event] {
        if let watch, descriptor == watch.fileDescriptor { return readWatch(watch) }
        if let cable, descriptor == cable.fileDescriptor { return readCable(cable) }
        if case .live(let capture)? = pane, descriptor == capture.fileDescriptor { return readLive(capture) }
        return []
    }

    public func deadlineReached(now: Duration) -> [Event] {
        switch pane {
        case .file(let reader, _)?:
            return readFile(reader)
        case .live(let capture)?:
            nextStatistics = SecondsGrid.next(after: now, period: .seconds(1))
            return capture.statistics().map { [.capture(.statistics($0))] } ?? []
        case nil:
            return []
        }
    }

    /// `Effect.capture`.
    public func perform(_ command: CaptureCommand, now: Duration) -> [Event] {
        switch command {
        case .start(let request):
            var events = stopPane(reason: "stopped for the new command")
            if case .file(let path)? = request.source {
                events += openFile(path, label: nil, request: request)
            } else {
                events += openLive(request)
            }
            nextStatistics = SecondsGrid.next(after: now, period: .seconds(1))
            return events
        case .stop:
            return stopPane(reason: "stopped (Ctrl-C)")
        case .replay(let path, let label):
            let request = CaptureRequest(options: PrintOptions(numeric: true, bytes: .ascii, expandTabs: true))
            return stopPane(reason: "stopped for the recording") + openFile(path, label: label, request: request)
        case .watchLoopback:
            return openWatch()
        case .save(let path, let packets, let linkType, let force):
            if let refusal = CaptureFileCheck.refusalToWrite(path, force: force, howToForce: "save! \(path)") {
                return [.capture(.failed(.pane, [refusal], needsPermission: false))]
            }
            do {
                let writer = try PcapFileWriter(path: path, linkType: linkType)
                for packet in packets { try writer.write(packet) }
                try writer.close()
                return [.capture(.saved(path: path, count: packets.count))]
            } catch {
                return [failure(.pane, error)]
            }
        }
    }

    public func shutDown() {
        _ = stopPane(reason: "")
        watch?.close()
        watch = nil
        cable?.close()
        cable = nil
    }

    // MARK: The learner's capture

    private func openLive(_ request: CaptureRequest) -> [Event] {
        if let path = request.writePath,
           let refusal = CaptureFileCheck.refusalToWrite(path, force: request.overwrite, howToForce: "tcpdump -w \(path) --force") {
            return [.capture(.failed(.pane, [refusal], needsPermission: false))]
        }
        do {
            let capture = try LiveCapture(interface: request.interface, filter: request.filter)
            if let path = request.writePath {
                writer = try PcapFileWriter(path: path, linkType: capture.linkType, snapshotLength: capture.snapshotLength)
            }
            pane = .live(capture)
            paneRequest = request
            paneCount = 0
            return [.capture(.started(CaptureStart(role: .pane, linkType: capture.linkType, source: capture.interface,
                                                   note: capture.interfaceNote, request: request, host: .system())))]
        } catch {
            return [failure(.pane, error)]
        }
    }

    /// A lesson's recording may be built into porttutor (`builtin:NAME`); a path the learner
    /// typed (`tcpdump -r FILE`) is always a file.
    private static func reader(_ path: String, recording: Bool) throws(CaptureError) -> PcapFileReader {
        if recording, let builtin = BuiltinLessons.file(atPath: path) {
            return try PcapFileReader(bytes: builtin.bytes, name: path)
        }
        return try PcapFileReader(path: path)
    }

    private func openFile(_ path: String, label: String?, request: CaptureRequest) -> [Event] {
        if let refusal = CaptureFileCheck.refusalToRead(path) {
            return [.capture(.failed(.pane, [refusal], needsPermission: false))]
        }
        do {
            let reader = try Self.reader(path, recording: label != nil)
            if !request.filter.isEmpty { try reader.setFilter(request.filter) }
            pane = .file(reader, label: label)
            paneRequest = request
            paneCount = 0
            let shownLabel = label ?? "reading from file \(path)"
            return [.capture(.started(CaptureStart(role: .pane, linkType: reader.linkType, source: path,
                                                   recordingLabel: shownLabel, request: request, host: .system())))]
        } catch {
            return [failure(.pane, error)]
        }
    }

    private func readLive(_ capture: LiveCapture) -> [Event] {
        let room = remainingCount.map { min($0, Self.batch) } ?? Self.batch
        do {
            return deliver(try capture.copies(limit: room))
        } catch {
            return stopPane(reason: "") + [failure(.pane, error)]
        }
    }

    private func readFile(_ reader: PcapFileReader) -> [Event] {
        var packets: [CapturedPacket] = []
        let room = remainingCount.map { min($0, Self.batch) } ?? Self.batch
        var more = true
        do {
            while more && packets.count < room {
                more = try reader.next { bytes, header in
                    packets.append(CapturedPacket(header: header, bytes: Array(bytes), number: 0))
                }
            }
        } catch {
            return deliver(packets) + stopPane(reason: "") + [failure(.pane, error)]
        }
        var events = deliver(packets)
        if !more, case .file? = pane { events += stopPane(reason: "end of the recording") }
        return events
    }

    /// Hands packets to `update` (or to the `-w` file), and stops at tcpdump's `-c` count.
    private func deliver(_ packets: [CapturedPacket]) -> [Event] {
        guard !packets.isEmpty else { return [] }
        paneCount += packets.count
        var events: [Event] = []
        if let writer {
            for packet in packets { try? writer.write(packet) }
        } else {
            events.append(.capture(.packets(packets, for: .pane)))
        }
        if let remaining = remainingCount, remaining <= 0 {
            events += stopPane(reason: "\(paneCount) packet\(paneCount == 1 ? "" : "s") (the -c count)")
        }
        return events
    }

    private var remainingCount: Int? {
        paneRequest?.count.map { $0 - paneCount }
    }

    private func stopPane(reason: String) -> [Event] {
        guard let current = pane else { return [] }
        var summary = reason
        if let writer {
            try? writer.close()
            let written = writer.packetsWritten
            summary = "\(written) packet\(written == 1 ? "" : "s") written to \(writer.path)" + (reason.isEmpty ? "" : "; \(reason)")
        }
        if case .live(let capture) = current { capture.close() }
        pane = nil
        paneRequest = nil
        writer = nil
        return [.capture(.stopped(.pane, reason: summary))]
    }

    // MARK: The checks' quiet capture

    private func openWatch() -> [Event] {
        guard watch == nil, !watchFailed else { return [] }
        do {
            // The checks read headers and the first words of a payload; 8 KiB per packet
            // keeps a 64 KiB loopback flood cheap to watch. A 32 MiB ring (some 3,800 frames
            // of 8 KiB) rides out a burst of other programs' loopback traffic (hundreds of
            // connections at once) while the loop is busy drawing, so the one packet a step
            // waits for is not dropped.
            let capture = try LiveCapture(interface: InterfaceNames.loopback, filter: "tcp or udp", snapshotLength: 8192,
                                          bufferSize: 32 << 20)
            watch = capture
            openCable(linkType: capture.linkType)
            return [.capture(.started(CaptureStart(role: .watch, linkType: capture.linkType, source: capture.interface)))]
        } catch {
            watchFailed = true
            return [failure(.watch, error)]
        }
    }

    private func readWatch(_ capture: LiveCapture) -> [Event] {
        do {
            let packets = try capture.copies(limit: Self.batch)
            return packets.isEmpty ? [] : [.capture(.packets(packets, for: .watch))]
        } catch {
            capture.close()
            watch = nil
            return [failure(.watch, error)]
        }
    }

    /// The cable's quiet capture, beside the loopback's and read as its packets are (the
    /// same link type, so one decoder serves both). Where it cannot open, the checks still
    /// see the loopback: nothing to tell the learner.
    private func openCable(linkType: LinkType) {
        guard let cableInterface, cable == nil,
              let capture = try? LiveCapture(interface: cableInterface, filter: "tcp or udp", snapshotLength: 8192,
                                             bufferSize: 8 << 20) else { return }
        guard capture.linkType == linkType else { capture.close(); return }
        cable = capture
    }

    private func readCable(_ capture: LiveCapture) -> [Event] {
        guard let packets = try? capture.copies(limit: Self.batch) else {
            capture.close()
            cable = nil
            return []
        }
        return packets.isEmpty ? [] : [.capture(.packets(packets, for: .watch))]
    }

    private func failure(_ role: CaptureRole, _ error: any Error) -> Event {
        let capture = error as? CaptureError
        let lines = (capture?.message ?? "\(error)").split(separator: "\n").map(String.init)
        var needsPermission = false
        if case .permissionDenied? = capture { needsPermission = true }
        return .capture(.failed(role, lines, needsPermission: needsPermission))
    }
}

extension LiveCapture {
    /// The packets waiting now (at most `limit`), copied out of libpcap's buffer so they
    /// can travel in events.
    func copies(limit: Int) throws(CaptureError) -> [CapturedPacket] {
        var packets: [CapturedPacket] = []
        try readAvailable(limit: limit) { bytes, header in
            packets.append(CapturedPacket(header: header, bytes: Array(bytes), number: 0))
        }
        return packets
    }
}
