import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How big a lesson may be. A lesson file may come from anyone: these bounds keep one from
/// filling memory or the screen, and say so as a lint error at the place that is too big.
/// porttutor's own lessons are far inside them (the largest is 13 KB with 10 steps).
public enum LessonFileBounds {
    /// A lesson file's size.
    public static let maxFileBytes = 256 * 1024
    /// Steps in one lesson.
    public static let maxSteps = 60
    /// One piece of text (a step's text, a hint, a title, a perform line...).
    public static let maxTextBytes = 8 * 1024
    /// Items in one list (hints, checks, perform lines, accepted answers...).
    public static let maxListItems = 100
    /// A recording's size.
    public static let maxRecordingBytes = 16 * 1024 * 1024

    /// Up to `limit` bytes of the plain file at `path` (one more tells it is too big), or why not.
    static func readPlainFile(_ path: String, limit: Int) -> Swift.Result<Data, ReadFailure> {
        if let kind = OddFile.kind(at: path) { return .failure(.notAFile(kind)) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.system(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(.system(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notAFile("not a plain file")) }
        if Int(info.st_size) > limit { return .failure(.tooBig(Int(info.st_size))) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while data.count <= limit {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return .failure(.system(errno)) }
            if count == 0 { break }
            data.append(buffer, count: count)
        }
        return data.count > limit ? .failure(.tooBig(data.count)) : .success(data)
    }

    enum ReadFailure: Error {
        case notAFile(String)
        case tooBig(Int)
        case system(Int32)

        var words: String {
            switch self {
            case .notAFile(let kind): "it is \(kind), not a file"
            case .tooBig(let bytes): "it is \(bytes / 1024) KB or more"
            case .system(let code): String(cString: strerror(code))
            }
        }
    }
}
