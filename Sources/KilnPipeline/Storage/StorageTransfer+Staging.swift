import Foundation

/// A local file and where it goes in storage.
public struct StagedFile: Sendable, Hashable {
    public var source: URL
    public var destination: StoragePath

    public init(source: URL, destination: StoragePath) {
        self.source = source
        self.destination = destination
    }
}

/// How far staging has come, for the live view.
public struct StagingProgress: Sendable, Hashable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int64
    public var bytesTotal: Int64

    public init(filesDone: Int, filesTotal: Int, bytesDone: Int64, bytesTotal: Int64) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
    }
}

extension StorageTransfer {
    /// Uploads every file, `parallelism` at a time, telling `progress` when it starts and after
    /// each file. The first failure stops the others and is thrown (a `TransferError` naming the file).
    @discardableResult
    public func stage(
        _ files: [StagedFile], overwrite: Bool = true, progress: (StagingProgress) -> Void = { _ in }
    ) async throws -> StagingProgress {
        let sized = try files.map { file in (file, try Self.size(of: file.source, destination: file.destination)) }
        var state = StagingProgress(filesDone: 0, filesTotal: files.count, bytesDone: 0, bytesTotal: sized.map(\.1).reduce(0, +))
        progress(state)
        return try await withThrowingTaskGroup(of: Int64.self) { group in
            var pending = sized.makeIterator()
            for _ in 0..<parallelism {
                guard let (file, size) = pending.next() else { break }
                group.addTask { try await upload(file, size: size, overwrite: overwrite) }
            }
            while let bytes = try await group.next() {
                state.filesDone += 1
                state.bytesDone += bytes
                progress(state)
                if let (file, size) = pending.next() {
                    group.addTask { try await upload(file, size: size, overwrite: overwrite) }
                }
            }
            return state
        }
    }

    private func upload(_ file: StagedFile, size: Int64, overwrite: Bool) async throws -> Int64 {
        try await upload(file.source, size: size, to: file.destination, overwrite: overwrite)
        return size
    }
}
