import Lessons
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Saves and loads `Lessons.Progress` as JSON under `$XDG_STATE_HOME/porttutor/progress.json`.
///
/// Writes are atomic (temporary file, fsync, rename, fsync of the folder): after a kill or a
/// power cut the file holds the old progress or the new, never half of each. A file that cannot
/// be read anyway is set aside, never fatal: the learner starts fresh and is told where it went.
public struct ProgressStore: Sendable {
    public let directory: URL
    public static let fileName = "progress.json"

    public var fileURL: URL { directory.appendingPathComponent(Self.fileName) }

    public init(directory: URL) {
        self.directory = directory
    }

    /// `$XDG_STATE_HOME/porttutor`, or `~/.local/state/porttutor`. A relative XDG_STATE_HOME is
    /// ignored, as the XDG spec says.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("porttutor")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/porttutor")
    }

    /// The progress read, and a warning for the learner when the file could not be used.
    public struct Loaded: Sendable {
        public var progress: Lessons.Progress
        /// The whole story: what was wrong, where the file went, what to do.
        public var warning: String?
        /// The same in a line that fits the status bar of an 80-column terminal
        /// (``ProgressStore/noticeWidth``); the full `warning` is printed again on exit.
        public var notice: String?

        public init(progress: Lessons.Progress, warning: String?, notice: String? = nil) {
            self.progress = progress
            self.warning = warning
            self.notice = notice ?? warning.map { _ in "Saved progress could not be used (details on exit)." }
        }
    }

    /// The most a one-line notice may take: an 80-column status bar, less its margins.
    public static let noticeWidth = 76

    /// The message for a progress path that holds something other than a file: porttutor
    /// leaves it alone (it is not porttutor's to move) and cannot save this time.
    func notAFile(_ kind: String) -> (warning: String, notice: String) {
        ("porttutor keeps your progress in \(fileURL.path), but that is \(kind), not a file, so your progress "
         + "cannot be read or saved this time. Remove or rename it (or set XDG_STATE_HOME to another folder) "
         + "and porttutor will create the file.",
         Self.fit("Progress not saved: progress.json is \(kind), not a file (details on exit)."))
    }

    /// Reads the saved progress. Missing: fresh, silently. Unreadable: set aside, fresh, with a warning.
    public func load(now: Date = Date()) -> Loaded {
        removeStaleTemporaryFiles(now: now)
        if let kind = OddFile.kind(at: fileURL.path) {
            let (warning, notice) = notAFile(kind)
            return Loaded(progress: Lessons.Progress(), warning: warning, notice: notice)
        }
        let data: Data
        switch Self.readWhole(fileURL.path) {
        case .success(let bytes): data = bytes
        case .failure(let code):
            if code == ENOENT { return Loaded(progress: Lessons.Progress(), warning: nil) }
            let reason = String(cString: strerror(code))
            return setAside(reason: "it cannot be read (\(reason))", short: "unreadable: \(reason)", now: now)
        }
        if data.isEmpty { return setAside(reason: "it is empty", short: "empty", now: now) }
        let progress: Lessons.Progress
        do {
            progress = try JSONDecoder().decode(Lessons.Progress.self, from: data)
        } catch {
            return setAside(reason: "it is not valid progress JSON", short: "not valid JSON", now: now)
        }
        if progress.version > Lessons.Progress.currentVersion {
            return setAside(reason: "it was written by a newer porttutor (format \(progress.version))",
                            short: "from a newer porttutor", now: now)
        }
        return Loaded(progress: progress, warning: nil)
    }

    /// Writes `progress` atomically.
    public func save(_ progress: Lessons.Progress) throws(ProgressStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(progress)
        } catch {
            throw ProgressStoreError(message: "could not encode progress: \(error)")
        }
        try writeAtomically(data + Data("\n".utf8))
    }

    /// Forgets one lesson's progress, or all of it, and saves.
    @discardableResult
    public func reset(lessonID: String?) throws(ProgressStoreError) -> Loaded {
        var loaded = load()
        loaded.progress.reset(lessonID: lessonID)
        try save(loaded.progress)
        return loaded
    }

    enum ReadOutcome {
        case success(Data)
        case failure(Int32)
    }

    /// The file's bytes, or the errno that stopped reading them. Opened without blocking,
    /// so a FIFO put there after the check above cannot hang porttutor either.
    static func readWhole(_ path: String) -> ReadOutcome {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(EINVAL) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return .failure(errno) }
            if count == 0 { return .success(data) }
            data.append(buffer, count: count)
        }
    }

    // MARK: Atomic write

    static let temporaryPrefix = ".progress.json.tmp-"

    func writeAtomically(_ data: Data) throws(ProgressStoreError) {
        if let kind = OddFile.kind(at: fileURL.path) {
            // rename() would replace a FIFO or fail on a folder with a bare errno.
            let (warning, _) = notAFile(kind)
            throw ProgressStoreError(message: warning, summary: "progress.json is \(kind), not a file")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ProgressStoreError(message: "cannot create \(directory.path) to save progress: \(error.localizedDescription)",
                                     summary: "cannot create its folder")
        }
        let temporary = directory.appendingPathComponent("\(Self.temporaryPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ProgressStoreError(message: "cannot write in \(directory.path): \(reason)", summary: "cannot write its folder (\(reason))")
        }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "writing failed: \(String(cString: strerror(errno)))"
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(descriptor) != 0 {
            failure = "fsync failed: \(String(cString: strerror(errno)))"
        }
        close(descriptor)
        if failure == nil && rename(temporary.path, fileURL.path) != 0 {
            failure = "rename failed: \(String(cString: strerror(errno)))"
        }
        if let failure {
            unlink(temporary.path)
            throw ProgressStoreError(message: "could not save progress to \(fileURL.path): \(failure)", summary: failure)
        }
        // Make the rename itself durable.
        let folder = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    // MARK: Recovery

    private func setAside(reason: String, short: String, now: Date) -> Loaded {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        var aside = directory.appendingPathComponent("\(Self.fileName).corrupt-\(formatter.string(from: now))")
        var counter = 1
        while FileManager.default.fileExists(atPath: aside.path) {
            counter += 1
            aside = directory.appendingPathComponent("\(Self.fileName).corrupt-\(formatter.string(from: now))-\(counter)")
        }
        let warning: String
        let notice = Self.fit("Saved progress set aside (\(short)); details on exit.")
        if rename(fileURL.path, aside.path) == 0 {
            warning = "Your saved progress in \(fileURL.path) could not be used: \(reason). It was moved to \(aside.path) and porttutor starts afresh; the lessons themselves are fine."
        } else {
            warning = "Your saved progress in \(fileURL.path) could not be used: \(reason), and it could not be moved aside (\(String(cString: strerror(errno)))). porttutor starts afresh and will overwrite it when you finish a step."
        }
        return Loaded(progress: Lessons.Progress(), warning: warning, notice: notice)
    }

    /// `text` cut to ``noticeWidth`` characters (with "…"), for words from strerror.
    public static func fit(_ text: String) -> String {
        text.count <= noticeWidth ? text : String(text.prefix(noticeWidth - 1)) + "…"
    }

    /// Temporary files left by a kill mid-save; any older than a minute belong to no running save.
    private func removeStaleTemporaryFiles(now: Date) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(Self.temporaryPrefix) {
            let path = directory.appendingPathComponent(name).path
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? now
            if now.timeIntervalSince(modified) > 60 { unlink(path) }
        }
    }
}

public struct ProgressStoreError: Error, Sendable, CustomStringConvertible {
    /// The whole story, with the paths.
    public var message: String
    /// A few words for a one-line notice ("cannot write its folder (Permission denied)").
    public var summary: String
    public var description: String { message }

    public init(message: String, summary: String? = nil) {
        self.message = message
        self.summary = summary ?? "see the message on exit"
    }
}
