import Foundation
import PackagePlugin

/// Stamps the executable with the commit it is built from, for `kiln --version`: before every
/// build, `BuildInfo.swift` is written with `git describe`'s answer (or `unknown` outside a git
/// checkout), and rewritten only when the answer changed, so an unchanged commit costs no rebuild.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let file = output.appending(path: "BuildInfo.swift")
        let script = """
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
            dirty=$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null | head -c1)
            [ -n "$dirty" ] && commit="$commit-modified"
            mkdir -p "$2"
            text="/// The commit this executable was built from (written by the BuildInfo plugin).
            let buildCommit = \\"$commit\\""
            [ "$(cat "$3" 2>/dev/null)" = "$text" ] || printf '%s' "$text" > "$3"
            """
        return [
            .prebuildCommand(
                displayName: "Stamping the commit into kiln",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "stamp", context.package.directoryURL.path, output.path, file.path],
                outputFilesDirectory: output)
        ]
    }
}
