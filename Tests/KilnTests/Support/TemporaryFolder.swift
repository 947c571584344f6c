import Foundation

/// A folder of its own for one test, removed when the test lets go of it (its records searched
/// for secrets first: `SecretSweep`).
final class TemporaryFolder: Sendable {
    let url: URL

    init(_ label: String = "kiln-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        SecretSweep.searchRecords(under: url)
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// Writes a text file (creating its folders) and returns its URL.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> URL {
        let file = path(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }
}
