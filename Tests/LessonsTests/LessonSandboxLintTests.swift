import Foundation
import Testing
@testable import LessonFiles
@testable import Lessons

/// `lint` refuses a `perform` line that would reach beyond the loopback or write a file
/// anywhere but the session folder, at the line's own FILE:LINE:COLUMN.
@Suite struct LessonSandboxLintTests {
    static func load(_ perform: String) -> LessonLoader.Result {
        let yaml = """
            id: harm
            title: Harm
            summary: Perform lines that reach too far.
            steps:
              - id: only
                title: Only
                pane: client
                text: Do it.
                perform:
            \(perform)
                checks:
                  - connected: 8080
                hints: [none]
            """
        return LessonLoader.load(yaml: yaml, displayPath: "harm.yaml", url: URL(fileURLWithPath: "/tmp/harm.yaml"))
    }

    @Test func linesThatReachTooFarAreErrorsAtTheirPlace() {
        let result = Self.load("""
                  - curl http://example.com/
                  - {pane: listener, type: nc -l -s 0.0.0.0 8080}
                  - {pane: packets, type: tcpdump -w /home/me/.bashrc}
                  - {pane: packets, type: tcpdump -i eth0}
                  - {pane: packets, type: save ../x.pcap}
                  - {pane: packets, type: save! x.pcap}
                  - telnet localhost 8080
                  - {pane: packets, type: tcpdump -i lo -w chat.pcap}
                  - {pane: packets, type: save chat.pcap}
            """)
        let errors = result.errors.map(\.description)
        #expect(errors.count == 6, "\(errors)")
        let expected = [
            "harm.yaml:10:9: `curl http://example.com/` is not allowed in `perform`: a lesson may connect only to the loopback",
            "harm.yaml:11:32: `nc -l -s 0.0.0.0 8080` is not allowed in `perform`: a lesson may listen only on the loopback",
            "harm.yaml:12:31: `tcpdump -w /home/me/.bashrc` is not allowed in `perform`: a lesson may name only a plain file name",
            "harm.yaml:13:31: `tcpdump -i eth0` is not allowed in `perform`: a lesson may capture only on lo or lo0",
            "harm.yaml:14:31: `save ../x.pcap` is not allowed in `perform`: a lesson may name only a plain file name",
            "harm.yaml:15:31: `save! x.pcap` is not allowed in `perform`: a lesson may not force an overwrite",
        ]
        for prefix in expected {
            #expect(errors.contains { $0.hasPrefix(prefix) }, "missing \(prefix) in \(errors)")
        }
    }

    /// A `needs: lab` lesson may reach the lab's cable as well; any other lesson may not.
    @Test func aLabLessonMayReachTheLabsSecondComputer() {
        func load(needsLab: Bool) -> [String] {
            let yaml = """
                id: lab
                title: Lab
                summary: The second computer.
                \(needsLab ? "needs: lab" : "")
                steps:
                  - id: only
                    title: Only
                    pane: client
                    text: Call it.
                    perform:
                      - nc server.lab 80
                      - {pane: listener, type: nc -l -s 10.0.0.1 8080}
                      - {pane: packets, type: tcpdump -i lab0}
                      - telnet 10.0.1.9 80
                    checks:
                      - connected: 80
                    hints: [none]
                """
            return LessonLoader.load(yaml: yaml, displayPath: "lab.yaml", url: URL(fileURLWithPath: "/tmp/lab.yaml"))
                .errors.map(\.description)
        }
        let inLab = load(needsLab: true)
        #expect(inLab.count == 1 && inLab[0].contains("`telnet 10.0.1.9 80` is not allowed"), "\(inLab)")
        #expect(load(needsLab: false).count == 4)
    }

    /// Every address and every interface are the lab's alone in the lab, so a `needs: lab`
    /// lesson may listen on `0.0.0.0` (or `::`) and capture on `any` there; the same lines
    /// stay errors in any other lesson.
    @Test func onlyALabLessonMayListenOnEveryAddressAndCaptureOnAny() {
        func errors(needsLab: Bool) -> [String] {
            let yaml = """
                id: every-address
                title: Every address
                summary: Listen where the second computer can call.
                \(needsLab ? "needs: lab" : "")
                steps:
                  - id: only
                    title: Only
                    pane: listener
                    text: Listen on every address.
                    perform:
                      - nc -l -s 0.0.0.0 8080
                      - nc -l 0.0.0.0 8080
                      - "nc -lk -s :: 8080"
                      - {pane: packets, type: tcpdump -nn -i any port 8080}
                      - {pane: packets, type: tcpdump -i eth0}
                      - {pane: listener, type: nc -l -s 192.0.2.1 8080}
                    checks:
                      - listening: 8080
                    hints: [none]
                """
            return LessonLoader.load(yaml: yaml, displayPath: "every.yaml", url: URL(fileURLWithPath: "/tmp/every.yaml"))
                .errors.map(\.description)
        }
        let lab = errors(needsLab: true)
        #expect(lab.count == 2, "\(lab)")
        #expect(lab.contains { $0.contains("`tcpdump -i eth0` is not allowed") }, "\(lab)")
        #expect(lab.contains { $0.contains("`nc -l -s 192.0.2.1 8080` is not allowed") }, "\(lab)")
        let outside = errors(needsLab: false)
        #expect(outside.count == 6, "\(outside)")
        for line in ["nc -l -s 0.0.0.0 8080", "nc -l 0.0.0.0 8080", "nc -lk -s :: 8080", "tcpdump -nn -i any port 8080"] {
            #expect(outside.contains { $0.contains("`\(line)` is not allowed") }, "\(line) outside the lab: \(outside)")
        }
    }

    @Test func everyShippedLessonStaysInside() {
        let report = LessonLinter.lint(paths: [TestPaths.shippedLessons.path])
        #expect(report.errors.isEmpty, "\(report.errors.map(\.description))")
    }
}
