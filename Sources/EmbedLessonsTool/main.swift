import Foundation

// The EmbedLessons plugin's tool: `EmbedLessonsTool OUTPUT.swift FILE...` writes a Swift
// source holding each file's name and bytes (base64 in a string literal) as
// `BuiltinLessons.embedded`, sorted by name. It runs at build time only; nothing of it ships.

let arguments = CommandLine.arguments.dropFirst()
guard let outputPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedLessonsTool OUTPUT.swift FILE...\n".utf8))
    exit(2)
}
let inputs = arguments.dropFirst().map { URL(fileURLWithPath: $0) }
    .sorted { $0.lastPathComponent < $1.lastPathComponent }

var source = """
// Generated at build time by the EmbedLessons plugin from the package's Lessons/ folder.
// Do not edit: edit Lessons/ and build again.

extension BuiltinLessons {
    static let embedded: [BuiltinFile] = [

"""
for input in inputs {
    let bytes: Data
    do {
        bytes = try Data(contentsOf: input)
    } catch {
        FileHandle.standardError.write(Data("EmbedLessonsTool: cannot read \(input.path): \(error.localizedDescription)\n".utf8))
        exit(1)
    }
    // A file name goes into a string literal: refuse the few characters that would need escaping.
    let name = input.lastPathComponent
    guard !name.contains(where: { $0 == "\"" || $0 == "\\" || $0.isNewline }) else {
        FileHandle.standardError.write(Data("EmbedLessonsTool: \(input.path): a lesson file's name may not hold quotes, backslashes or line breaks\n".utf8))
        exit(1)
    }
    source += "        BuiltinFile(name: \"\(name)\", base64: \"\(bytes.base64EncodedString())\"),\n"
}
source += """
    ]
}

"""
// Written only when it changed, so an unchanged Lessons/ rebuilds nothing.
let output = URL(fileURLWithPath: outputPath)
if (try? Data(contentsOf: output)) != Data(source.utf8) {
    do {
        try Data(source.utf8).write(to: output, options: .atomic)
    } catch {
        FileHandle.standardError.write(Data("EmbedLessonsTool: cannot write \(outputPath): \(error.localizedDescription)\n".utf8))
        exit(1)
    }
}
