import ToolCommands
import SocketsCore
import ArgumentParser
import Capture
import CaptureCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Captures packets on an interface, or reads a capture file, and prints them exactly as
/// the Packets pane shows them: the lines tcpdump prints with the same flags.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Print packets, like tcpdump.",
        discussion: """
        Live:   porttutor capture -i lo -nn -A port 8080      (stop with Ctrl-C)
        Replay: porttutor capture -r chat.pcap -nn
        Save:   porttutor capture -i lo -c 20 -w chat.pcap port 8080
        Live capture needs CAP_NET_RAW and CAP_NET_ADMIN (or root); porttutor says how if it lacks them.
        """
    )

    @Argument(parsing: .captureForPassthrough,
              help: ArgumentHelp("tcpdump's options and a filter expression, such as: -nn -v -i lo port 8080",
                                 discussion: TcpdumpCommandLine.understoodForms))
    var arguments: [String] = []

    /// The same parser as the Packets pane's command line, so both accept and refuse
    /// exactly the same options.
    var request: CaptureRequest {
        get throws {
            do throws(TcpdumpCommandLineError) {
                return try TcpdumpCommandLine.parse(arguments: arguments)
            } catch {
                throw ValidationError(error.message)
            }
        }
    }

    func validate() throws {
        // The arguments are passed through whole, so help is asked for here.
        if arguments.contains("--help") || arguments.contains("-h") { throw CleanExit.helpRequest(self) }
        _ = try request
    }

    func run() throws {
        let request = try self.request
        do throws(CaptureError) {
            if case .file(let file) = request.source {
                let reader = try PcapFileReader(path: file)
                printError(HeadlessCapture.readingBanner(path: file, reader: reader))
                try HeadlessCapture.replay(request, path: file, output: STDOUT_FILENO)
            } else {
                try captureLive(request)
            }
        } catch {
            printError("porttutor: " + error.message)
            throw ExitCode(1)
        }
    }


    /// The one place outside the run loop that polls: the headless live capture waits for
    /// packets or a stop signal on one poll(), flushing output after each batch.
    private func captureLive(_ request: CaptureRequest) throws(CaptureError) {
        // As tcpdump: immediate mode when a person watches (a terminal, or -l), block
        // buffering when printing into a file or pipe, which loses fewer packets in a flood.
        let immediate = request.lineBuffered || (request.writePath == nil && isatty(STDOUT_FILENO) == 1)
        let capture = try LiveCapture(interface: request.interface, filter: request.filter, immediate: immediate)
        if let note = capture.interfaceNote { printError("porttutor: " + note) }
        printError("listening on \(capture.interface), link-type \(capture.linkType), snapshot length \(capture.snapshotLength) bytes")
        var printer = TcpdumpPrinter(linkType: capture.linkType, options: request.options, names: .system(), host: .system())
        let writer = try request.writePath.map { (p) throws(CaptureError) in
            try PcapFileWriter(path: p, linkType: capture.linkType, snapshotLength: capture.snapshotLength)
        }
        let stop = StopSignals()
        let buffer = OutputBuffer(capacity: 1 << 20)
        var handled = 0
        var failure: CaptureError?
        var interrupted = false
        var fds = [pollfd(fd: capture.fileDescriptor, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: stop.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        loop: while request.count.map({ handled < $0 }) ?? true {
            let ready = poll(&fds, nfds_t(stop.fileDescriptor >= 0 ? 2 : 1), 1000)
            if ready < 0 && errno != EINTR { break }
            if fds.count > 1 && fds[1].revents != 0 { interrupted = true; break }
            // Drain everything already captured before polling again: one wake-up can
            // carry thousands of packets in a flood. Flush when drained (so packets show
            // at once when traffic is light) or when the buffer is large.
            var drained = false
            for _ in 0..<64 {
                let limit = request.count.map { $0 - handled } ?? -1
                if limit == 0 { break }
                let n = try capture.readAvailable(limit: limit) { bytes, header in
                    if let writer {
                        do throws(CaptureError) { try writer.write(bytes, header: header) } catch { failure = error }
                    } else {
                        printer.print(bytes, header: header, to: buffer)
                    }
                }
                if let failure { throw failure }
                handled += n
                if n == 0 { drained = true; break }
                if buffer.count >= 1 << 18, !buffer.flush(to: STDOUT_FILENO) { break loop }
            }
            if drained || buffer.count >= 1 << 18 {
                if !buffer.flush(to: STDOUT_FILENO) { break loop }
                try writer?.flush()
            }
        }
        buffer.flush(to: STDOUT_FILENO)
        try writer?.close()
        let report = CaptureStatistics.report(captured: handled, statistics: capture.statistics(), interrupted: interrupted)
        printError(String(report.dropLast()))
    }
}

/// SIGINT and SIGTERM as a descriptor to poll, so Ctrl-C ends the capture cleanly (output
/// flushed, counters printed) without a signal handler touching shared state.
private final class StopSignals {
    let fileDescriptor: Int32

    init() {
        fileDescriptor = stopSignalsDescriptor()
    }

    deinit { if fileDescriptor >= 0 { close(fileDescriptor) } }
}
