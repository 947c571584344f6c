/// Key paths of an answer of `kiln serve` that the SDK's dataclass does not give back, and why:
/// each is either a field Databricks does not send either, or one this SDK version lacks.
struct KnownRoundTripLoss: Sendable {
    var operations: Set<String>
    var paths: [String]
    var why: String

    /// The operations whose JSON answers are round-tripped, in the order the SDK performs them;
    /// `@2.1` marks the Jobs 2.1 answers Kiln itself reads.
    static let roundTripped = [
        "workspace.export", "workspace.list", "workspace.get-status", "dbfs.create", "dbfs.read", "dbfs.list", "dbfs.get-status",
        "files.list-directory", "clusters.get", "jobs.create", "jobs.get", "jobs.get@2.1", "jobs.list", "jobs.list@2.1", "jobs.run-now",
        "jobs.runs.get", "jobs.runs.get@2.1", "jobs.runs.get-output", "jobs.runs.get-output@2.1", "jobs.runs.list", "jobs.runs.list@2.1",
    ]

    static let all: [KnownRoundTripLoss] = [
        KnownRoundTripLoss(
            operations: ["jobs.runs.get", "jobs.runs.get@2.1"], paths: ["overriding_parameters.job_parameters.build_number"],
            why: overridingJobParameters),
        KnownRoundTripLoss(
            operations: ["jobs.runs.list", "jobs.runs.list@2.1"], paths: ["runs[].overriding_parameters.job_parameters.build_number"],
            why: overridingJobParameters),
        KnownRoundTripLoss(
            operations: ["jobs.list", "jobs.list@2.1"],
            paths: ["jobs[].run_as_user_name"],
            why: """
                The engine lists jobs with run_as_user_name; a jobs/list entry is a BaseJob, which has no such field: \
                Databricks gives it only in jobs/get's Job. A difference of the engine, reported for its owners.
                """),
    ]

    private static let overridingJobParameters = """
        The engine sends run-now's job_parameters again under overriding_parameters; Databricks' RunParameters has no such \
        field (the run's job parameters are the top-level job_parameters[], which the engine sends too). A difference of the \
        engine, reported for its owners (KilnEngine RunScheduler, KilnAPI RunParameters).
        """

    /// The paths the SDK is expected to drop from the answer of `operation`.
    static func expected(for operation: String) -> [String] {
        all.filter { $0.operations.contains(operation) }.flatMap(\.paths).sorted()
    }
}
