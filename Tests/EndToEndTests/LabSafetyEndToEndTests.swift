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

    /// A folder for the learner's files that the box does not cover with a fresh one of its
    /// own (/tmp, /var/tmp, /run, /dev/shm, the home), so that only read-only mounts can keep
    /// the program out: the checkout's build folder, or (as root, with a checkout in /tmp as
    /// a CI's clone may be) one in /var/lib.
    static let uncoveredBase: String? = {
        let inCheckout = FileManager.default.currentDirectoryPath + "/.build/lab-safety"
        let covered = ["/tmp", "/var/tmp", "/run", "/dev/shm", ProcessInfo.processInfo.environment["HOME"] ?? "/root"]
        if !covered.contains(where: { inCheckout == $0 || inCheckout.hasPrefix($0 + "/") }) { return inCheckout }
        return getuid() == 0 ? "/var/lib/porttutor-lab-safety" : nil
    }()

    @Test(.enabled(if: uncoveredBase != nil, "the checkout is in a folder the box covers (/tmp or the home): run the tests as root, or from a checkout elsewhere"),
          arguments: runners)
    func aStartProgramCannotTouchTheLearnersFilesButItsServerAnswers(runner: String) throws {
        let base = try #require(Self.uncoveredBase)
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let reachable = try Command.run(LabFixture.asLearner + ["test", "-x", base])
        try #require(reachable.status == 0, "the learner (nobody when root) must be able to enter \(base): run the tests from a folder they may enter")
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
        defer { lab.remove(); try? FileManager.default.removeItem(atPath: owned); rmdir(base) }
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

    /// On a kernel without mount_setattr (before 5.12; here a seccomp filter answers
    /// ENOSYS for it, from the launcher down) the box cannot be made read-only: the program
    /// is not run at all, never run writable, and the learner is told why.
    @Test func withoutMountSetattrTheStartProgramIsRefusedNotRunWritable() throws {
        let lab = try LabFixture(lessonText: """
            id: old-kernel
            title: An old kernel
            summary: The box cannot be made.
            needs: lab
            steps:
              - id: call-it
                title: Call the server
                pane: client
                text: A server would wait on `server.lab` port 80.
                start:
                  - {host: server, run: "nc -lk 80"}
                perform: nc server.lab 80
                checks:
                  - received: {by: client, text: hello}
                hints:
                  - Type `nc server.lab 80` in the Client pane.
            """)
        defer { lab.remove() }
        // The system's python3: a user's shim (pyenv) may be closed to `nobody`.
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let session = try lab.start(wrappedIn: [python, "-c", Self.withoutMountSetattr])
        try session.waitFor(text: "in the lab")
        let screen = try session.waitFor(text: "Could not start `nc -lk 80` on server.lab: it needs Linux 5.12 or later")
        #expect(screen.contains("to keep the lesson's programs away from your"), "the refusal says why: \(screen)")
        // A program that was not started leaves no listener behind; the lab itself works.
        let table = try lab.shell(["ss", "-tln"], on: "server")
        #expect(table.status == 0 && !table.output.contains(":80 "), "server.lab: \(table.output)")
        try session.send("F10")
        #expect(try session.waitForExit().status == "EXIT=0")
    }

    /// Python that installs a seccomp filter failing mount_setattr (442 on every
    /// architecture) with ENOSYS, then runs its arguments.
    static let withoutMountSetattr = """
        import ctypes, os, struct, sys
        libc = ctypes.CDLL(None, use_errno=True)
        def op(code, jt, jf, k): return struct.pack("HBBI", code, jt, jf, k)
        program = (op(0x20, 0, 0, 0) + op(0x15, 0, 1, 442)
                   + op(0x06, 0, 0, 0x00050000 | 38) + op(0x06, 0, 0, 0x7fff0000))
        buffer = ctypes.create_string_buffer(program)
        fprog = struct.pack("HxxxxxxP", len(program) // 8, ctypes.addressof(buffer))
        assert libc.prctl(38, 1, 0, 0, 0) == 0
        assert libc.prctl(22, 2, ctypes.c_char_p(fprog), 0, 0) == 0, ctypes.get_errno()
        os.execv(sys.argv[1], sys.argv[1:])
        """

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
