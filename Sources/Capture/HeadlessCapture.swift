#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CaptureCore

/// The work of `porttutor capture` that does not need a run loop: reading a capture
/// file and printing or saving it. Lives here, not in the command, so tests and the
/// benchmark run exactly the code learners do.
public enum HeadlessCapture {
    /// tcpdump's first line on standard error when reading a file.
    public static func readingBanner(path: String, reader: PcapFileReader) -> String {
        "reading from file \(path), link-type \(reader.linkType), snapshot length \(reader.snapshotLength)"
    }

    /// Reads `path` and prints each packet (or saves it with `-w`), writing to `output`
    /// in large chunks. Returns the number of packets handled.
    @discardableResult
    public static func replay(_ request: CaptureRequest, path: String, output: Int32,
                              names: NameTable = .system()) throws(CaptureError) -> Int {
        let reader = try PcapFileReader(path: path)
        try reader.setFilter(request.filter)
        var printer = TcpdumpPrinter(linkType: reader.linkType, options: request.options, names: names, host: .system())
        let writer = try request.writePath.map { (p) throws(CaptureError) in
            try PcapFileWriter(path: p, linkType: reader.linkType, snapshotLength: reader.snapshotLength)
        }
        let buffer = OutputBuffer(capacity: 1 << 20)
        var handled = 0
        var writeError: CaptureError?
        var outputClosed = false
        while request.count.map({ handled < $0 }) ?? true {
            let more = try reader.next { bytes, header in
                if let writer {
                    do throws(CaptureError) { try writer.write(bytes, header: header) } catch { writeError = error }
                } else {
                    printer.print(bytes, header: header, to: buffer)
                }
            }
            if !more { break }
            handled += 1
            if let writeError { throw writeError }
            if buffer.count >= 1 << 20 {
                if !buffer.flush(to: output) { outputClosed = true; break }
            }
        }
        if !outputClosed { buffer.flush(to: output) }
        try writer?.close()
        return handled
    }
}

import CPcap

/// Blocks SIGINT and SIGTERM and returns a descriptor that becomes readable when one
/// arrives (Linux signalfd); -1 where there is none. For the headless command only.
public func stopSignalsDescriptor() -> Int32 { pt_stop_signals_fd() }
