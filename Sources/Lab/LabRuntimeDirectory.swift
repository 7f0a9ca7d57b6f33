import Glibc

/// The private folder where a running lab is written down: `$XDG_RUNTIME_DIR/porttutor`,
/// or `/tmp/porttutor-UID` when there is none (as for `nobody`). It must be a real folder
/// owned by this user with mode 0700, so no other user can plant a record or a hosts file.
public struct LabRuntimeDirectory: Sendable {
    public let path: String

    public init(environment: [String: String]) {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            path = runtime + "/porttutor"
        } else {
            path = "/tmp/porttutor-\(getuid())"
        }
    }

    /// Makes the folder if need be, and checks nobody else owns or can enter it.
    public func prepare() throws(LabError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw .runtimeDirectory(path: path, reason: String(cString: strerror(errno)))
        }
        try check()
    }

    /// Whether the folder exists (without making it).
    public var exists: Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Checks the folder is a real folder of this user's, so its records can be trusted.
    public func check() throws(LabError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw .runtimeDirectory(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .runtimeDirectory(path: path, reason: "it is not a folder (remove it and try again)")
        }
        guard info.st_uid == getuid() else {
            throw .runtimeDirectory(path: path, reason: "another user owns it (remove it and try again)")
        }
        if info.st_mode & 0o077 != 0 { _ = chmod(path, 0o700) }
    }

    /// The record of the running lab.
    public var recordPath: String { path + "/lab" }
    /// The lab's /etc/hosts: the host's, plus the lab's two computers.
    public var hostsPath: String { path + "/hosts" }
}
