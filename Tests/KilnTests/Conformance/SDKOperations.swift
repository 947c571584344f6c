import Foundation
import KilnAPI
import KilnServer

/// The same operations through the official Python SDK: `sdk_operations.py` run by the test venv's
/// python against the server, its requests matched one to one with the server's record.
struct SDKOperations {
    let api: ServerAPI
    let recorder: RequestRecorder
    /// The SDK's home folder, so that no `~/.databrickscfg` of the machine is read.
    let home: URL

    /// What the SDK reads once while it configures itself, before and outside any operation: the
    /// host's metadata (SDK-py `config.py`, host metadata discovery).
    static let configurationPaths: Set = ["/.well-known/databricks-config"]

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("sdk_operations.py")

    /// The requests of each operation, by name, and the round trips of the answers.
    func performAll() async throws -> (requests: [String: [RecordedRequest]], roundTrips: [SDKRoundTrip]) {
        let before = try RequestRecorder.records(in: recorder.file).count
        let environment = [
            "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "KILN_TEST_TOKEN": api.token,
        ]
        let result = try await runProcess(try PeerTools.tool("python"), [Self.script.path, api.baseURL], environment: environment)
        guard result.status == 0 else { throw ScriptFailed(status: result.status, stderr: result.stderr) }
        let report = try WireCoding.decode(Report.self, from: Data(result.stdout.utf8))
        let records = try RequestRecorder.records(in: recorder.file).dropFirst(before).filter { !Self.configurationPaths.contains($0.path) }
        guard records.count == report.calls.count,
            zip(records, report.calls).allSatisfy({ $0.method == $1.method && $0.path == $1.path })
        else {
            throw CallsDoNotMatchRecord(
                calls: report.calls.map { "\($0.method) \($0.path)" }, records: records.map { "\($0.method) \($0.path)" })
        }
        var requests: [String: [RecordedRequest]] = [:]
        for (record, call) in zip(records, report.calls) {
            requests[call.operation ?? "", default: []].append(record)
        }
        return (requests, report.roundTrips)
    }

    struct Report: Decodable {
        var calls: [Call]
        var roundTrips: [SDKRoundTrip]
        enum CodingKeys: String, CodingKey {
            case calls
            case roundTrips = "round_trips"
        }
    }

    /// One request as the SDK made it, with the operation it was part of.
    struct Call: Decodable {
        var operation: String?
        var method: String
        var path: String
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "sdk_operations.py exited \(status):\n\(stderr)" }
    }

    /// The SDK's calls and the server's record disagree: a retry, or a call that bypassed `ApiClient.do`.
    struct CallsDoNotMatchRecord: Error, CustomStringConvertible {
        var calls: [String]
        var records: [String]
        var description: String {
            "the SDK made\n\(calls.joined(separator: "\n"))\nbut the server recorded\n\(records.joined(separator: "\n"))"
        }
    }
}
