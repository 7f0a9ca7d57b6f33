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

/// `tcpdump -w FILE` and `save FILE` replace a capture, never a file that is not one
/// unless forced (`--force`, `save!`), and never open a FIFO or a folder.
@Suite struct CaptureOverwriteTests {
    static let frame: [UInt8] = Array(repeating: 0, count: 14)
    static var packets: [CapturedPacket] {
        [CapturedPacket(header: PacketHeader(seconds: 1, microseconds: 0, capturedLength: frame.count, wireLength: frame.count),
                        bytes: frame, number: 1)]
    }

    func failure(_ events: [Event]) -> String? {
        guard case .capture(.failed(.pane, let lines, _))? = events.first else { return nil }
        return lines.joined(separator: " ")
    }

    @Test func saveRefusesToReplaceAFileThatIsNotACaptureUnlessForced() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-notes-\(getpid()).txt").path
        defer { unlink(path) }
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: path))
        let refused = failure(CaptureSource().perform(.save(path: path, packets: Self.packets, linkType: .ethernet), now: .zero))
        #expect(refused?.contains("exists and is not a packet capture") == true, "\(refused ?? "saved")")
        #expect(refused?.contains("save! \(path)") == true, "it says how to force it")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my notes\n", "the file is untouched")

        let forced = CaptureSource().perform(.save(path: path, packets: Self.packets, linkType: .ethernet, force: true), now: .zero)
        guard case .capture(.saved)? = forced.first else { Issue.record("save! did not save: \(forced)"); return }
        // Now it is a capture: a plain save replaces it, as tcpdump -w would.
        let again = CaptureSource().perform(.save(path: path, packets: Self.packets, linkType: .ethernet), now: .zero)
        guard case .capture(.saved)? = again.first else { Issue.record("a capture was not replaced: \(again)"); return }
    }

    @Test func tcpdumpWriteRefusesTheSameAndSaysHowToForce() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-rc-\(getpid())").path
        defer { unlink(path) }
        try Data("export PATH=/usr/bin\n".utf8).write(to: URL(fileURLWithPath: path))
        let request = try TcpdumpCommandLine.parse("tcpdump -i lo -w \(path)")
        let source = CaptureSource()
        defer { source.shutDown() }
        let refused = failure(source.perform(.start(request), now: .zero))
        #expect(refused?.contains("tcpdump -w \(path) --force") == true, "\(refused ?? "started")")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "export PATH=/usr/bin\n")
        #expect(try TcpdumpCommandLine.parse("tcpdump -w \(path) --force").overwrite)
    }

    @Test func aFifoOrAFolderIsNeverOpened() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porttutor-fifo-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let written = failure(CaptureSource().perform(.save(path: fifo, packets: Self.packets, linkType: .ethernet, force: true), now: .zero))
        #expect(written?.contains("is a FIFO, not a file") == true, "\(written ?? "saved")")
        let read = failure(CaptureSource().perform(.start(try TcpdumpCommandLine.parse("tcpdump -r \(fifo)")), now: .zero))
        #expect(read?.contains("is a FIFO, not a capture file") == true, "\(read ?? "read")")
        let intoFolder = failure(CaptureSource().perform(.save(path: folder.path, packets: Self.packets, linkType: .ethernet), now: .zero))
        #expect(intoFolder?.contains("is a folder, not a file") == true)
    }
}
