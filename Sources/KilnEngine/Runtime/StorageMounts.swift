import Foundation

/// Gives a program the paths of a cluster: `/dbfs` (the engine's store), `/Volumes` (its
/// volumes) and `/Workspace` (the notebook's folder), so that code that opens `/dbfs/...` or
/// `/Volumes/...` literally runs as it does on Databricks.
///
/// They are bind mounts in a mount namespace of the program's own, made by bubblewrap (`bwrap`,
/// Debian's `bubblewrap`), which needs no privileges: the rest of the file system is the
/// machine's own, bound as it is, and nothing changes outside the program. Where bwrap is missing
/// or cannot make a namespace (user namespaces turned off), or `KILN_MOUNTS=off`, programs run
/// without them; storage paths given as widget values are still mapped (``StorePaths``).
struct StorageMounts: Sendable {
    let bwrap: String

    /// The folders mounted in the program's namespace, by the path it sees them at.
    struct Sources: Sendable {
        var dbfs: URL
        var volumes: URL
        var workspace: URL
    }

    /// The mounts, when this machine can make them.
    static func available(environment: [String: String]) -> StorageMounts? {
        environment["KILN_MOUNTS"] == "off" ? nil : probed
    }

    /// bwrap found on the PATH and tried once per process: a namespace it cannot make would fail
    /// every run, where running without mounts fails only the runs that need them.
    private static let probed: StorageMounts? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard
            let bwrap = path.split(separator: ":").map({ "\($0)/bwrap" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return nil }
        let mounts = StorageMounts(bwrap: bwrap)
        let scratch = FileManager.default.temporaryDirectory
        let (executable, arguments) = mounts.command(
            "true", [], mounting: Sources(dbfs: scratch, volumes: scratch, workspace: scratch), workingDirectory: "/")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? mounts : nil
    }()

    /// The command that runs `executable` with the mounts, in `workingDirectory` (a path the
    /// program sees). bwrap dies with its parent, and passes the program's exit status on.
    func command(_ executable: String, _ arguments: [String], mounting sources: Sources, workingDirectory: String) -> (String, [String]) {
        var options = ["--die-with-parent"]
        let mounted: Set<String> = ["dbfs", "Volumes", "Workspace", "dev", "proc"]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/")) ?? []
        for entry in entries.sorted() where !mounted.contains(entry) {
            let path = "/" + entry
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                options += ["--symlink", target, path]
            } else {
                options += ["--bind", path, path]
            }
        }
        options += ["--dev-bind", "/dev", "/dev", "--bind", "/proc", "/proc"]
        options += ["--bind", sources.dbfs.path, "/dbfs", "--bind", sources.volumes.path, "/Volumes"]
        options += ["--bind", sources.workspace.path, "/Workspace", "--chdir", workingDirectory]
        return (bwrap, options + ["--", executable] + arguments)
    }
}
