import KilnAPI

/// The job of a build, rendered before anything is touched: the settings to create or reset the job
/// with, and the notebook parameters of its run.
public struct RenderedJob: Sendable, Hashable {
    public var settings: JobSettings
    public var parameters: [String: String]

    public init(settings: JobSettings, parameters: [String: String]) {
        self.settings = settings
        self.parameters = parameters
    }
}
