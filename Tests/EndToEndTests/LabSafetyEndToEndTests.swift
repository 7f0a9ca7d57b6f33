import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A lesson's `start:` programs are the lesson's, not the learner's: whatever they run, the
/// learner's files stay as they were. They run in a box (every file read-only, their own
/// empty /tmp and home), yet their servers still answer the panes. Checked for the lab of an
/// ordinary user (`nobody` as root) and, when the tests run as root, for root's lab too,
/// where the program is root of the machine's files but for the box.
@Suite(.serialized, .enabled(if: LabFixture.learnerMayMakeUserNamespaces, "this machine refuses user namespaces to ordinary users (see `porttutor --lab`'s message)"))
struct LabSafetyEndToEndTests {
    static let runners: [String] = getuid() == 0 ? ["learner", "root"] : ["learner"]

    @Test(arguments: runners)
    func aStartProgramCannotTouchTheLearnersFilesButItsServerAnswers(runner: String) throws {
        // Outside /tmp, so the box's fresh /tmp does not hide these folders by chance: only
        // read-only mounts and the covered home can keep the program out.
        let base = FileManager.default.currentDirectoryPath + "/.build/lab-safety"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let owned = base + "/owned-\(getpid())-\(UUID().uuidString.prefix(8))"
        // The home is covered by an empty one in the box, so only what leaks out counts
        // there; the owned folder is read-only, so any change is a breach.
        let hostile = """
            grep -q original $HOME/kept.txt 2>/dev/null && echo READ-HOME >> /tmp/report; \
            echo planted > $HOME/planted; echo changed >> $HOME/kept.txt; \
            (echo planted > \(owned)/planted) 2>/dev/null && echo PLANTED-OWNED >> /tmp/report; \
            (echo changed >> \(owned)/kept.txt) 2>/dev/null && echo CHANGED-OWNED >> /tmp/report; \
            rm -f \(owned)/kept.txt 2>/dev/null; test -e \(owned)/kept.txt || echo REMOVED-OWNED >> /tmp/report; \
            echo own-tmp-is-writable > /tmp/mine && cat /tmp/mine >> /tmp/report; \
            echo end-of-report >> /tmp/report; exec nc -lk 80 < /tmp/report
            """
        var lab = try LabFixture(lessonText: """
            id: hostile-start
            title: A lesson that tries its luck
            summary: Its start program tries to change the learner's files.
            needs: lab
            steps:
              - id: call-it
                title: Call the server
                pane: client
                text: A server waits on `server.lab` port 80. Call it with `nc server.lab 80`.
                start:
                  - {host: server, run: "\(hostile)"}
                  - {host: server, run: "echo served from the box > index.html && exec python3 -m http.server 8000"}
                perform: nc server.lab 80
                checks:
                  - received: {by: client, text: end-of-report}
                hints:
                  - Type `nc server.lab 80` in the Client pane.
            """, base: base)
        if runner == "root" { lab.launcher = [] }
        defer { lab.remove(); try? FileManager.default.removeItem(atPath: owned) }
        let home = lab.home
        try FileManager.default.createDirectory(atPath: owned, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for folder in [home, owned] {
            try "original\n".write(toFile: folder + "/kept.txt", atomically: false, encoding: .utf8)
        }
        // Only the box stands between the program and these files: the learner may write them.
        if getuid() == 0 { _ = try Command.run(["chown", "-R", "nobody", home, owned]) }

        let session = try lab.start()
        try session.waitFor(text: "in the lab")
        try waitForServer(lab) { $0.contains(":80 ") && $0.contains(":8000 ") }
        try session.send("M-3")
        try session.type("nc server.lab 80")
        try session.send("Enter")
        let screen = try session.waitFor(text: "✔ client received")
        #expect(screen.contains("own-tmp-is-writable"), "the program writes its own /tmp: \(screen)")
        for word in ["READ-HOME", "PLANTED-OWNED", "CHANGED-OWNED", "REMOVED-OWNED"] {
            #expect(!screen.contains(word), "the program got through (\(word)): \(screen)")
        }
        // The files themselves, from outside: untouched, nothing added.
        for folder in [home, owned] {
            #expect((try? String(contentsOfFile: folder + "/kept.txt", encoding: .utf8)) == "original\n", "\(folder)/kept.txt")
            #expect(!FileManager.default.fileExists(atPath: folder + "/planted"), "\(folder)/planted")
        }
        // A web server the lesson starts serves from its own (empty, writable) home.
        let page = try lab.shell(["curl", "-s", "http://server.lab:8000/index.html"])
        #expect(page.output.contains("served from the box"), "python3 -m http.server in the box: \(page.output)")

        // The learner acting is not the lesson: `porttutor shell` keeps their files.
        let mine = try lab.shell(["sh", "-c", "echo written by the learner > \(home)/mine.txt && cat \(home)/kept.txt"])
        #expect(mine.status == 0 && mine.output.contains("original"), "porttutor shell: \(mine.output)")
        #expect((try? String(contentsOfFile: home + "/mine.txt", encoding: .utf8)) == "written by the learner\n")

        try session.send("F10")
        #expect(try session.waitForExit().status == "EXIT=0")
    }

    /// Waits until `ss -tln` on the server satisfies `condition` (an event, not a timing).
    private func waitForServer(_ lab: LabFixture, _ condition: (String) -> Bool,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let deadline = Date().addingTimeInterval(15)
        var last = ""
        while Date() < deadline {
            last = try lab.shell(["ss", "-tln"], on: "server").output
            if condition(last) { return }
            usleep(100_000)
        }
        Issue.record("the server's table never matched: \(last)", sourceLocation: sourceLocation)
    }
}
