import Foundation
@testable import Runtime
import Testing

/// The asciicast v2 writer: every line JSON that a parser reads back to the exact text the
/// terminal received, control bytes escaped, characters cut between writes joined, and
/// bytes that are not UTF-8 replaced as asciinema does.
@Suite struct AsciicastTests {
    /// One event line, parsed as JSON.
    private func event(_ line: [UInt8]?) throws -> [Any] {
        let bytes = try #require(line)
        #expect(bytes.last == 0x0A && !bytes.dropLast().contains(0x0A), "one line")
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [Any])
    }

    @Test func headerIsVersionTwoWithSizeTimeEnvAndTitle() throws {
        let line = AsciicastEncoder.header(width: 64, height: 20, timestamp: 1_700_000_000, term: "xterm-256color",
                                           shell: "/bin/bash", title: "porttutor --demo \"http\"")
        let header = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(header["version"] as? Int == 2 && header["width"] as? Int == 64 && header["height"] as? Int == 20)
        #expect(header["timestamp"] as? Int == 1_700_000_000)
        #expect((header["env"] as? [String: String]) == ["TERM": "xterm-256color", "SHELL": "/bin/bash"])
        #expect(header["title"] as? String == "porttutor --demo \"http\"")
        #expect(RecordingRelay.isAsciicastHeader(line))
    }

    @Test func everyControlByteIsEscapedAndReadsBackExactly() throws {
        var encoder = AsciicastEncoder()
        let bytes = (0..<0x20).map(UInt8.init) + [0x7F] + Array("\"\\/ é ─ 日本 😀".utf8)
        let output = encoder.output(bytes, at: 1.5)
        let line = try #require(output)
        let text = String(decoding: line, as: UTF8.self)
        #expect(!line.dropLast().contains { $0 < 0x20 || $0 == 0x7F }, "no raw control byte in the file: \(text)")
        #expect(text.contains("\\u001b") && text.contains("\\u0000") && text.contains("\\u007f") && text.contains("\\n"))
        let parsed = try event(line)
        #expect(parsed[0] as? Double == 1.5 && parsed[1] as? String == "o")
        #expect(Array((parsed[2] as? String ?? "").utf8) == bytes, "the exact bytes come back")
        #expect(text.hasPrefix("[1.500000, \"o\", "))
    }

    @Test func aCharacterCutBetweenTwoWritesIsJoined() throws {
        var encoder = AsciicastEncoder()
        let all = Array("a─b😀".utf8)  // ─ is 3 bytes, 😀 4
        // Split at every place: the first part, then the rest.
        for cut in 1..<all.count {
            var text = ""
            for part in [all[..<cut], all[cut...]] {
                if let line = encoder.output(part, at: 0) { text += try event(line)[2] as? String ?? "" }
            }
            #expect(text == "a─b😀", "cut at \(cut): \(text.debugDescription)")
        }
    }

    @Test func bytesThatAreNotUTF8BecomeReplacementCharacters() throws {
        var encoder = AsciicastEncoder()
        // A stray continuation byte, an overlong form, a lone lead before ASCII, 0xFF.
        let output = encoder.output([0x41, 0x80, 0xC0, 0xAF, 0xE2, 0x41, 0xFF, 0x42], at: 0)
        let line = try #require(output)
        let text = try event(line)[2] as? String
        #expect(text?.hasPrefix("A\u{FFFD}") == true && text?.hasSuffix("\u{FFFD}B") == true, "\(text.debugDescription)")
        #expect(text?.contains("A\u{FFFD}") == true && !(text?.unicodeScalars.contains { $0.value < 0x20 } ?? true))
        // A lead byte at the very end waits; at the end of the recording it is given as U+FFFD.
        let unfinished = encoder.output([0xE2, 0x94], at: 1)
        #expect(unfinished == nil)
        let rest = encoder.finish(at: 2)
        #expect(try event(rest)[2] as? String == "\u{FFFD}")
        let nothing = encoder.finish(at: 3)
        #expect(nothing == nil)
    }

    @Test func resizeEventsAndTimes() throws {
        let parsed = try event(AsciicastEncoder.resize(columns: 160, rows: 45, at: 12.0000004))
        #expect(parsed[1] as? String == "r" && parsed[2] as? String == "160x45")
        #expect(AsciicastEncoder.time(0.000001) == "0.000001" && AsciicastEncoder.time(61.25) == "61.250000")
    }

    @Test func anExistingFileIsReplacedOnlyWhenItIsARecordingOrForced() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dpres-cast-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cast = folder.appendingPathComponent("class.cast").path
        let notes = folder.appendingPathComponent("notes.txt").path
        try RecordingRelay.checkTarget(cast, force: false)  // does not exist
        try Data(AsciicastEncoder.header(width: 80, height: 24, timestamp: 0, term: nil, shell: nil, title: "t")).write(to: URL(fileURLWithPath: cast))
        try RecordingRelay.checkTarget(cast, force: false)  // a recording: recorded again
        try Data("my lesson plan\n".utf8).write(to: URL(fileURLWithPath: notes))
        do {
            try RecordingRelay.checkTarget(notes, force: false)
            Issue.record("would write over notes.txt")
        } catch {
            #expect("\(error)".contains("is not an asciicast recording") && "\(error)".contains("--force"))
        }
        try RecordingRelay.checkTarget(notes, force: true)
        #expect(throws: (any Error).self) { try RecordingRelay.checkTarget(folder.path, force: false) }
    }
}
