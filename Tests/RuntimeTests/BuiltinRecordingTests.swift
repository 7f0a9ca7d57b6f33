import Capture
import CaptureCore
import Foundation
import Runtime
import Testing
import Tutor

/// A lesson's recording built into porttutor (`builtin:NAME`) replays from memory through
/// libpcap, packet for packet as the file does; a path the learner types stays a path.
@Suite struct BuiltinRecordingTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons/tls-on-loopback.pcap").path

    @Test func theBuiltInRecordingReplaysAsTheFileDoes() throws {
        let source = CaptureSource()
        defer { source.shutDown() }
        var events = source.perform(.replay(path: "builtin:tls-on-loopback.pcap", label: "TLS"), now: .zero)
        var replayed: [[UInt8]] = []
        var started = false
        for _ in 0..<100 {
            for event in events {
                if case .capture(.started(let start)) = event { started = start.recordingLabel == "TLS" }
                if case .capture(.failed(_, let lines, _)) = event { Issue.record("the replay failed: \(lines)") }
                if case .capture(.packets(let packets, _)) = event { replayed += packets.map(\.bytes) }
            }
            guard source.nextDeadline != nil else { break }
            events = source.deadlineReached(now: .zero)
        }
        #expect(started)
        let reader = try PcapFileReader(path: Self.shipped)
        var onDisk: [[UInt8]] = []
        while try reader.next({ bytes, _ in onDisk.append(Array(bytes)) }) {}
        #expect(!onDisk.isEmpty)
        #expect(replayed == onDisk)
    }

    @Test func aTypedPathIsAlwaysAFile() {
        let source = CaptureSource()
        defer { source.shutDown() }
        let request = CaptureRequest(source: .file("builtin:tls-on-loopback.pcap"))
        let events = source.perform(.start(request), now: .zero)
        guard case .capture(.failed(.pane, let lines, _))? = events.first else {
            Issue.record("tcpdump -r builtin:… opened something: \(events)")
            return
        }
        #expect(lines.first?.contains("builtin:tls-on-loopback.pcap") == true, "\(lines)")
    }

    @Test func aBrokenInMemoryCaptureIsAnErrorNotACrash() {
        #expect(throws: CaptureError.self) { try PcapFileReader(bytes: Array("not a pcap".utf8), name: "builtin:x.pcap") }
        #expect(throws: CaptureError.self) { try PcapFileReader(bytes: [], name: "builtin:empty.pcap") }
    }
}
