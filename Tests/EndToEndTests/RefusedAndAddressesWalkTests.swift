import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Lessons 10 and 11, which need the lab, walked in `porttutor --lab` at 80x24 by an
/// ordinary user as a newcomer types them: commands in the panes, a mistake and its
/// feedback, a hint, the on-your-own step without F4, the recap. The lab is a private
/// network, so the lessons keep their own ports. Outside the lab, the same lessons say
/// what they need and how to get on.
@Suite(.serialized, .enabled(if: LabFixture.learnerMayMakeUserNamespaces, "this machine refuses user namespaces to ordinary users (see `porttutor --lab`'s message)"))
struct RefusedAndAddressesWalkTests {
    static func walk(_ lesson: String, in lab: LabFixture) throws -> LearnerWalk {
        let session = try TmuxSession(["--lab", "--lessons", lab.lessons, lesson, "--next-step-delay", "60"],
                                      columns: 80, rows: 24, environment: lab.environment,
                                      launcher: lab.launcher, binary: lab.binary)
        return try LearnerWalk(session: session, lessons: URL(fileURLWithPath: lab.lessons))
    }

    /// Waits until `command` run in the lab (on `host`) prints what `condition` wants.
    static func waitForLab(_ lab: LabFixture, _ command: [String], on host: String = "lab", _ description: String,
                           sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        var last = ""
        while Date() < deadline {
            last = try lab.shell(command, on: host).output
            if condition(last) { return }
            usleep(100_000)
        }
        Issue.record("never: \(description); last: \(last)", sourceLocation: sourceLocation)
        throw TmuxError(message: "never: \(description)")
    }

    // MARK: Lesson 10

    @Test func lesson10RefusedOrDropped() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let walk = try Self.walk("refused-or-dropped", in: lab)
        defer { walk.finish() }
        let l = walk.tmux
        try l.waitFor(text: "in the lab")

        // 1. A hint first, then tcpdump on every interface (allowed to a lab lesson).
        try walk.heading(1, of: 7, "Watch the cable")
        try l.focus(.lesson)
        try l.send("F3")
        try walk.lesson(contains: "Hint 1/1: Type tcpdump -nn -i any host 10.0.0.2 in the Packets pane.")
        try l.run("tcpdump -nn -i any host 10.0.0.2", in: .packets)
        try l.waitFor(.packets, contains: "listening on any")
        try walk.stepDone("Watch the cable")

        // 2. A closed port: refused at once; the reset came over the cable.
        try walk.heading(2, of: 7, "A closed port")
        try l.run("nc -v server.lab 8080", in: .client)
        try l.waitFor(.client, contains: "Connection refused")
        try walk.stepDone("A closed port", check: "server.lab's kernel answers your SYN with a reset")

        try walk.heading(3, of: 7, "What came back")
        try l.focus(.lesson)
        try l.type("a"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: a. A SYN-ACK comes only from a port where a program listens.")
        try walk.answer("b", expect: "✔ Right. Answered b.")

        // 4. The lesson's nft rule on server.lab, never on the host; the SYN resent, then nc gives up.
        try walk.heading(4, of: 7, "A port a firewall drops")
        try Self.waitForLab(lab, ["nft", "list", "ruleset"], on: "server", "the lesson's rule on server.lab") {
            $0.contains("table inet firewall") && $0.contains("tcp dport { 443, 8081 } drop")
        }
        #expect(!(try Command.run(["nft", "list", "ruleset"]).output.contains("table inet firewall")),
                "the rule is the lab's alone")
        try l.run("nc -v -w 20 server.lab 8081", in: .client)
        try l.waitFor(.client, contains: "Connection timed out", seconds: 40)
        try walk.stepDone("A port a firewall drops", check: "your client waits in SYN-SENT, with no answer")
        try l.focus(.packets)
        try l.send("F2")
        try l.waitFor("the SYN sent again and again") { screen in
            screen.components(separatedBy: "> 10.0.0.2.8081: Flags [S]").count - 1 >= 3
        }
        try l.send("F2")

        try walk.heading(5, of: 7, "Growing gaps")
        try l.focus(.lesson)
        try l.type("a"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: a. Look at the last")
        try walk.answer("b", expect: "✔ Right. Answered b.")

        try walk.heading(6, of: 7, "A firewall can refuse, too")
        try l.run("nc -v server.lab 8082", in: .client)
        try l.waitFor(.client, contains: "Connection refused")
        try walk.stepDone("A firewall can refuse, too", check: "the firewall answers with a reset")

        // 7. On your own: three seconds on 443, a wrong guess, then the right one.
        try walk.heading(7, of: 7, "On your own: closed or firewalled?")
        try l.run("nc -v -w 3 server.lab 443", in: .client)
        try l.waitFor(.client, contains: "Connection timed out")
        try l.focus(.lesson)
        try l.type("refused"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: refused. A refusal comes at once")
        try l.type("dropped"); try l.send("Enter")
        try walk.lesson(contains: "✔ Right.", "Press Enter (or F5) for the recap.")
        try walk.recap(lesson: "Refused, or nobody answers?", did: "Met a closed port's instant reset",
                       commands: "nc -v -w 3 server.lab 443", idea: "A refusal comes at once")

        // The next lesson begins: the rule is deleted from server.lab.
        try l.send("Enter")
        try walk.heading(1, of: 7, "Listen on the loopback")
        try Self.waitForLab(lab, ["nft", "list", "ruleset"], on: "server", "the rule gone once the lesson ended") {
            !$0.contains("table inet firewall")
        }
    }

    // MARK: Lesson 11

    @Test func lesson11LoopbackOrAllAddresses() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let walk = try Self.walk("loopback-or-all-addresses", in: lab)
        defer { walk.finish() }
        let l = walk.tmux
        try l.waitFor(text: "in the lab")

        try walk.heading(1, of: 7, "Listen on the loopback")
        try l.run("nc -l 8080", in: .listener)
        try l.waitFor(.listener, contains: "Listening on 127.0.0.1 8080")
        try walk.stepDone("Listen on the loopback")

        // 2. server.lab's calls turned away, though something listens on 8080.
        try walk.heading(2, of: 7, "Turned away")
        try l.run("tcpdump -nn -i any port 8080", in: .packets)
        try l.waitFor(.packets, contains: "> 10.0.0.2.")
        try walk.stepDone("Turned away", check: "this computer turns server.lab's call away with a reset")

        try walk.heading(3, of: 7, "The Local Address column")
        try l.run("ss -tln", in: .connections)
        try l.waitFor(.connections, "the loopback listener's row") { $0.hasRow(["LISTEN", "127.0.0.1:8080"]) }
        try l.focus(.lesson)
        try l.type("10.0.0.1"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 10.0.0.1. That is a cable address.")
        try walk.answer("127.0.0.1", expect: "✔ Right.")

        // 4. Every address: server.lab's next hello gets through.
        try walk.heading(4, of: 7, "Listen on every address")
        try l.focus(.listener)
        try l.send("C-c")
        try l.waitFor(.listener, contains: "(stopped listening)")
        try l.typeLine("nc -lk -s 0.0.0.0 8080")
        try l.waitFor(.listener, contains: "hello from server.lab", seconds: 25)
        try walk.stepDone("Listen on every address", check: "server.lab's hello arrives")
        #expect(try lab.shell(["ss", "-tln"]).output.contains("0.0.0.0:8080"))

        try walk.heading(5, of: 7, "The wildcard in the table")
        try l.run("ss -tln", in: .connections)
        try l.waitFor(.connections, "the wildcard row") { $0.hasRow(["LISTEN", "0.0.0.0:8080"]) }
        try l.focus(.lesson)
        try l.type("127.0.0.1:8080"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: 127.0.0.1:8080. That was before.")
        try walk.answer("0.0.0.0:8080", expect: "✔ Right.")

        try walk.heading(6, of: 7, "Why containers listen on 0.0.0.0")
        try l.type("a"); try l.send("Enter")
        try walk.lesson(contains: "✘ Not quite: a. That is the container's own loopback.")
        try walk.answer("b", expect: "✔ Right. Answered b.")

        // 7. On your own: the cable's address alone, on 9090.
        try walk.heading(7, of: 7, "On your own: only the cable")
        try l.focus(.listener)
        try l.send("C-c")
        try l.waitFor(.listener, contains: "(stopped listening)")
        try l.typeLine("nc -l -s 10.0.0.1 9090")
        try walk.lesson(contains: "✔ Done: On your own: only the cable", "The recap in")
        let table = try lab.shell(["ss", "-tan"]).output
        #expect(!table.contains("127.0.0.1:9090") && !table.contains("0.0.0.0:9090"), "only the cable's address: \(table)")
        try walk.recap(lesson: "127.0.0.1, 0.0.0.0 and the other computer", did: "Listened on 0.0.0.0 and let server.lab in.",
                       commands: "nc -lk -s 0.0.0.0 8080", idea: "The address a server binds decides who can reach it")
    }

    // MARK: Show me

    /// Both lessons done by "show me" (F4) on the real engine in the lab, one after the
    /// other as the walkthrough goes: every line the lessons type passes the lab
    /// lesson's sandbox (`-i any`, `-s 0.0.0.0`), and every check ticks from what really
    /// happened. Questions are answered as a learner types them.
    @Test func showMeCompletesBothLabLessons() throws {
        let lab = try LabFixture()
        defer { lab.remove() }
        let walk = try Self.walk("refused-or-dropped", in: lab)
        defer { walk.finish() }
        let l = walk.tmux
        func showMe(_ title: String, onYourOwn: Bool = false) throws {
            try l.focus(.lesson)
            try l.send("F4")
            if onYourOwn {
                try l.waitFor(text: "F4 again to see it done")
                try l.send("F4")
            }
            try walk.lesson(contains: "✔ Done: \(title)")
        }
        func next() throws {
            try l.focus(.lesson)
            try l.send("Enter")
        }

        try walk.heading(1, of: 7, "Watch the cable")
        try showMe("Watch the cable"); try next()
        try walk.heading(2, of: 7, "A closed port")
        try showMe("A closed port"); try next()
        try walk.heading(3, of: 7, "What came back")
        try walk.answer("b", expect: "✔ Right.")
        try walk.heading(4, of: 7, "A port a firewall drops")
        try showMe("A port a firewall drops")
        try l.waitFor(.client, contains: "Connection timed out", seconds: 40)
        try next()
        try walk.heading(5, of: 7, "Growing gaps")
        try walk.answer("b", expect: "✔ Right.")
        try walk.heading(6, of: 7, "A firewall can refuse, too")
        try showMe("A firewall can refuse, too"); try next()
        try walk.heading(7, of: 7, "On your own: closed or firewalled?")
        try l.focus(.lesson)
        try l.send("F4")
        try l.waitFor(text: "F4 again to see it done")
        try l.send("F4")
        try l.waitFor(.client, contains: "Connection timed out")
        try l.focus(.lesson)
        try l.type("dropped"); try l.send("Enter")
        try walk.lesson(contains: "✔ Right.", "Press Enter (or F5) for the recap.")
        try walk.recap(lesson: "Refused, or nobody answers?", did: "Met a closed port's instant reset",
                       commands: "nc -v server.lab 8080", idea: "A refusal comes at once")
        try l.send("Enter")

        try walk.heading(1, of: 7, "Listen on the loopback")
        try showMe("Listen on the loopback"); try next()
        try walk.heading(2, of: 7, "Turned away")
        try showMe("Turned away"); try next()
        try walk.heading(3, of: 7, "The Local Address column")
        try l.focus(.lesson)
        try l.send("F4")
        try l.waitFor(.connections, "the loopback listener's row") { $0.hasRow(["LISTEN", "127.0.0.1:8080"]) }
        try walk.answer("127.0.0.1", expect: "✔ Right.")
        try walk.heading(4, of: 7, "Listen on every address")
        try showMe("Listen on every address"); try next()
        try walk.heading(5, of: 7, "The wildcard in the table")
        try l.focus(.lesson)
        try l.send("F4")
        try l.waitFor(.connections, "the wildcard row") { $0.hasRow(["LISTEN", "0.0.0.0:8080"]) }
        try walk.answer("0.0.0.0:8080", expect: "✔ Right.")
        try walk.heading(6, of: 7, "Why containers listen on 0.0.0.0")
        try walk.answer("b", expect: "✔ Right.")
        try walk.heading(7, of: 7, "On your own: only the cable")
        try showMe("On your own: only the cable", onYourOwn: true)
        try walk.recap(lesson: "127.0.0.1, 0.0.0.0 and the other computer", did: "Listened on 127.0.0.1",
                       commands: "ss -tln", idea: "0.0.0.0 every network it is on")
    }

    // MARK: Without the lab

    /// A newcomer who reaches a lab lesson without `--lab` (the walkthrough's next lesson)
    /// is told, in the title and the status bar, how to get the lab or another lesson.
    @Test func outsideTheLabALabLessonSaysHowToGoOn() throws {
        let lessons = try LessonsCopy.make(tag: "lab-outside", ports: [:])
        defer { try? FileManager.default.removeItem(at: lessons) }
        let l = try TmuxSession(["refused-or-dropped", "--lessons", lessons.path, "--web-port", "18698"], columns: 80, rows: 24)
        try l.waitFor(text: "needs the lab · 10/")
        try l.waitFor(text: "Needs the lab: quit (F10), start `porttutor --lab`; or F7 for another lesson.")
        #expect(!(try l.screen().contains("in the lab")))
        try l.send("F7")
        try l.waitFor(text: "Lessons (type to filter")
    }
}
