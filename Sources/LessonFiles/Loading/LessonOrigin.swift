import Foundation

/// Where a lesson file came from: a file on disk, or a set of files in memory (the lessons
/// built into porttutor). It names the lesson's source and finds the recording a lesson's
/// `recording:` names, which lives beside the lesson in either case.
public struct LessonOrigin: Sendable {
    /// A recording found: the path the capture opens (a file, or `builtin:NAME`) and its
    /// first bytes, enough to tell a pcap file from anything else.
    public struct FoundRecording: Sendable {
        public var path: String
        public var head: [UInt8]
    }

    /// The lesson's own path (`Lesson.sourcePath`).
    public var path: String
    /// The recording called `name`, or nil when there is none.
    public var recording: @Sendable (_ name: String) -> FoundRecording?

    public init(path: String, recording: @escaping @Sendable (_ name: String) -> FoundRecording?) {
        self.path = path
        self.recording = recording
    }

    /// A lesson file on disk: recordings are the files in its folder.
    public static func file(_ url: URL) -> LessonOrigin {
        LessonOrigin(path: url.path) { name in
            let recordingURL = url.deletingLastPathComponent().appendingPathComponent(name)
            guard let handle = FileHandle(forReadingAtPath: recordingURL.path) else { return nil }
            defer { try? handle.close() }
            let head = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
            return FoundRecording(path: recordingURL.path, head: head)
        }
    }

    /// A lesson among `files` in memory, named `displayPath`: recordings are the other files,
    /// opened as `files.prefix + NAME`.
    public static func memory(_ files: LessonFileSet, displayPath: String) -> LessonOrigin {
        LessonOrigin(path: displayPath) { name in
            guard let file = files.files.first(where: { $0.name == name }) else { return nil }
            return FoundRecording(path: files.prefix + name, head: Array(file.bytes.prefix(4)))
        }
    }
}
