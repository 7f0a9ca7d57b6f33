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

    /// Why a recording cannot be used, in words that follow "recording 'NAME'".
    public struct Refusal: Error, Sendable {
        public var words: String
    }

    /// The lesson's own path (`Lesson.sourcePath`).
    public var path: String
    /// The recording called `name` (a plain name, checked by the loader), or why not.
    public var recording: @Sendable (_ name: String) -> Result<FoundRecording, Refusal>

    public init(path: String, recording: @escaping @Sendable (_ name: String) -> Result<FoundRecording, Refusal>) {
        self.path = path
        self.recording = recording
    }

    /// A lesson file on disk: recordings are plain files in its folder (a link may not lead
    /// out of it, and a FIFO is never opened: it would hang lint, list and the tutor).
    public static func file(_ url: URL) -> LessonOrigin {
        LessonOrigin(path: url.path) { name in
            let folder = url.deletingLastPathComponent()
            let recordingURL = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: recordingURL.path) else {
                return .failure(Refusal(words: "not found: it must be in the same folder as the lesson file"))
            }
            let realFolder = folder.resolvingSymlinksInPath().path
            let realFile = recordingURL.resolvingSymlinksInPath().path
            guard realFile.hasPrefix(realFolder.hasSuffix("/") ? realFolder : realFolder + "/") else {
                return .failure(Refusal(words: "leads out of the lesson's folder (to \(realFile)): copy the capture into the folder"))
            }
            switch LessonFileBounds.readPlainFile(recordingURL.path, limit: LessonFileBounds.maxRecordingBytes) {
            case .success(let data):
                return .success(FoundRecording(path: recordingURL.path, head: Array(data.prefix(4))))
            case .failure(let failure):
                var words = failure.words
                if case .tooBig = failure { words += ": a recording may be at most \(LessonFileBounds.maxRecordingBytes >> 20) MB" }
                return .failure(Refusal(words: "cannot be used: \(words)"))
            }
        }
    }

    /// A lesson among `files` in memory, named `displayPath`: recordings are the other files,
    /// opened as `files.prefix + NAME`.
    public static func memory(_ files: LessonFileSet, displayPath: String) -> LessonOrigin {
        LessonOrigin(path: displayPath) { name in
            guard let file = files.files.first(where: { $0.name == name }) else {
                return .failure(Refusal(words: "not found: it must be one of the lesson files beside it"))
            }
            return .success(FoundRecording(path: files.prefix + name, head: Array(file.bytes.prefix(4))))
        }
    }
}
