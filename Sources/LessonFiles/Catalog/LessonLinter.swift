import Lessons
import Foundation

/// `porttutor lint`: checks lesson files and folders, and lesson ids across all of them.
public enum LessonLinter {
    public struct Report: Sendable {
        public var diagnostics: [Diagnostic]
        /// How many lesson files were read.
        public var fileCount: Int
        public var lessonCount: Int

        public var errors: [Diagnostic] { diagnostics.filter(\.isError) }
        public var warnings: [Diagnostic] { diagnostics.filter { !$0.isError } }
        public var isValid: Bool { errors.isEmpty }

        /// One line for the end of the output.
        public var summary: String {
            let files = fileCount == 1 ? "1 file" : "\(fileCount) files"
            if isValid {
                let warned = warnings.isEmpty ? "" : " (\(warnings.count) warning\(warnings.count == 1 ? "" : "s"))"
                return "\(files), \(lessonCount) lesson\(lessonCount == 1 ? "" : "s"): all valid\(warned)"
            }
            return "\(files): \(errors.count) error\(errors.count == 1 ? "" : "s"), \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
        }
    }

    /// Lints lessons held in memory (the built-in ones), named as `files.prefix + NAME`.
    public static func lint(files: LessonFileSet) -> Report {
        let results = files.loadEach()
        let assembled = LessonCatalog.assemble(results)
        return Report(diagnostics: assembled.diagnostics, fileCount: results.count,
                      lessonCount: assembled.catalog.lessons.count)
    }

    /// Lints `paths` (files or folders, as typed on the command line; relative paths are read
    /// from `currentDirectory` and shown as typed).
    public static func lint(paths: [String], currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> Report {
        var results: [LessonLoader.Result] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : currentDirectory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                do {
                    let files = try LessonCatalog.lessonFiles(in: url)
                    if files.isEmpty {
                        diagnostics.append(Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "no lesson files (*.yaml) in this folder"))
                    }
                    for file in files {
                        results.append(LessonLoader.load(url: file, displayPath: LessonCatalog.join(path, file.lastPathComponent)))
                    }
                } catch {
                    diagnostics.append(Diagnostic(at: SourceLocation(file: path, line: 1, column: 1), "cannot read this folder: \(error.localizedDescription)"))
                }
            } else {
                results.append(LessonLoader.load(url: url, displayPath: path))
            }
        }
        let assembled = LessonCatalog.assemble(results)
        return Report(
            diagnostics: (diagnostics + assembled.diagnostics).sorted(),
            fileCount: results.count,
            lessonCount: assembled.catalog.lessons.count)
    }
}
