#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// porttutor's private folder for what a running porttutor leaves for its other commands to
/// find: the lab's record and hosts file (`porttutor shell`), the demo's notes socket
/// (`porttutor notes`). `$XDG_RUNTIME_DIR/porttutor`, or `/tmp/porttutor-UID` where there is
/// no runtime directory (as for `nobody`). Used only when it is a real folder of this user's
/// that nobody else may enter: another user must not plant or read anything there.
public struct RuntimeFolder: Sendable, Equatable {
    public let path: String

    /// The folder for this user, from the environment given (for tests) or the process's.
    public init(environment: [String: String]) {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            path = (runtime.hasSuffix("/") ? String(runtime.dropLast()) : runtime) + "/porttutor"
        } else {
            path = "/tmp/porttutor-\(getuid())"
        }
    }

    /// Whether the folder exists (without making it).
    public var exists: Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Makes the folder (mode 0700) when missing, then checks it as `check()` does.
    public func prepare() throws(RuntimeFolderError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw RuntimeFolderError(path: path, reason: String(cString: strerror(errno)))
        }
        try check()
    }

    /// Checks the folder is a folder (not a link), belongs to this user and is closed to
    /// everyone else.
    public func check() throws(RuntimeFolderError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw RuntimeFolderError(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw RuntimeFolderError(path: path, reason: "it is not a folder (a link or a file took its place); remove it and try again")
        }
        guard info.st_uid == getuid() else {
            throw RuntimeFolderError(path: path, reason: "it belongs to another user; remove it, or set XDG_RUNTIME_DIR to a folder of your own")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw RuntimeFolderError(path: path, reason: "other users may enter it (mode \(String(info.st_mode & 0o777, radix: 8))); run `chmod 700 \(path)` and try again")
        }
    }
}

/// Why the runtime folder cannot be used: its path and what is wrong, in words.
public struct RuntimeFolderError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "porttutor cannot use its folder \(path): \(reason)." }
}
