import Lessons
import Foundation

/// Finds the lessons folder when `--lessons` is not given.
///
/// In order: `$PORTTUTOR_LESSONS`; the `Lessons/` beside `Package.swift` in a checkout the
/// executable was built in (walking up from the executable); then an installed share folder,
/// `<prefix>/share/porttutor/Lessons` next to the executable's `bin/`, `/usr/local/share/...`,
/// `/usr/share/...`. Pure apart from the `isDirectory`/`isFile` probes, so it is testable.
public struct LessonsFolderLocator: Sendable {
    public enum Origin: String, Sendable {
        case option, environment, checkout, installed
    }

    public struct Found: Sendable {
        public var url: URL
        public var origin: Origin
    }

    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public var searched: [String]
        public var description: String {
            "porttutor cannot find its lessons folder. It looked in:\n"
                + searched.map { "  \($0)\n" }.joined()
                + "Point at it with --lessons DIR, or set PORTTUTOR_LESSONS=DIR."
        }
    }

    public var environment: [String: String]
    /// The running executable, symlinks resolved.
    public var executable: URL
    public var isDirectory: @Sendable (String) -> Bool
    public var isFile: @Sendable (String) -> Bool

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL,
        isDirectory: @escaping @Sendable (String) -> Bool = LessonsFolderLocator.directoryExists,
        isFile: @escaping @Sendable (String) -> Bool = LessonsFolderLocator.fileExists
    ) {
        self.environment = environment
        self.executable = executable
        self.isDirectory = isDirectory
        self.isFile = isFile
    }

    public func locate(option: String? = nil) throws(NotFound) -> Found {
        if let option { return Found(url: URL(fileURLWithPath: option), origin: .option) }
        if let fromEnvironment = environment["PORTTUTOR_LESSONS"], !fromEnvironment.isEmpty {
            return Found(url: URL(fileURLWithPath: fromEnvironment), origin: .environment)
        }
        var searched: [String] = []
        var folder = executable.deletingLastPathComponent().standardizedFileURL
        while true {
            let lessons = folder.appendingPathComponent("Lessons")
            if isFile(folder.appendingPathComponent("Package.swift").path) && isDirectory(lessons.path) {
                return Found(url: lessons, origin: .checkout)
            }
            let parent = folder.deletingLastPathComponent().standardizedFileURL
            if parent.path == folder.path { break }
            folder = parent
        }
        searched.append("a checkout (Package.swift and Lessons/) above \(executable.deletingLastPathComponent().path)")
        let prefix = executable.deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL
        let shared = [prefix.path, "/usr/local", "/usr"].map { "\($0)/share/porttutor/Lessons" }
        var seen = Set<String>()
        for candidate in shared where seen.insert(candidate).inserted {
            if isDirectory(candidate) { return Found(url: URL(fileURLWithPath: candidate), origin: .installed) }
            searched.append(candidate)
        }
        throw NotFound(searched: searched)
    }

    public static let directoryExists: @Sendable (String) -> Bool = { path in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public static let fileExists: @Sendable (String) -> Bool = { path in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
