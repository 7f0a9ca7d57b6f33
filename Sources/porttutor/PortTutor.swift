import ArgumentParser

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
        ],
        defaultSubcommand: TutorCommand.self
    )
}

enum PortTutorVersion {
    static let current = "0.1.0"
}
