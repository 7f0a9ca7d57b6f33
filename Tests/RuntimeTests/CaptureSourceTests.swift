import ToolCommands
import SocketsCore
import Capture
import CaptureCore
import Foundation
import Runtime
import Testing
import Tutor

/// The Packets pane's `save FILE`: the packets it holds, written as a pcap file that
/// libpcap (and so tcpdump and Wireshark) reads back.
@Suite struct CaptureSourceTests {
    @Test func savedPacketsReadBackWithLibpcap() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-save-\(getpid()).pcap").path
        defer { unlink(path) }
        let frame: [UInt8] = Array(repeating: 0, count: 12) + [0x08, 0x00]
            + [0x45, 0, 0, 20, 0, 1, 0x40, 0, 64, 17, 0, 0, 127, 0, 0, 1, 127, 0, 0, 1]
        let packets = (1...3).map { CapturedPacket(header: PacketHeader(seconds: Int64($0), microseconds: 0, capturedLength: frame.count, wireLength: frame.count), bytes: frame, number: $0) }
        let source = CaptureSource()
        let events = source.perform(.save(path: path, packets: packets, linkType: .ethernet), now: .zero)
        guard case .capture(.saved(let saved, let count))? = events.first else {
            Issue.record("no saved report: \(events)")
            return
        }
        #expect(saved == path && count == 3)
        let reader = try PcapFileReader(path: path)
        var read = 0
        while try reader.next({ bytes, _ in #expect(Array(bytes) == frame) }) { read += 1 }
        #expect(read == 3)
        #expect(reader.linkType == .ethernet)
    }

    @Test func aFolderThatDoesNotExistIsReportedNotFatal() {
        let events = CaptureSource().perform(.save(path: "/nonexistent-folder/x.pcap", packets: [], linkType: .ethernet), now: .zero)
        guard case .capture(.failed(.pane, let lines, _))? = events.first else {
            Issue.record("no failure: \(events)")
            return
        }
        #expect(lines.first?.contains("/nonexistent-folder/x.pcap") == true, "\(lines)")
    }
}
