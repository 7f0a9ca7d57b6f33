import ArgumentParser

/// Validates lesson files and reports FILE:LINE:COLUMN diagnostics.
/// Placeholder: the Lessons issue replaces this file.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Check lesson files for mistakes.")
    @Argument var paths: [String] = []
    func run() throws { throw ValidationError("lint is not implemented yet") }
}
