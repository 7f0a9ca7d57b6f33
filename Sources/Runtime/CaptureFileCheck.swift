import CaptureCore
import LessonFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asked before porttutor opens a capture file: `tcpdump -w FILE` and `save FILE` replace
/// an existing capture (tcpdump's way) but never a file that is not one, unless forced, so
/// a slip of the finger (`-w notes.txt`) cannot wipe work; and nothing that is not a plain
/// file is opened at all (a FIFO would block porttutor's one thread for ever).
enum CaptureFileCheck {
    /// Why `path` may not be written to; nil when it may. `howToForce` tells the learner
    /// the spelling that replaces it anyway.
    static func refusalToWrite(_ path: String, force: Bool, howToForce: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }  // nothing there yet
        if let kind = OddFile.kind(info) { return "\(path) is \(kind), not a file: give a file name for the capture." }
        if info.st_size == 0 || force || startsLikeACapture(path) { return nil }
        return "\(path) exists and is not a packet capture, so porttutor will not replace it. "
            + "Choose another name, or type \(howToForce) to replace it."
    }

    /// Why `path` may not be read as a capture; nil when it may (libpcap says the rest).
    static func refusalToRead(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if let kind = OddFile.kind(info) { return "\(path) is \(kind), not a capture file." }
        return nil
    }


    /// pcap (either byte order, micro- or nanoseconds) or pcapng, by the first four bytes.
    static func startsLikeACapture(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var magic = [UInt8](repeating: 0, count: 4)
        guard read(descriptor, &magic, 4) == 4 else { return false }
        return CaptureFileMagic.startsACapture(magic)
    }
}
