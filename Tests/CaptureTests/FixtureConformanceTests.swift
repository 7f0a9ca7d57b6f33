@testable import Capture
@testable import CaptureCore
import ToolCommands
import Foundation
import Testing

/// The printer against the real tcpdump's stored output for the committed fixtures in
/// Tests/CaptureFixtures (real DNS, ping, ping -6 and arping traffic recorded in a network
/// namespace, the same packets under every link type, cut-short and lying packets), line
/// for line. Regenerate with Tests/CaptureFixtures/make-fixtures.sh; tcpdump is not needed
/// to run this test.
@Suite struct FixtureConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("CaptureFixtures")

    /// `name|flags` lines: which tcpdump output file holds which flags.
    static var flagSets: [(name: String, flags: [String])] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("flag-sets.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), parts[1].split(separator: " ").map(String.init))
        }
    }

    static var captures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".pcap") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// What porttutor prints for one fixture with tcpdump's flags, in UTC as the stored
    /// output was made, with the namespace's interface 1 named `lo`.
    static func ours(_ capture: String, flags: [String]) throws -> String {
        let request = try TcpdumpCommandLine.parse(arguments: ["tcpdump"] + flags)
        let reader = try PcapFileReader(path: folder.appendingPathComponent(capture + ".pcap").path)
        var printer = TcpdumpPrinter(linkType: reader.linkType, options: request.options, names: .numeric,
                                     host: HostFacts(secondsEastOfUTC: 0, interfaceNames: [1: "lo"]))
        let buffer = OutputBuffer(capacity: 1 << 16)
        while try reader.next({ bytes, header in printer.print(bytes, header: header, to: buffer) }) {}
        return buffer.string
    }

    @Test func everyFixturePrintsAsTheStoredTcpdumpOutput() throws {
        #expect(Self.captures.count >= 9, "fixtures missing in \(Self.folder.path)")
        #expect(Self.flagSets.count >= 6)
        var compared = 0
        for capture in Self.captures {
            for set in Self.flagSets {
                let expectedPath = Self.folder.appendingPathComponent("\(capture).\(set.name).txt").path
                let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
                let printed = try Self.ours(capture, flags: set.flags)
                let a = printed.split(separator: "\n", omittingEmptySubsequences: false)
                let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
                var shown = 0
                for (i, (x, y)) in zip(a, b).enumerated() where x != y {
                    shown += 1
                    if shown <= 2 { Issue.record("\(capture) \(set.flags.joined(separator: " ")) line \(i + 1):\nours:    \(x)\ntcpdump: \(y)") }
                }
                if shown > 2 { Issue.record("\(capture) \(set.flags.joined(separator: " ")): \(shown) lines differ") }
                #expect(a.count == b.count, "\(capture) \(set.flags): \(a.count) lines printed, tcpdump printed \(b.count)")
                compared += b.count
            }
        }
        #expect(compared > 5000)
    }

    /// Every fixture packet (DNS, ARP, ICMP, ICMPv6 neighbour discovery, under every link
    /// type), with bytes changed at random and cut at random, under every flag set: the
    /// printer neither crashes nor lets an unsafe byte out.
    @Test func mutatedFixturePacketsNeverCrashTheDecoders() throws {
        var rng = SystemRandomNumberGenerator()
        let out = OutputBuffer(capacity: 1 << 16)
        for capture in Self.captures where capture != "truncated" {
            let reader = try PcapFileReader(path: Self.folder.appendingPathComponent(capture + ".pcap").path)
            var frames: [[UInt8]] = []
            while try reader.next({ bytes, _ in frames.append(Array(bytes)) }) {}
            for set in Self.flagSets {
                let request = try TcpdumpCommandLine.parse(arguments: ["tcpdump"] + set.flags)
                var printer = TcpdumpPrinter(linkType: reader.linkType, options: request.options)
                for frame in frames {
                    for _ in 0..<12 {
                        var m = frame
                        for _ in 0..<Int.random(in: 1...6, using: &rng) {
                            m[Int.random(in: 0..<m.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                        }
                        let cut = Int.random(in: 1...m.count, using: &rng)
                        let header = PacketHeader(seconds: 0, microseconds: 0, capturedLength: cut, wireLength: m.count)
                        m.prefix(cut).withUnsafeBytes { printer.print($0, header: header, to: out) }
                    }
                }
                #expect(out.bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 }, "\(capture) \(set.flags)")
                out.removeAll()
            }
        }
    }

    /// The stored output is what the installed tcpdump prints today, when it is installed
    /// (so the fixtures cannot drift from the real thing unnoticed).
    @Test func storedOutputIsTheInstalledTcpdumps() throws {
        guard let tcpdump = tcpdumpPath else { return }
        for capture in Self.captures {
            for set in Self.flagSets where set.name == "nn" || set.name == "nn-v" {
                let path = Self.folder.appendingPathComponent(capture + ".pcap").path
                let live = try #require(runWithEnvironment(tcpdump, set.flags + ["-r", path], ["TZ": "UTC"])).output
                let stored = try String(contentsOfFile: Self.folder.appendingPathComponent("\(capture).\(set.name).txt").path, encoding: .utf8)
                #expect(live == stored, "\(capture) \(set.flags)")
            }
        }
    }
}

/// `porttutor capture` itself: the same parser as the pane, help still reachable.
@Suite struct CaptureCommandTests {
    static var binary: String? {
        let directory = URL(fileURLWithPath: currentExecutablePath()).deletingLastPathComponent()
        return [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("porttutor").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func helpIsShownAndUnsupportedRepeatsAreRefused() throws {
        guard let binary = Self.binary else { return }
        let help = try #require(run(binary, ["capture", "--help"]))
        #expect(help.status == 0 && help.output.contains("USAGE: porttutor capture"), "\(help.output)")
        let refused = try #require(run(binary, ["capture", "-vvv", "-r", "none.pcap"]))
        #expect(refused.status != 0)
        let printed = try #require(run(binary, ["capture", "-nn", "-e", "-c", "2", "-r",
                                               FixtureConformanceTests.folder.appendingPathComponent("veth.pcap").path]))
        #expect(printed.output.split(separator: "\n").count == 2 && printed.output.contains("ethertype ARP (0x0806)"), "\(printed.output)")
    }
}
