#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder porttutor owns for one run: a new private folder under `$TMPDIR` (or /tmp),
/// made by mkdtemp so no one else's file can already be there (named with the process id,
/// so an empty one left by a killed run can be told and removed by the next). A lesson's files (a
/// capture its step saves) go here and nowhere else; the folder is removed on the way
/// out when it is empty, and kept (its path told) when a lesson left something in it.
public final class SessionFolder {
    public let path: String

    /// nil when no folder could be made: lessons then may write no file at all.
    public init?(environment: [String: String]) {
        var base = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        Self.removeAbandoned(in: base)
        var template = Array("\(base)/\(Self.prefix)\(getpid())-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { return nil }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static let prefix = "porttutor-session-"

    /// Empty session folders of runs that ended without removing theirs (killed with
    /// SIGKILL): their process is gone. rmdir removes only an empty folder, so nothing a
    /// lesson saved is lost.
    static func removeAbandoned(in base: String) {
        guard let folder = opendir(base) else { return }
        defer { closedir(folder) }
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix),
                  let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0,
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            rmdir("\(base)/\(name)")
        }
    }

    /// Removes the folder if nothing was left in it; true when it is gone.
    @discardableResult
    public func removeIfEmpty() -> Bool {
        rmdir(path) == 0
    }
}
