import KilnAPI
import Testing

/// Runs `body`, expecting it to throw a Databricks error with `code`; returns the error for more checks.
@discardableResult
func expectDatabricksError(
    _ code: ErrorCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> DatabricksError? {
    do {
        try await body()
        Issue.record("expected \(code.rawValue), but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as DatabricksError {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
