import ArgumentParser
import Foundation
import Lab
import NetworkTypes

/// `porttutor shell`: the learner's shell, or one command, inside the running lab.
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Open your shell (or run one command) inside the running lab.",
        discussion: """
        Start the lab first with `porttutor --lab` in another terminal. There the real nc, \
        telnet, curl, tcpdump and ss see the lab's network, as porttutor does; you stay yourself, \
        with root's network powers in the lab (not on this computer). Several shells may join \
        one lab; they end with it.
        Examples: porttutor shell    porttutor shell -- ss -tln    porttutor shell --on server -- nc -l 80
        """
    )

    @Option(name: .customLong("on"), help: ArgumentHelp("The lab computer to run on: lab (yours, the default) or server (server.lab).", valueName: "COMPUTER"))
    var host: LabHost = .lab

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The command to run instead of your shell (after --).", valueName: "COMMAND"))
    var command: [String] = []

    func run() throws {
        // The command is taken as it is typed, so `--help` before any `--` is ours.
        if let first = command.first, first == "--help" || first == "-h" { throw CleanExit.helpRequest(self) }
        let words = command.first == "--" ? Array(command.dropFirst()) : command
        let outcome: LabShell.Outcome
        do {
            outcome = try LabShell.run(command: words, on: host, environment: ProcessInfo.processInfo.environment) {
                if words.isEmpty { printError(LabShell.banner(on: host)) }
            }
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        if outcome.labEnded {
            printError("The lab ended (porttutor quit), and what ran in it ended too.")
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}

extension LabHost: ExpressibleByArgument {}
