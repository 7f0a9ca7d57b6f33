import ArgumentParser

/// Prints the kernel's socket table. Placeholder: the Connections issue replaces this file.
struct ConnectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connections", abstract: "Print the socket table, like ss.")
    func run() throws { throw ValidationError("connections is not implemented yet") }
}
