import Foundation
import PackagePlugin

/// Writes `GitCommit.swift` into the target it is applied to (porttutor) before every
/// build: the commit the binary is built from, with `-dirty` when tracked files differ from
/// it, or nil outside a git checkout of its own (a source tarball, even unpacked inside
/// another repository). `porttutor --version` prints it.
///
/// A prebuild command, because the commit changes without any file of the package
/// changing; the script rewrites the source only when its text changes, so an unchanged
/// commit recompiles nothing.
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        let script = #"""
        set -u
        package="$1"; folder="$2"
        mkdir -p "$folder"
        commit=""
        # Only the package's own checkout counts, not one it was unpacked inside.
        if [ "$(git -C "$package" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$package" && pwd -P)" ]; then
            commit=$(git -C "$package" rev-parse --short=12 HEAD 2>/dev/null) || commit=""
        fi
        if [ -n "$commit" ] && [ -n "$(git --no-optional-locks -C "$package" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
            commit="$commit-dirty"
        fi
        case "$commit" in
            *[!0-9a-z-]*) commit="" ;;
        esac
        if [ -n "$commit" ]; then value="\"$commit\""; else value="nil"; fi
        text="// Generated before every build by the BuildInfo plugin: do not edit.
        enum GitCommit {
            /// The commit porttutor was built from (\`-dirty\`: with changes not committed), nil outside a git checkout.
            static let built: String? = $value
        }"
        if [ "$(cat "$folder/GitCommit.swift" 2>/dev/null)" != "$text" ]; then
            printf '%s\n' "$text" > "$folder/GitCommit.swift.tmp" && mv "$folder/GitCommit.swift.tmp" "$folder/GitCommit.swift"
        fi
        """#
        return [
            .prebuildCommand(
                displayName: "Recording the git commit of \(target.name)",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output
            ),
        ]
    }
}
