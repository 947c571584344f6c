import Foundation
import GRDB

/// The engine's SQLite database: workspace objects, jobs, runs, outputs and upload handles.
///
/// WAL mode with `synchronous = NORMAL`: a transaction that returned has reached the operating
/// system, so killing the process at any moment loses nothing acknowledged. Every mutation is one
/// transaction, so a crash never leaves half a write behind.
struct EngineDatabase: Sendable {
    let queue: DatabaseQueue

    init(at url: URL) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            queue = try DatabaseQueue(path: url.path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try Self.migrator.migrate(queue)
        } catch {
            throw EngineError.database(url.path, String(describing: error))
        }
    }

    func read<T: Sendable>(_ body: @Sendable (GRDB.Database) throws -> T) throws -> T {
        try queue.read(body)
    }

    func write<T: Sendable>(_ body: @Sendable (GRDB.Database) throws -> T) throws -> T {
        try queue.write(body)
    }

    /// Hands out the next number of a named sequence (object ids, run ids), inside the caller's transaction.
    static func nextValue(_ sequence: String, in db: GRDB.Database) throws -> Int64 {
        try db.execute(sql: "UPDATE sequence SET value = value + 1 WHERE name = ?", arguments: [sequence])
        return try Int64.fetchOne(db, sql: "SELECT value FROM sequence WHERE name = ?", arguments: [sequence]) ?? 0
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sequence (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                    INSERT INTO sequence VALUES ('object', 1000), ('job', 0), ('run', 0), ('handle', 0);

                    CREATE TABLE workspace_object (
                        path TEXT PRIMARY KEY,
                        parent TEXT NOT NULL,
                        object_id INTEGER NOT NULL UNIQUE,
                        object_type TEXT NOT NULL,
                        language TEXT,
                        content BLOB,
                        created_at INTEGER NOT NULL,
                        modified_at INTEGER NOT NULL
                    );
                    CREATE INDEX workspace_object_parent ON workspace_object(parent);

                    CREATE TABLE job (
                        job_id INTEGER PRIMARY KEY,
                        name_key TEXT NOT NULL,
                        created_time INTEGER NOT NULL,
                        settings TEXT NOT NULL
                    );
                    CREATE INDEX job_name ON job(name_key);

                    CREATE TABLE run (
                        run_id INTEGER PRIMARY KEY,
                        job_id INTEGER NOT NULL,
                        active INTEGER NOT NULL,
                        idempotency_token TEXT,
                        record TEXT NOT NULL
                    );
                    CREATE INDEX run_job ON run(job_id, run_id);
                    CREATE UNIQUE INDEX run_token ON run(job_id, idempotency_token) WHERE idempotency_token IS NOT NULL;

                    CREATE TABLE task_run (
                        run_id INTEGER PRIMARY KEY,
                        parent_run_id INTEGER NOT NULL REFERENCES run(run_id) ON DELETE CASCADE,
                        task_key TEXT NOT NULL,
                        output TEXT
                    );
                    CREATE INDEX task_run_parent ON task_run(parent_run_id);

                    CREATE TABLE dbfs_handle (
                        handle INTEGER PRIMARY KEY,
                        path TEXT NOT NULL,
                        overwrite INTEGER NOT NULL,
                        last_used INTEGER NOT NULL
                    );
                    """)
        }
        // Runs that `dbutils.notebook.run` starts are listed apart (`runs/list?run_type=`).
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "ALTER TABLE run ADD COLUMN run_type TEXT NOT NULL DEFAULT 'JOB_RUN'")
        }
        return migrator
    }
}

/// Milliseconds since the epoch, the unit of every Databricks timestamp.
func epochMillis(_ date: Date = Date()) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded())
}
