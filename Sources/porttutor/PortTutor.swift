import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line: `porttutor [LESSON]`, `porttutor --demo [LESSON]`, and the headless
/// subcommands that share their code with the panes.
@main
struct PortTutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "porttutor",
        abstract: "Learn how network ports work, with real sockets and real packets.",
        discussion: """
        An interactive terminal tutorial: listen with nc, connect with telnet, send a request with \
        curl, read the kernel's socket table and watch packets as tcpdump shows them, in five panes \
        of one screen. Each step is checked from what really happened on the machine, so the real \
        tools in another terminal pass the same checks.

        The lessons are built into porttutor. --lessons DIR (or PORTTUTOR_LESSONS=DIR) teaches from \
        a folder of lesson files instead; `porttutor lessons export DIR` writes the built-in ones \
        out to start from. Progress is kept in $XDG_STATE_HOME/porttutor (~/.local/state/porttutor). \
        NO_COLOR=1 gives a monochrome screen.

        Watching live packets needs the right to capture: run as root, or give the binary the \
        capabilities once (setcap cap_net_raw,cap_net_admin=eip), or, from the Debian package, \
        porttutor-enable-capture(8) for the members of a porttutor group. Without it the Packets \
        pane says so, and everything else works.
        """,
        version: PortTutorVersion.current,
        subcommands: [
            TutorCommand.self,
            ListCommand.self,
            LintCommand.self,
            ResetCommand.self,
            ConnectionsCommand.self,
            CaptureCommand.self,
            LessonsCommand.self,
            ShellCommand.self,
            NotesCommand.self,
        ],
        defaultSubcommand: TutorCommand.self
    )

    /// ArgumentParser's own `main` prints its messages (which quote what was typed) as they
    /// are; this one prints them through ``Console``, like everything else porttutor says.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty {
                if code == .success { Console.out(message) } else { Console.error(message) }
            }
            endProcess(code.rawValue)
        }
    }
}

/// What `porttutor --version` prints: the release and the git commit it was built from
/// (recorded by the BuildInfo plugin; a source tarball has none).
enum PortTutorVersion {
    static let release = "0.1.0"
    static var current: String {
        "porttutor " + (GitCommit.built.map { "\(release) (git \($0))" } ?? release)
    }
}

/// The C library's `exit`, named apart from ParsableCommand's own `exit(withError:)`; this
/// file needs no Foundation for it.
private func endProcess(_ status: Int32) -> Never {
    exit(status)
}
