import Foundation
import Testing
import TUI
import Tutor

/// Compares a frame with a text file under Snapshots/. Run with
/// `PORTTUTOR_RECORD_SNAPSHOTS=1 swift test` to write the files after a deliberate change,
/// then read the diff before committing.
func assertSnapshot(_ frame: Frame, named name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent("\(name).txt")
    let actual = snapshotText(of: frame)
    if ProcessInfo.processInfo.environment["PORTTUTOR_RECORD_SNAPSHOTS"] != nil {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no snapshot \(file.path); record it with PORTTUTOR_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    #expect(actual == expected, "frame differs from \(name).txt:\n\(actual)", sourceLocation: sourceLocation)
}

/// A frame as a snapshot: the text, then a layer of one letter a cell for its role (upper
/// case when reversed), then the cursor. Focus, errors and selections show in roles and
/// reverse video as much as in words, so a change to them must show in the diff.
func snapshotText(of frame: Frame) -> String {
    let screen = frame.screen
    var roleRows: [String] = []
    for y in 0..<screen.size.rows {
        var row = ""
        for x in 0..<screen.size.columns { row.append(letter(for: screen[x, y])) }
        while row.last == "." { row.removeLast() }
        roleRows.append(row)
    }
    let cursor = frame.cursor.map { "x \($0.x), y \($0.y)" } ?? "hidden"
    return screen.text + "\n"
        + "-- roles: a letter a cell, . normal; upper case is reverse video (Snapshot.swift)\n"
        + roleRows.joined(separator: "\n") + "\n"
        + "-- cursor: \(cursor)\n"
}

/// One letter per role; the switch has no default, so a new role needs a letter.
private func letter(for cell: Cell) -> Character {
    let letter: Character = switch cell.role {
    case .normal: cell.isReversed ? "#" : "."
    case .dim: "d"
    case .emphasis: "e"
    case .code: "c"
    case .heading: "h"
    case .banner: "b"
    case .curtain: "k"
    case .success: "s"
    case .warning: "w"
    case .error: "x"
    case .incoming: "i"
    case .outgoing: "o"
    case .highlight: "g"
    case .selection: "n"
    case .prompt: "p"
    }
    return cell.isReversed ? Character(letter.uppercased()) : letter
}
