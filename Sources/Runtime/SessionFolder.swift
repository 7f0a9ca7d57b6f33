#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder porttutor owns for one run: a new private folder under `$TMPDIR` (or /tmp),
/// made by mkdtemp so no one else's file can already be there. A lesson's files (a
/// capture its step saves) go here and nowhere else; the folder is removed on the way
/// out when it is empty, and kept (its path told) when a lesson left something in it.
public final class SessionFolder {
    public let path: String

    /// nil when no folder could be made: lessons then may write no file at all.
    public init?(environment: [String: String]) {
        var base = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var template = Array("\(base)/porttutor-session-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { return nil }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Removes the folder if nothing was left in it; true when it is gone.
    @discardableResult
    public func removeIfEmpty() -> Bool {
        rmdir(path) == 0
    }
}
