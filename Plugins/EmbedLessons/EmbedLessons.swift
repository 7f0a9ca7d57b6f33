import Foundation
import PackagePlugin

/// Compiles the package's `Lessons/` folder into the target it is applied to
/// (BuiltinLessons): one build command whose inputs are every file there, so adding,
/// changing or removing a lesson or a recording rebuilds the embedded copy.
@main
struct EmbedLessons: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appendingPathComponent("Lessons")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let inputs = names
            .filter { !$0.hasPrefix(".") }
            .sorted()
            .map { folder.appendingPathComponent($0) }
            .filter { url in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedLessons.swift")
        return [
            .buildCommand(
                displayName: "Embedding the Lessons folder into \(target.name)",
                executable: try context.tool(named: "EmbedLessonsTool").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
