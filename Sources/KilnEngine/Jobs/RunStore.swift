import Foundation
import GRDB
import KilnAPI

/// Runs and their outputs in the engine's database. A job run is stored whole (its tasks inside
/// it, as `runs/get` answers); each task run has a row of its own that leads back to it.
struct RunStore: Sendable {
    let database: EngineDatabase

    /// Stores a new run and its task runs in one transaction.
    func insert(_ run: Run, idempotencyToken: String?) throws {
        let record = try Self.encode(run)
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO run (run_id, job_id, run_type, active, idempotency_token, record) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    run.runId, run.jobId ?? 0, (run.runType ?? .jobRun).rawValue, !run.state.lifeCycleState.isTerminal,
                    idempotencyToken, record,
                ])
            for task in run.tasks ?? [] {
                try db.execute(
                    sql: "INSERT INTO task_run (run_id, parent_run_id, task_key) VALUES (?, ?, ?)",
                    arguments: [task.runId, run.runId, task.taskKey])
            }
        }
    }

    /// Hands out `count` new run ids, increasing.
    func allocateRunIds(_ count: Int) throws -> [Int64] {
        try database.write { db in try (0..<count).map { _ in try EngineDatabase.nextValue("run", in: db) } }
    }

    func save(_ run: Run) throws {
        let record = try Self.encode(run)
        try database.write { db in
            try db.execute(
                sql: "UPDATE run SET record = ?, active = ? WHERE run_id = ?",
                arguments: [record, !run.state.lifeCycleState.isTerminal, run.runId])
        }
    }

    func run(_ runId: Int64) throws -> Run? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT record FROM run WHERE run_id = ?", arguments: [runId]).map(Self.decode)
        }
    }

    /// The job run a task run belongs to.
    func parent(ofTaskRun runId: Int64) throws -> Int64? {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT parent_run_id FROM task_run WHERE run_id = ?", arguments: [runId])
        }
    }

    func run(forToken token: String, jobId: Int64) throws -> Int64? {
        try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT run_id FROM run WHERE job_id = ? AND idempotency_token = ?", arguments: [jobId, token])
        }
    }

    /// Runs that have not ended, oldest first; of one job, or of all.
    func activeRuns(jobId: Int64? = nil) throws -> [Run] {
        try database.read { db in
            let filter = jobId == nil ? "" : " AND job_id = ?"
            let arguments: StatementArguments = jobId.map { [$0] } ?? []
            return try String.fetchAll(db, sql: "SELECT record FROM run WHERE active = 1\(filter) ORDER BY run_id", arguments: arguments)
                .map(Self.decode)
        }
    }

    /// A page of runs, newest first.
    func list(_ query: RunsListQuery, offset: Int, limit: Int) throws -> (runs: [Run], hasMore: Bool) {
        try database.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let jobId = query.jobId {
                conditions.append("job_id = ?")
                _ = arguments.append(contentsOf: [jobId])
            }
            if let runType = query.runType {
                conditions.append("run_type = ?")
                _ = arguments.append(contentsOf: [runType.rawValue])
            }
            if query.activeOnly { conditions.append("active = 1") }
            if query.completedOnly { conditions.append("active = 0") }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            _ = arguments.append(contentsOf: [limit + 1, offset])
            let records = try String.fetchAll(
                db, sql: "SELECT record FROM run \(filter) ORDER BY run_id DESC LIMIT ? OFFSET ?", arguments: arguments)
            return (try records.prefix(limit).map(Self.decode), records.count > limit)
        }
    }

    func saveOutput(_ output: RunOutput, taskRunId: Int64) throws {
        let encoded = String(decoding: try WireCoding.encode(output), as: UTF8.self)
        try database.write { db in
            try db.execute(sql: "UPDATE task_run SET output = ? WHERE run_id = ?", arguments: [encoded, taskRunId])
        }
    }

    func output(taskRunId: Int64) throws -> RunOutput? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT output FROM task_run WHERE run_id = ?", arguments: [taskRunId])
                .map { try WireCoding.decode(RunOutput.self, from: Data($0.utf8)) }
        }
    }

    private static func encode(_ run: Run) throws -> String {
        String(decoding: try WireCoding.encode(run), as: UTF8.self)
    }

    private static func decode(_ record: String) throws -> Run {
        try WireCoding.decode(Run.self, from: Data(record.utf8))
    }
}
