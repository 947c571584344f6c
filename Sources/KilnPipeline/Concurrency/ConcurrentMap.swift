/// `transform` over `items`, at most `width` at a time, the results in the items' order: how a
/// build sends many independent calls (notebook imports, folders, manifests) without flooding
/// the workspace or waiting for each in turn. The first failure cancels the others and is thrown.
func concurrentMap<Item: Sendable, Result: Sendable>(
    _ items: [Item], width: Int, _ transform: @escaping @Sendable (Item) async throws -> Result
) async throws -> [Result] {
    try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        func start() {
            guard next < items.count else { return }
            let index = next
            group.addTask { (index, try await transform(items[index])) }
            next += 1
        }
        for _ in 0..<max(1, width) { start() }
        while let (index, result) = try await group.next() {
            results[index] = result
            start()
        }
        return results.compactMap { $0 }
    }
}
