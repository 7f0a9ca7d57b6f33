#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What is at a path when it is not a plain file, in words ("a folder", "a FIFO"), for the
/// files porttutor reads or replaces (lessons, recordings, progress, captures). Asked before
/// opening, because opening a FIFO for reading waits for a writer for ever and would hold
/// porttutor's one thread.
public enum OddFile {
    /// Nil for a plain file or for nothing at all.
    public static func kind(at path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return kind(info)
    }

    /// Nil for a plain file.
    public static func kind(_ info: stat) -> String? {
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "a special file"
        }
    }
}
