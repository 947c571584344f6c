import ArgumentParser
import Foundation
import KilnEngine
import KilnPipeline

/// `kiln doctor`: is this machine, this configuration and this target ready for a build?
struct DoctorCommand: KilnCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, the credentials and the target before a build, one line per check.",
        discussion: """
            Resolves the target's configuration and says which credential it uses (never the secret), \
            reaches the host, checks the credentials (the current user), the clusters the job template \
            names, and that the workspace root and the storage root take a write (a probe, made and \
            deleted). For the local target it also checks R (with testthat and xml2) and Python.

            Example: kiln doctor --target workspace

            Exits 0 when every check passed, 3 when the configuration or the credentials need a fix, \
            4 when the workspace or the network failed.
            """
    )

    @OptionGroup var options: TargetOptions

    func execute() async throws -> ExitStatus {
        let environment = ProcessInfo.processInfo.environment
        var checks: [DoctorCheck] = []
        let report = { (check: DoctorCheck) in
            checks.append(check)
            Console.out(check.description)
        }
        let configuration: KilnConfig
        let target: Target
        let connection: TargetConnection
        do {
            (configuration, target) = try options.load()
            report(.passed("configuration", "\(configuration.file.path), target \(target.name)"))
            connection = try await options.connect(target, environment: environment)
        } catch {
            report(
                .failed("configuration", "\(error)", fix: "correct the file or setting named above", status: ExitStatus.forCommand(error)))
            return DoctorCheck.exitStatus(of: checks)
        }
        report(.passed("target", connection.summary))
        if case .local = target.kind {
            for finding in await RuntimeProbe.check(environment: environment) {
                report(
                    finding.passed
                        ? .passed(finding.name, finding.detail)
                        : .failed(finding.name, finding.detail, fix: finding.fix ?? "", status: .badConfiguration))
            }
        }
        let doctor = WorkspaceDoctor(
            config: configuration, databricks: connection.databricks, environment: environment, place: connection.place)
        _ = await doctor.run(report: report)
        try? await connection.close()
        return DoctorCheck.exitStatus(of: checks)
    }
}
