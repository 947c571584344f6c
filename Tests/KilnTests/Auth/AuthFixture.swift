import Foundation
import Logging
import NIOConcurrencyHelpers

@testable import KilnClient

/// Configurations resolved from an environment of the test's own, and clients on a clock the
/// test moves.
enum AuthFixture {
    /// What `environment` resolves to for `host`, with test settings; no config file is read.
    static func configuration(
        _ environment: [String: String], host: String, settings: ClientSettings = .forTests()
    ) throws -> WorkspaceConfiguration {
        var configuration = try WorkspaceConfiguration.resolve(
            ConnectionOptions(host: host), environment: environment, homeDirectory: URL(fileURLWithPath: "/nonexistent/kiln-home"))
        configuration.settings = settings
        return configuration
    }

    /// The resolution error of `environment` for `host`.
    static func error(_ environment: [String: String], host: String = "https://adb-1.2.azuredatabricks.net") -> ClientConfigurationError? {
        do {
            _ = try configuration(environment, host: host)
            return nil
        } catch let error as ClientConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    /// Runs `body` with a client of `configuration` whose tokens expire by `time`, shut down afterwards.
    static func withClient<T: Sendable>(
        _ configuration: WorkspaceConfiguration, time: OAuthTests.ManualTime = OAuthTests.ManualTime(), logger: Logger? = nil,
        _ body: (DatabricksClient) async throws -> T
    ) async throws -> T {
        let client = DatabricksClient(configuration: configuration, logger: logger, currentTime: { time.now })
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// A count shared with a stand-in's answer closure.
final class Counter: Sendable {
    private let value = NIOLockedValueBox(0)

    /// Adds one and returns the new count.
    func next() -> Int {
        value.withLockedValue {
            $0 += 1
            return $0
        }
    }
}

/// The answer of a stand-in workspace to `GET /api/2.0/workspace/list`.
let emptyListing = (status: 200, json: #"{"objects":[]}"#)
