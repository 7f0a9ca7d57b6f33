/// The shipped lessons and recordings, compiled into the executable so that one file is the
/// whole program: the EmbedLessons build plugin turns every file of the package's `Lessons/`
/// into `embedded` (a generated source), at every build, so a lesson added there ships.
///
/// Pure: the bytes are string literals in the binary's read-only data, decoded only when a
/// command asks for them, so `porttutor capture` and `porttutor connections` never pay for them.
public enum BuiltinLessons {
    /// How the built-in files are named in messages and recording paths
    /// (`builtin:01-what-is-a-port.yaml:3:5`), so no one mistakes them for a file on disk.
    public static let scheme = "builtin:"

    /// Every built-in file, sorted by name.
    public static var files: [BuiltinFile] { embedded }

    /// The built-in file called `name` (`tls-on-loopback.pcap`), or nil.
    public static func file(named name: String) -> BuiltinFile? {
        embedded.first { $0.name == name }
    }

    /// The built-in file a recording path (`builtin:NAME`) stands for, or nil for a path on disk.
    public static func file(atPath path: String) -> BuiltinFile? {
        guard path.hasPrefix(scheme) else { return nil }
        return file(named: String(path.dropFirst(scheme.count)))
    }
}

/// One file of `Lessons/` as it was when porttutor was built.
public struct BuiltinFile: Sendable {
    /// The file's name in `Lessons/`.
    public let name: String
    /// Its bytes in base64, which carries any file exactly (a recording is not text).
    let base64: StaticString

    init(name: String, base64: StaticString) {
        self.name = name
        self.base64 = base64
    }

    /// The file's bytes, decoded now.
    public var bytes: [UInt8] {
        base64.withUTF8Buffer { Base64.decode($0) } ?? []
    }
}
