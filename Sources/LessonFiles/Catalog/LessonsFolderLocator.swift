import Lessons
import Foundation

/// Which lessons porttutor uses: the folder `--lessons DIR` names, else `$PORTTUTOR_LESSONS`,
/// else none, meaning the lessons built into the binary (so a copied or installed porttutor
/// needs no folder beside it, and a stale copy of `Lessons/` somewhere never shadows them).
public struct LessonsFolderLocator: Sendable {
    public enum Origin: String, Sendable {
        case option, environment
    }

    public struct Found: Sendable {
        public var url: URL
        public var origin: Origin
    }

    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The teacher's folder, or nil for the built-in lessons.
    public func locate(option: String? = nil) -> Found? {
        if let option { return Found(url: URL(fileURLWithPath: option), origin: .option) }
        if let fromEnvironment = environment["PORTTUTOR_LESSONS"], !fromEnvironment.isEmpty {
            return Found(url: URL(fileURLWithPath: fromEnvironment), origin: .environment)
        }
        return nil
    }
}
