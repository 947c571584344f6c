import Foundation

/// Writes a local file through a hidden partial file next to it that replaces it in one step, so
/// a download that breaks off never leaves half a file where a complete one is expected.
enum PartialFile {
    static func replace(_ file: URL, write: (FileHandle) async throws -> Void) async throws {
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).partial-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: partial.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: partial)
            do {
                try await write(handle)
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            guard rename(partial.path, file.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }
}
