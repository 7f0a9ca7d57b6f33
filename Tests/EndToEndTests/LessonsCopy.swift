import Foundation

/// The shipped lessons copied to a temporary folder with their ports moved into a suite's
/// own range (`8080` → 18540...), beside the recordings, so suites run side by side.
enum LessonsCopy {
    static func make(tag: String, ports: [String: Int]) throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons")
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("porttutor-\(tag)-e2e-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: root.path) {
            let source = root.appendingPathComponent(name)
            let target = folder.appendingPathComponent(name)
            if name.hasSuffix(".yaml") {
                var text = try String(contentsOf: source, encoding: .utf8)
                for (from, to) in ports { text = text.replacingOccurrences(of: from, with: String(to)) }
                try text.write(to: target, atomically: true, encoding: .utf8)
            } else if name.hasSuffix(".pcap") {
                try FileManager.default.copyItem(at: source, to: target)
            }
        }
        return folder
    }
}
