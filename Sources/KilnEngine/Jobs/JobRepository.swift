import Foundation
import GRDB
import KilnAPI

/// Jobs in the engine's database.
struct JobRepository: Sendable {
    let database: EngineDatabase
    /// Who the engine says created its jobs and runs.
    static let userName = "kiln@localhost"

    func create(_ settings: JobSettings) throws -> Int64 {
        let encoded = try Self.encode(settings)
        return try database.write { db in
            let jobId = try EngineDatabase.nextValue("job", in: db)
            try db.execute(
                sql: "INSERT INTO job (job_id, name_key, created_time, settings) VALUES (?, ?, ?, ?)",
                arguments: [jobId, Self.nameKey(settings.name), epochMillis(), encoded])
            return jobId
        }
    }

    func replace(_ jobId: Int64, with settings: JobSettings) throws {
        let encoded = try Self.encode(settings)
        try database.write { db in
            try db.execute(
                sql: "UPDATE job SET name_key = ?, settings = ? WHERE job_id = ?",
                arguments: [Self.nameKey(settings.name), encoded, jobId])
            guard db.changesCount > 0 else { throw Self.missing(jobId) }
        }
    }

    func get(_ jobId: Int64) throws -> Job {
        let job = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT job_id, created_time, settings FROM job WHERE job_id = ?", arguments: [jobId])
                .map(Self.job(from:))
        }
        guard let job else { throw Self.missing(jobId) }
        return job
    }

    func delete(_ jobId: Int64) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM job WHERE job_id = ?", arguments: [jobId])
            guard db.changesCount > 0 else { throw Self.missing(jobId) }
        }
    }

    /// A page of jobs in creation order, filtered by exact, case-insensitive name.
    func list(name: String?, offset: Int, limit: Int) throws -> (jobs: [Job], hasMore: Bool) {
        try database.read { db in
            let filter = name == nil ? "" : "WHERE name_key = ?"
            var arguments: StatementArguments = name.map { [Self.nameKey($0)] } ?? []
            _ = arguments.append(contentsOf: [limit + 1, offset])
            let rows = try Row.fetchAll(
                db, sql: "SELECT job_id, created_time, settings FROM job \(filter) ORDER BY job_id LIMIT ? OFFSET ?", arguments: arguments)
            return (try rows.prefix(limit).map(Self.job(from:)), rows.count > limit)
        }
    }

    /// Whether any job runs its tasks on the cluster `clusterId`.
    func usesCluster(_ clusterId: String) throws -> Bool {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT settings FROM job WHERE instr(settings, ?) > 0", arguments: [clusterId])
                .contains { try Self.settings(from: $0).tasks?.contains { $0.existingClusterId == clusterId } ?? false }
        }
    }

    static func missing(_ jobId: Int64) -> DatabricksError {
        .invalidParameter("Job \(jobId) does not exist.")
    }

    private static func nameKey(_ name: String?) -> String { (name ?? "Untitled").lowercased() }

    /// The settings as sent, in their key order, so `jobs/get` answers them as they were created.
    private static func encode(_ settings: JobSettings) throws -> String {
        String(decoding: JSONValue.object(settings.document).jsonData(), as: UTF8.self)
    }

    private static func settings(from text: String) throws -> JobSettings {
        guard case .object(let document) = try JSONValue(parsing: Data(text.utf8)) else {
            throw DatabricksError(.internalError, "The stored settings of a job are not a JSON object; delete the job and create it again.")
        }
        return JobSettings(document: document)
    }

    private static func job(from row: Row) throws -> Job {
        Job(
            jobId: row["job_id"], creatorUserName: userName, createdTime: row["created_time"], settings: try settings(from: row["settings"])
        )
    }
}
