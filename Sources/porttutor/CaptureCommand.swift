import ArgumentParser

/// Captures or reads packets and prints them as tcpdump does.
/// Placeholder: the Capture issue replaces this file.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "capture", abstract: "Print packets, like tcpdump.")
    func run() throws { throw ValidationError("capture is not implemented yet") }
}
