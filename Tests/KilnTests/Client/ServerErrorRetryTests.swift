import Foundation
import KilnAPI
import KilnClient
import Testing

@testable import KilnClient

/// 500, 502 and 504, and the transient messages the Databricks SDKs retry: sent again only when the
/// call is safe to repeat, since the service may have acted before it failed.
@Suite("Client: server errors and transient messages", .timeLimit(.minutes(2)))
struct ServerErrorRetryTests {
    /// A GET meets the fault on every attempt: it is retried until its deadline, and the error
    /// names the last answer, read from JSON (500) or from a gateway's HTML page (502, 504).
    @Test(arguments: [
        ("500@1", ErrorCode.internalError, 500, "last answer: 500 INTERNAL_ERROR: Internal error: injected fault."),
        ("502@1", ErrorCode(rawValue: "BAD_GATEWAY"), 502, "last answer: 502 BAD_GATEWAY: 502 Bad Gateway"),
        ("504@1", ErrorCode.deadlineExceeded, 504, "last answer: 504 DEADLINE_EXCEEDED: 504 Gateway Timeout"),
    ])
    func aRepeatableCallIsRetriedUntilItsDeadline(_ faults: String, _ code: ErrorCode, _ status: Int, _ last: String) async throws {
        try await ServerFixture.run(faults: faults) { api in
            let settings = ClientSettings.forTests(retryTimeout: .seconds(1))
            let started = ContinuousClock.now
            let error = await expectDatabricksError(code) {
                try await api.withClient(settings) { client in
                    _ = try await client.databricks.workspace.list("/Shared")
                }
            }
            let elapsed = ContinuousClock.now - started
            let message = try #require(error?.message)
            #expect(error?.status == status)
            #expect(message.contains(last), "\(message)")
            // Tried again until the deadline (on a loaded machine one slow attempt may use it all up).
            let attempts = try #require(Int(message.split(separator: " ")[3]))
            #expect(attempts > 1 || elapsed >= settings.retryTimeout, "\(message)")
        }
    }

    /// A create that got a 500 may have created the job: it is not sent again.
    @Test(arguments: ["500@1", "502@1", "504@1"])
    func aCallThatIsNotSafeToRepeatFailsAtOnce(_ faults: String) async throws {
        try await ServerFixture.run(faults: faults + ",on=/api/2.1/jobs/create") { api in
            let log = LogCapture()
            let error = await expectDatabricksError(ErrorCode.forStatus(Int(faults.prefix(3))!)) {
                try await api.withClient(.forTests(retryTimeout: .seconds(5)), logger: log.logger()) { client in
                    _ = try await client.databricks.jobs.create(JobSettings(name: "once"))
                }
            }
            #expect(error?.message.contains("failed") == false, "not retried: the server's own message, \(error?.message ?? "")")
            #expect(log.lines(containing: "POST /api/2.1/jobs/create → ").count == 1)
            #expect(log.lines(containing: "retrying").isEmpty)
        }
    }

    /// Half the calls fail with a 504: every GET still succeeds, through retries.
    @Test func aGatewayThatFailsHalfTheTimeIsRetriedPast() async throws {
        try await ServerFixture.run(faults: "504@0.5,seed=3") { api in
            let log = LogCapture()
            try await api.withClient(logger: log.logger()) { client in
                for _ in 0..<20 { _ = try await client.databricks.workspace.list("/") }
            }
            #expect(log.lines(containing: " → 504 ").count >= 5, "the faults were not injected")
            #expect(log.lines(containing: "GET /api/2.0/workspace/list?path=%2F → 200").count == 20)
        }
    }

    @Test(arguments: [
        // Refusals: the service did not act, so any call may go again.
        (429, "REQUEST_LIMIT_EXCEEDED", "slow down", RetryRule.refused),
        (503, "TEMPORARILY_UNAVAILABLE", "down", .refused),
        (400, "BAD_REQUEST", "Please try again later or try a faster operation.", .refused),
        (400, "INVALID_STATE", "RPC token bucket limit has been exceeded", .refused),
        (400, "BAD_REQUEST", "Error: REQUEST_LIMIT_EXCEEDED for workspace", .refused),
        // Transient: it may have acted, so only calls safe to repeat go again.
        (500, "INTERNAL_ERROR", "boom", .transient),
        (502, "BAD_GATEWAY", "Bad Gateway", .transient),
        (504, "DEADLINE_EXCEEDED", "Gateway Timeout", .transient),
        (400, "INVALID_STATE", "com.databricks.backend.manager.util.ClusterNotReadyException: not ready", .transient),
        (400, "INVALID_PARAMETER_VALUE", "Workspace 1 does not have any associated worker environments", .transient),
        (400, "INVALID_PARAMETER_VALUE", "There is no worker environment with id 7", .transient),
        (400, "BAD_REQUEST", "Unknown worker environment", .transient),
        (500, "INTERNAL_ERROR", "Unexpected error", .transient),
        (400, "BAD_REQUEST", "Timed out after 30s", .transient),
        // Final: the answer is the answer.
        (400, "INVALID_PARAMETER_VALUE", "Job 5 does not exist.", .final),
        (401, "UNAUTHENTICATED", "bad token", .final),
        (403, "PERMISSION_DENIED", "no", .final),
        (404, "RESOURCE_DOES_NOT_EXIST", "gone", .final),
        (409, "RESOURCE_CONFLICT", "busy", .final),
    ])
    func answersAreSortedAsTheSDKsSortThem(_ status: Int, _ code: String, _ message: String, _ rule: RetryRule) {
        let error = DatabricksError(ErrorCode(rawValue: code), message, status: status)
        #expect(RetryRule(status: status, error: error) == rule)
        #expect(RetryRule(status: status, error: error).allowsRetry(repeatable: true) == (rule != .final))
        #expect(RetryRule(status: status, error: error).allowsRetry(repeatable: false) == (rule == .refused))
    }
}
