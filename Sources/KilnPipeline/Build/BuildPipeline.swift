import Foundation
import KilnAPI

/// `kiln build`: every step of a CI build in order — decide, check the template, stage, run,
/// collect, clean — with the verdict as an exit status.
///
/// When the build is interrupted (SIGINT, SIGTERM: the calling task is cancelled) the run is
/// cancelled on the workspace and the build's folders are cleaned up before it returns.
public struct BuildPipeline: Sendable {
    public var session: BuildSession
    /// Build even when nothing relevant changed.
    public var force: Bool
    /// Keep the build's folders afterwards, whatever `keep:` says.
    public var keep: Bool

    public init(session: BuildSession, force: Bool = false, keep: Bool = false) {
        self.session = session
        self.force = force
        self.keep = keep
    }

    public func run() async throws -> ExitStatus {
        let observer = session.observer
        if force {
            observer.handle(.decided(needsBuild: true, reason: "--force: building whatever changed"))
        } else {
            let decision = try await ChangesStep(config: session.config, baseRef: session.context.baseRef, environment: session.environment)
                .decide()
            observer.handle(.decided(needsBuild: decision.needsBuild, reason: decision.reason))
            guard decision.needsBuild else { return .passed }
        }
        // A template that does not render fails the build before anything is touched.
        _ = try TemplateRenderer(context: session.context, variables: session.config.variables, environment: session.environment)
            .renderJob(session.config.job)
        observer.handle(.note("build \(session.context.buildID) of \(session.context.repo) on target \(session.target.name)"))

        let startedAt = Date()
        let verdict: ResultsVerdict
        do {
            _ = try await StageStep(session: session).run(startedAt: startedAt)
            let ran = try await RunStep(session: session).run()
            verdict = try await ResultsStep(session: session).run(ResultsVerdict.RunEnding(finished: ran.finished, output: ran.output))
        } catch let error as StageError {
            // Refused before anything was written: the folders it names may be another build's.
            throw error
        } catch {
            // Interrupted or failed part way: clean up in a task of its own, which the
            // interruption does not cancel, then report the failure. An interrupted build's
            // folders are not kept for debugging: nobody asked for its result.
            let session = self.session
            let keep = self.keep
            let interrupted = error is RunInterrupted || error is CancellationError
            await Task {
                // History shows how the build ended; a storage that is failing may not take it.
                if var manifest = try? await session.readManifest() {
                    manifest.recordAbandoned(interrupted: interrupted)
                    try? await session.writeManifest(manifest)
                }
                do {
                    try await CleanStep(session: session).run(failed: !interrupted, keep: keep)
                } catch {
                    session.observer.handle(.warning("cleanup after the failure did not finish: \(error)"))
                }
            }.value
            throw error
        }
        // The verdict stands; a cleanup that fails now is worth a warning, not a different exit code.
        do {
            try await CleanStep(session: session).run(failed: verdict.status != .passed, keep: keep)
        } catch {
            observer.handle(.warning("cleanup did not finish: \(error)"))
        }
        if let reason = verdict.reason { observer.handle(.note("verdict: \(reason)")) }
        return verdict.status
    }
}
