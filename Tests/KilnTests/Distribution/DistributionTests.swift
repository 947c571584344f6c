import Foundation
import Testing

/// The tarball `make dist` packs, as a CI agent gets it: unpacked into an empty folder and run with
/// no Swift on `PATH` and no `LD_LIBRARY_PATH`, linked only against libraries every Debian 12 and
/// Ubuntu 22.04/24.04 agent has, needing no glibc newer than Ubuntu 22.04's. `make test-dist` builds
/// the tarball and runs these with `KILN_DIST_TARBALL` naming it.
@Suite("make dist: the binary for CI agents", .enabled(if: DistTarball.url != nil), .timeLimit(.minutes(3)))
struct DistributionTests {

    /// What an agent has: the system's folders only.
    static let agentPath = "/usr/local/bin:/usr/bin:/bin"

    /// Shared libraries every Debian 12 / Ubuntu 22.04 / 24.04 agent has.
    static let agentLibraries: Set<String> = [
        "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1", "libsqlite3.so.0", "libxml2.so.2",
        "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    ]

    /// The unpacked folder of the tarball, in an empty folder of its own.
    private func unpacked() async throws -> (URL, TemporaryFolder) {
        let tarball = try #require(DistTarball.url)
        let folder = TemporaryFolder("kiln-dist")
        let check = try await runProcess(
            URL(fileURLWithPath: "/usr/bin/sha256sum"), ["-c", tarball.lastPathComponent + ".sha256"],
            directory: tarball.deletingLastPathComponent())
        #expect(check.status == 0, "the SHA-256 file does not match: \(check.stdout)\(check.stderr)")
        let unpack = try await runProcess(URL(fileURLWithPath: "/bin/tar"), ["-xzf", tarball.path, "-C", folder.url.path])
        #expect(unpack.status == 0, "\(unpack.stderr)")
        let name = tarball.lastPathComponent.replacingOccurrences(of: ".tar.gz", with: "")
        return (folder.url.appendingPathComponent(name), folder)
    }

    @Test func itNeedsOnlyTheLibrariesAndGlibcOfEveryAgent() async throws {
        let (kiln, folder) = try await unpacked()
        let binary = kiln.appendingPathComponent("kiln").path
        let dynamic = try await runProcess(URL(fileURLWithPath: "/usr/bin/readelf"), ["-d", binary])
        let needed = dynamic.stdout.split(separator: "\n").compactMap { line in
            line.contains("(NEEDED)") ? line.split(separator: "[").last?.dropLast().description : nil
        }
        #expect(!needed.isEmpty)
        #expect(Set(needed).isSubset(of: Self.agentLibraries), "needs \(Set(needed).subtracting(Self.agentLibraries))")
        let ldd = try await runProcess(URL(fileURLWithPath: "/usr/bin/ldd"), [binary])
        #expect(!ldd.stdout.contains("not found") && !ldd.stdout.contains("libswift"), "\(ldd.stdout)")
        let symbols = try await runProcess(URL(fileURLWithPath: "/usr/bin/objdump"), ["-T", binary])
        let glibc = Self.newestVersion(in: symbols.stdout, of: /GLIBC_([0-9.]+)/)
        let glibcxx = Self.newestVersion(in: symbols.stdout, of: /GLIBCXX_([0-9.]+)/)
        // Ubuntu 22.04: glibc 2.35, and the libstdc++ of GCC 12 (GLIBCXX_3.4.30).
        #expect(!glibc.isEmpty && !glibc.lexicographicallyPrecedes([2, 17]) && ![2, 35].lexicographicallyPrecedes(glibc), "\(glibc)")
        #expect(![3, 4, 30].lexicographicallyPrecedes(glibcxx), "\(glibcxx)")
        _ = folder
    }

    /// The highest `1.2.3` version the pattern's capture finds in `text`, as numbers.
    private static func newestVersion(in text: String, of pattern: Regex<(Substring, Substring)>) -> [Int] {
        text.matches(of: pattern).map { $0.output.1.split(separator: ".").compactMap { Int($0) } }
            .max { $0.lexicographicallyPrecedes($1) } ?? []
    }

    /// The R example's whole pipeline, with the unpacked binary alone.
    @Test func theUnpackedBinaryBuildsTheRExample() async throws {
        let (kiln, folder) = try await unpacked()
        var environment = TestRepository.environment
        environment["PATH"] = Self.agentPath
        environment["HOME"] = folder.url.path
        let version = try await runProcess(kiln.appendingPathComponent("kiln"), ["--version"], environment: environment)
        #expect(version.status == 0 && version.stdout.hasPrefix("0."), "\(version.stdout)\(version.stderr)")
        let repository = try await ExampleRepository("r-model")
        let result = try await runProcess(
            kiln.appendingPathComponent("kiln"), ["build", "--force", "--state", folder.path("engine").path], environment: environment,
            directory: repository.url)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Tests: 6 (6 passed, 0 failed"), "\(result.stdout)")
    }
}

/// The tarball under test, named by `KILN_DIST_TARBALL` (set by `make test-dist`).
enum DistTarball {
    static var url: URL? { ProcessInfo.processInfo.environment["KILN_DIST_TARBALL"].map { URL(fileURLWithPath: $0) } }
}
