import ArgumentParser
import Foundation
import KilnAPI
import KilnEngine
import KilnPipeline

/// `kiln notebook run FILE`: imports a notebook and the notebooks its `%run`s reach beside it,
/// runs it on the embedded engine, streams its output, prints its exit value.
struct NotebookRunCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a local R or Python notebook on the embedded engine.",
        discussion: """
            The notebooks its %run commands reach are read from beside it. Parameters are widgets.

            Example: kiln notebook run databricks/run_tests.R --param data_test_path=data/test.csv

            Exits 0 when the notebook succeeds and 2 when it fails, times out or is cancelled.
            """
    )

    @Argument(help: "The notebook file (.R or .py, in Databricks SOURCE format or a plain script).")
    var file: String

    @Option(name: .customLong("param"), help: ArgumentHelp("A widget value, KEY=VALUE; repeat for more.", valueName: "key=value"))
    var parameters: [String] = []

    @OptionGroup var engineOptions: EngineOptions

    func execute() async throws -> ExitStatus {
        let widgets = try WidgetParameters.parse(parameters)
        let notebooks = try LocalNotebookSet.collect(URL(fileURLWithPath: file))
        let engine = try await engineOptions.openEngine()
        let started = try await engine.startNotebook(notebooks, parameters: widgets)
        Console.error("kiln: running \(started.workspacePath) (run \(started.jobRunId))")
        let run: Run
        do {
            run = try await withTaskCancellationHandler {
                try await engine.follow(started) { Console.write($0) }
            } onCancel: {
                Task { try? await engine.databricks.jobs.cancelRun(runId: started.jobRunId) }
            }
        } catch {
            // Let the cancelled run end CANCELED before this process, which holds the engine, exits.
            await engine.close()
            throw error
        }
        let taskRunId = run.tasks?.first?.runId ?? run.runId
        let output = try await engine.databricks.jobs.getRunOutput(runId: taskRunId)
        if let result = output.notebookOutput?.result {
            Console.out(result)
        }
        guard run.state.resultState == .success else {
            Console.error(
                "kiln: \(run.state.resultState?.rawValue ?? run.state.lifeCycleState.rawValue): \(output.error ?? run.state.stateMessage)")
            return .runFailed
        }
        return .passed
    }
}

/// `--param KEY=VALUE` options as widget values.
enum WidgetParameters {
    static func parse(_ options: [String]) throws -> [String: String] {
        var values: [String: String] = [:]
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw ValidationError("--param \(option): write it as KEY=VALUE, e.g. --param model_path=dbfs:/models/model.rds")
            }
            values[String(option[..<equals])] = String(option[option.index(after: equals)...])
        }
        return values
    }
}
