import Foundation

/// Sets a step output of the CI, so that later steps can act on it: an Azure DevOps output
/// variable (a logging command on stdout), a GitHub Actions step output (`$GITHUB_OUTPUT`).
public struct CIOutputs: Sendable {
    public var ci: CIEnvironment?
    public var environment: [String: String]

    public init(ci: CIEnvironment?, environment: [String: String]) {
        self.ci = ci
        self.environment = environment
    }

    public func set(_ name: String, azureName: String, value: String, observer: any PipelineObserver) throws {
        switch ci?.system {
        case .azureDevOps:
            observer.handle(.ciCommand("##vso[task.setvariable variable=\(azureName);isOutput=true]\(value)"))
        case .gitHubActions:
            guard let path = environment["GITHUB_OUTPUT"], !path.isEmpty else { return }
            let url = URL(fileURLWithPath: path)
            if !FileManager.default.fileExists(atPath: path) { try Data().write(to: url) }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("\(name)=\(value)\n".utf8))
        default:
            break
        }
    }
}
