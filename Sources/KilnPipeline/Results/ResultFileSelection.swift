import Foundation

/// The results files `kiln results` is given: paths, and patterns (`junit/**/*.xml`, quoted so
/// the shell leaves them to Kiln) expanded under the folder they start at, in name order, each
/// file once.
public struct ResultFileSelection: Sendable {
    /// The files found, with the names they go by in the report and on the console.
    public var files: [(name: String, url: URL)] = []
    /// The arguments that named nothing: a path that does not exist, a pattern that matched no file.
    public var unmatched: [String] = []

    /// - Parameter folder: where relative arguments start (the working folder).
    public init(_ arguments: [String], in folder: URL) throws(GlobError) {
        var seen = Set<String>()
        for argument in arguments {
            let found = try Self.expand(argument, in: folder)
            if found.isEmpty { unmatched.append(argument) }
            for file in found where seen.insert(file.url.standardizedFileURL.path).inserted {
                files.append(file)
            }
        }
    }

    private static func expand(_ argument: String, in folder: URL) throws(GlobError) -> [(name: String, url: URL)] {
        let isPattern = argument.contains { "*?[".contains($0) }
        guard isPattern else {
            let url = argument.hasPrefix("/") ? URL(fileURLWithPath: argument) : folder.appendingPathComponent(argument)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return [] }
            return [(argument, url)]
        }
        // The pattern's literal leading folders are where the walk starts; the rest is matched.
        var components = argument.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var prefix: [String] = []
        while let first = components.first, !first.contains(where: { "*?[".contains($0) }), components.count > 1 {
            prefix.append(first)
            components.removeFirst()
        }
        let literal = prefix.joined(separator: "/")
        let root =
            argument.hasPrefix("/") ? URL(fileURLWithPath: literal.isEmpty ? "/" : literal) : folder.appendingPathComponent(literal)
        let glob = try Glob(components.joined(separator: "/"))
        // In path order already.
        return ((try? LocalFiles.matching([glob], in: root)) ?? []).map { relative in
            (name: (literal.isEmpty ? "" : literal + "/") + relative, url: root.appendingPathComponent(relative))
        }
    }
}
