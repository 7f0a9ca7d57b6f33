import Foundation
import Testing

/// Each lesson done in a real terminal at 80x24 the way a newcomer does it: the commands
/// typed in the panes, a mistake or a wrong answer and the feedback for it, a hint asked
/// for, the right answers, Enter to move on, the on-your-own step done without F4, and the
/// recap at the end. Every step's heading, its ✔ and the pane it works in are read back
/// off the screen.
///
/// Ports: a copy of the shipped lessons with 8080, 8088 and 9090 moved to 18560, 18568 and
/// 18569 (no other suite uses them); one session at a time.
@Suite(.serialized) struct LearnerWalkEndToEndTests {
    static let listenPort = 18560
    static let webPort = 18568
    static let otherPort = 18569

    static func lessonsFolder() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons")
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("porttutor-walk-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            let source = root.appendingPathComponent(name)
            let target = folder.appendingPathComponent(name)
            if name.hasSuffix(".yaml") {
                let text = try String(contentsOf: source, encoding: .utf8)
                    .replacingOccurrences(of: "8080", with: "\(listenPort)")
                    .replacingOccurrences(of: "8088", with: "\(webPort)")
                    .replacingOccurrences(of: "9090", with: "\(otherPort)")
                try text.write(to: target, atomically: true, encoding: .utf8)
            } else if name.hasSuffix(".pcap") {
                try FileManager.default.copyItem(at: source, to: target)
            }
        }
        return folder
    }

    // MARK: Lesson 1

    @Test func lesson1WhatAPortIs() throws {
        let walk = try LearnerWalk("what-is-a-port")
        defer { walk.finish() }
        let l = walk.tmux

        // 1. A choice: a wrong one first, then a hint, then the right one.
        try walk.heading(1, of: 6, "An address and a port")
        try walk.lesson(contains: "Question: In that picture, which part plays the role of the port?",
                        "b) the extension number of one desk")
        try l.type("a"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: a. The phone number gets you to the office")
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/1: The port chooses one program among the many running on the same computer.")
        try walk.answer("b", expect: "✔ Right. Answered b.", "The address gets you to the machine; the port picks one program on it.")

        try walk.heading(2, of: 6, "Ports everyone agrees on")
        try walk.lesson(contains: "Question: Which port does a browser use for an http:// address that names no port?")
        try l.type("443"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 443. 443 goes with https://")
        try walk.answer("80", expect: "✔ Right. Answered 80.", "Port 80 has been HTTP's home")

        try walk.heading(3, of: 6, "And for HTTPS")
        try walk.answer("443", expect: "✔ Right. Answered 443.")

        try walk.heading(4, of: 6, "How many ports are there?")
        try l.type("65536"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 65536. 65536 is how many port numbers there are.")
        try walk.answer("65535", expect: "✔ Right. Answered 65535.")

        // 5. ss -tln in the Connections pane (focus follows the step), then the question.
        try walk.heading(5, of: 6, "Listening services")
        try l.waitFor(text: "▶4 Connections", seconds: 20)
        try l.typeLine("ss -tln")
        try l.waitFor(.connections, "the listening table") { pane in
            pane.rows.first == "$ ss -tln" && pane.hasRow(["LISTEN", "127.0.0.1:\(Self.webPort)"])
        }
        try l.focus(.lesson)
        try l.type("0"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 0. Port 0 is never listened on")
        try walk.answer("\(Self.webPort)", expect: "✔ Right. Yes: 127.0.0.1:\(Self.webPort) is listening (porttutor).")

        // 6. On your own: no command given, F3 not pressed, F4 never.
        try walk.heading(6, of: 6, "On your own")
        try walk.lesson(contains: "○ the table lists only the listening sockets",
                        "On your own: F3 gives a hint when you want one.")
        try l.run("ss -tln", in: .connections)
        try walk.lesson(contains: "✔ the table lists only the listening sockets", "✔ Done: On your own: only the listeners",
                        "The recap in")
        try walk.recap(lesson: "What a port is", did: "Met the two numbers that reach a program",
                       commands: "ss -tln", idea: "An address picks the computer; a port picks the program on it.")
    }
}

/// One learner's session: porttutor at 80x24 on a lesson of the moved copy.
final class LearnerWalk {
    let tmux: TmuxSession
    let lessons: URL
    /// Generous: the machine may be busy with other suites.
    let seconds: Double = 25

    init(_ lesson: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        lessons = try LearnerWalkEndToEndTests.lessonsFolder()
        tmux = try TmuxSession([lesson, "--lessons", lessons.path, "--web-port", "\(LearnerWalkEndToEndTests.webPort)"],
                               columns: 80, rows: 24)
        try tmux.waitFor("all five panes", seconds: seconds, sourceLocation: sourceLocation) { s in
            PanesEndToEndTests.titles.allSatisfy(s.contains)
        }
    }

    func finish() {
        try? tmux.send("F10")
        try? FileManager.default.removeItem(at: lessons)
    }

    /// The Lesson pane's rows joined with spaces, so wrapped sentences read whole.
    static func lessonText(_ screen: String) -> String? {
        TmuxSession.pane(.lesson, in: screen)?.joined
    }

    @discardableResult
    func lesson(contains texts: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let quoted = texts.map { "\"\($0)\"" }.joined(separator: ", ")
        let screen = try tmux.waitFor("\(quoted) in the Lesson pane", seconds: seconds, sourceLocation: sourceLocation) { s in
            guard let text = Self.lessonText(s) else { return false }
            return texts.allSatisfy(text.contains)
        }
        return Self.lessonText(screen) ?? ""
    }

    /// The step's heading on the Lesson pane's first row (a long title is cut at 80 columns).
    func heading(_ number: Int, of count: Int, _ title: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let wanted = "Step \(number)/\(count): \(title)"
        try tmux.waitFor("the heading \"\(wanted)\"", seconds: seconds, sourceLocation: sourceLocation) { s in
            guard let first = TmuxSession.pane(.lesson, in: s)?.rows.first else { return false }
            return first.hasPrefix(wanted) || (first.count >= 30 && wanted.hasPrefix(first.prefix(30)))
        }
    }

    /// Types an answer on the Lesson pane's answer line, expects it right, and presses Enter.
    func answer(_ text: String, expect: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        try tmux.focus(.lesson, sourceLocation: sourceLocation)
        try tmux.type(text)
        try tmux.send("Enter")
        let quoted = expect.map { "\"\($0)\"" }.joined(separator: ", ")
        try tmux.waitFor("\(quoted) and Press Enter", seconds: seconds, sourceLocation: sourceLocation) { s in
            guard let text = Self.lessonText(s) else { return false }
            return expect.allSatisfy(text.contains) && text.contains("Press Enter (or F5) for the next step.")
        }
        try tmux.send("Enter")
    }

    /// After a step's checks tick: its ✔ Done line and the countdown, then Enter from the
    /// Lesson pane moves on.
    func stepDone(_ title: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try lesson(contains: "✔ Done: \(title)", sourceLocation: sourceLocation)
        try tmux.focus(.lesson, sourceLocation: sourceLocation)
        try tmux.send("Enter")
    }

    /// The last step ticked; Enter shows the recap on the whole screen.
    func recap(lesson title: String, did: String, commands: String, idea: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        try tmux.focus(.lesson, sourceLocation: sourceLocation)
        try tmux.send("Enter")
        let screen = try tmux.waitFor("the recap of \(title)", seconds: seconds, sourceLocation: sourceLocation) { s in
            s.contains("You did") && s.contains("The idea to keep")
        }
        let flat = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for words in [title, "You did", did, "Commands", commands, "The idea to keep", idea] {
            #expect(flat.contains(words), "the recap shows \"\(words)\":\n\(screen)", sourceLocation: sourceLocation)
        }
    }
}
