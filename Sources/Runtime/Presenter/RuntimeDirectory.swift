#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The private folder where a running demo puts its notes socket:
/// `$XDG_RUNTIME_DIR/porttutor`, or `/tmp/porttutor-UID` where there is no runtime
/// directory. Made mode 0700, and refused when it is not a real folder of this user's that
/// only this user can enter: another user must not be able to plant or read a socket there.
public struct RuntimeDirectory: Sendable, Equatable {
    public let path: String

    /// The folder for this user, from the environment given (for tests) or the process's.
    public init(environment: [String: String]) {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            path = (runtime.hasSuffix("/") ? String(runtime.dropLast()) : runtime) + "/porttutor"
        } else {
            path = "/tmp/porttutor-\(getuid())"
        }
    }

    /// Makes the folder when missing and checks it is safe to use; throws a message saying
    /// what is wrong with it otherwise.
    public func prepare() throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw RuntimeError.message("cannot make the folder for the presenter's notes socket, \(path): \(String(cString: strerror(errno))).")
        }
        try check()
    }

    /// Checks the folder exists, is a folder (not a link), belongs to this user and is
    /// closed to everyone else.
    public func check() throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw RuntimeError.message("\(path) cannot be read: \(String(cString: strerror(errno))).")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw RuntimeError.message("\(path) is not a folder (a link or a file took its place); remove it and start the demo again.")
        }
        guard info.st_uid == getuid() else {
            throw RuntimeError.message("\(path) belongs to another user; porttutor will not use it. Set XDG_RUNTIME_DIR to a folder of your own.")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw RuntimeError.message("\(path) can be entered by other users (mode \(String(info.st_mode & 0o777, radix: 8))); run `chmod 700 \(path)` and start again.")
        }
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
