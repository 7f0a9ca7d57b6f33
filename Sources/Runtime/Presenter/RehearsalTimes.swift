import Foundation

/// How long each step took the last time it was presented, by lesson id and step id, kept
/// in `$XDG_STATE_HOME/porttutor/rehearsal-times.json` beside (never inside) the learner's
/// progress: the presenter's notes show it the next time ("rehearsed 1:20").
public struct RehearsalTimes: Sendable, Equatable {
    public static let fileName = "rehearsal-times.json"
    /// A visit shorter than this was a skip past the step (PgDn, PgDn), not a rehearsal of it.
    public static let shortestVisit = 3

    /// Seconds, by lesson id then step id.
    public private(set) var seconds: [String: [String: Int]]

    public init(seconds: [String: [String: Int]] = [:]) {
        self.seconds = seconds
    }

    public subscript(lesson: String, step: String) -> Int? {
        seconds[lesson]?[step]
    }

    /// Records a visit to a step; false (and nothing kept) when it was too short to count.
    @discardableResult
    public mutating func record(lesson: String, step: String, seconds visit: Int) -> Bool {
        guard visit >= Self.shortestVisit else { return false }
        seconds[lesson, default: [:]][step] = visit
        return true
    }

    /// Reads the file; a missing or unreadable one is an empty record (rehearsal times are
    /// a convenience: they never stop a demo).
    public static func load(from file: URL) -> RehearsalTimes {
        guard let data = try? Data(contentsOf: file),
              let seconds = try? JSONDecoder().decode([String: [String: Int]].self, from: data) else {
            return RehearsalTimes()
        }
        return RehearsalTimes(seconds: seconds)
    }

    /// Writes the file whole, atomically (a temporary file renamed over it).
    public func save(to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(seconds).write(to: file, options: .atomic)
    }
}
