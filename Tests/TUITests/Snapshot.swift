import Foundation
import Testing
import TUI

/// Compares a screen with a text file under Snapshots/. Run with
/// `PORTTUTOR_RECORD_SNAPSHOTS=1 swift test` to write the files after a deliberate change,
/// then read the diff before committing.
func assertSnapshot(_ screen: Screen, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent("\(name).txt")
    let actual = screen.text + "\n"
    if ProcessInfo.processInfo.environment["PORTTUTOR_RECORD_SNAPSHOTS"] != nil {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no snapshot \(file.path); record it with PORTTUTOR_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "screen differs from \(name).txt:\n\(actual)", sourceLocation: sourceLocation)
}
