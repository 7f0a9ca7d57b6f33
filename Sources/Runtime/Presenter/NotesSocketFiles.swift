#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RuntimeFolder

/// Where a running demo puts its notes socket, in porttutor's runtime folder, so that
/// `porttutor notes` finds it.
extension RuntimeFolder {
    /// Prepares the folder, saying what is wrong as the run loop's error.
    func prepareForNotes() throws {
        do { try prepare() } catch { throw RuntimeError.message("\(error.description) (the presenter's notes socket lives there)") }
    }

    /// The socket of the demo run by process `pid`.
    public func socketPath(pid: Int32) -> String { "\(path)/demo-\(pid).sock" }

    /// The demos' sockets in the folder, newest first: their process ids and paths.
    public func demoSockets() -> [(pid: Int32, path: String)] {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var found: [(pid: Int32, path: String, time: Int)] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix("demo-"), name.hasSuffix(".sock"),
                  let pid = Int32(name.dropFirst(5).dropLast(5)) else { continue }
            var info = stat()
            let full = "\(path)/\(name)"
            guard lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK, info.st_uid == getuid() else { continue }
            #if canImport(Glibc)
            let changed = info.st_mtim
            #else
            let changed = info.st_mtimespec
            #endif
            found.append((pid, full, Int(changed.tv_sec) * 1_000_000_000 + Int(changed.tv_nsec)))
        }
        return found.sorted { $0.time > $1.time }.map { ($0.pid, $0.path) }
    }
}
