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
            Foundation.exit(code.rawValue)
        }
    }
}

enum PortTutorVersion {
    static let current = "0.1.0"
}
