import ArgumentParser
import Foundation

/// The command line: `porttutor [LESSON]`, `porttutor --demo [LESSON]`, and the headless
/// subcommands that share their code with the panes.
@main
struct PortTutor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "porttutor",
        abstract: "Learn how network ports work, with real sockets and real packets.",
        version: PortTutorVersion.current,
        subcommands: [
            TutorCommand.self,
            ListCommand.self,
            LintCommand.self,
            ResetCommand.self,
            ConnectionsCommand.self,
            CaptureCommand.self,
            LessonsCommand.self,
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
            Foundation.exit(code.rawValue)
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
