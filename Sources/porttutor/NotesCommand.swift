import RuntimeFolder
import ArgumentParser
import Foundation
import Runtime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `porttutor notes`: the presenter's screen, in a second terminal. It attaches to the
/// running demo through its socket and follows every step: the notes (or the title), what
/// will be typed, the answer, the next step, and the time spent against the plan.
struct NotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "Follow the running demo from a second terminal: the step's notes, what will be typed, the answer, the next step and the time.",
        discussion: "Start `porttutor --demo` in the terminal the room sees, then `porttutor notes` in another. With several demos running, the newest is followed unless --session names one."
    )

    @Option(help: ArgumentHelp("The demo to follow, by its process id (the newest when not given).", valueName: "PID"))
    var session: Int32?

    func run() throws {
        let directory = RuntimeFolder(environment: ProcessInfo.processInfo.environment)
        let client: NotesClient
        do {
            client = try NotesClient.attach(directory: directory, session: session)
        } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        defer { close(client.descriptor) }
        let onTerminal = isatty(STDOUT_FILENO) == 1
        var reader = NotesLineReader()
        var page: NotesPage?
        var receivedAt = ContinuousClock.now
        var shown: [String] = []
        let footer = client.others.isEmpty ? [] :
            ["", "Other demos running: \(client.others.map(String.init).joined(separator: ", ")) (porttutor notes --session PID follows one)."]
        if !onTerminal { Console.out("Following the demo of process \(client.pid).") }
        while true {
            var fds = [pollfd(fd: client.descriptor, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 1, 1000)
            if ready < 0 && errno != EINTR { throw ExitCode.failure }
            if ready > 0 {
                var buffer = [UInt8](repeating: 0, count: 16 * 1024)
                let count = read(client.descriptor, &buffer, buffer.count)
                if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                var ended = count <= 0
                if count > 0 {
                    let messages: [NotesMessage]
                    do {
                        messages = try reader.feed(buffer[0..<count])
                    } catch {
                        printError("The demo sent something that is not notes; stopping.")
                        throw ExitCode.failure
                    }
                    for message in messages {
                        switch message {
                        case .hello(let version, _) where version != NotesMessage.version:
                            printError("The demo runs another porttutor (notes protocol \(version), this one speaks \(NotesMessage.version)); run porttutor notes from the same porttutor as the demo.")
                            throw ExitCode.failure
                        case .hello: break
                        case .page(let next):
                            page = next
                            receivedAt = .now
                        case .bye: ended = true
                        }
                    }
                }
                if ended {
                    Console.out(onTerminal ? "\nThe demo ended." : "The demo ended.")
                    return
                }
            }
            guard let page else { continue }
            let elapsed = page.elapsedSeconds + Int((ContinuousClock.now - receivedAt).components.seconds)
            let size = Self.size()
            var lines = NotesPageText.lines(page, elapsed: elapsed, columns: size.columns - 1, pid: client.pid) + footer
            if onTerminal {
                if lines.count > size.rows {
                    // Cut, and said so, rather than scrolled off the top.
                    let hidden = lines.count - size.rows + 1
                    lines = lines.prefix(size.rows - 1) + ["… \(hidden) more line\(hidden == 1 ? "" : "s"): make this terminal taller"]
                }
                if lines != shown { Console.page(lines) }
            } else if lines.filter({ !$0.hasPrefix("⏱") }) != shown.filter({ !$0.hasPrefix("⏱") }) {
                // A file or a pipe gets each page once, not a clock a second.
                Console.out(String(repeating: "─", count: 40) + "\n" + lines.joined(separator: "\n"))
            }
            shown = lines
        }
    }

    /// The terminal's size (80x24 when it does not say).
    private static func size() -> (columns: Int, rows: Int) {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 1 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        return (80, 24)
    }
}
