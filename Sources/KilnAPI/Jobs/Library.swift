/// An entry of a task's `libraries`: what a cluster installs before the task runs. Exactly one
/// field is set; the kinds a Databricks Runtime takes are all modelled, so the engine can say
/// which it installs and which it refuses.
public struct Library: Codable, Sendable, Hashable {
    public var pypi: PythonPyPiLibrary?
    public var cran: RCranLibrary?
    /// A wheel file: a workspace file, `dbfs:/…` or `/Volumes/…`.
    public var whl: String?
    /// A `requirements.txt`: a workspace file or `/Volumes/…`.
    public var requirements: String?
    public var jar: String?
    public var egg: String?
    public var maven: MavenLibrary?

    public init(
        pypi: PythonPyPiLibrary? = nil, cran: RCranLibrary? = nil, whl: String? = nil, requirements: String? = nil,
        jar: String? = nil, egg: String? = nil, maven: MavenLibrary? = nil
    ) {
        self.pypi = pypi
        self.cran = cran
        self.whl = whl
        self.requirements = requirements
        self.jar = jar
        self.egg = egg
        self.maven = maven
    }
}

/// `libraries[].pypi`: a requirement specifier (`pandas`, `pandas==2.2.3`) and an index to take it from.
public struct PythonPyPiLibrary: Codable, Sendable, Hashable {
    public var package: String
    public var repo: String?

    public init(package: String, repo: String? = nil) {
        self.package = package
        self.repo = repo
    }
}

/// `libraries[].cran`: an R package and a CRAN-like repository to take it from.
public struct RCranLibrary: Codable, Sendable, Hashable {
    public var package: String
    public var repo: String?

    public init(package: String, repo: String? = nil) {
        self.package = package
        self.repo = repo
    }
}

/// `libraries[].maven`: JVM coordinates, for Spark.
public struct MavenLibrary: Codable, Sendable, Hashable {
    public var coordinates: String
    public var repo: String?
    public var exclusions: [String]?
}

/// An entry of Jobs 2.2 `environments`: what a serverless task with this `environment_key` gets.
public struct JobEnvironment: Codable, Sendable, Hashable {
    public var environmentKey: String
    public var spec: EnvironmentSpec?

    public init(environmentKey: String, spec: EnvironmentSpec? = nil) {
        self.environmentKey = environmentKey
        self.spec = spec
    }

    enum CodingKeys: String, CodingKey {
        case environmentKey = "environment_key"
        case spec
    }
}

/// `environments[].spec`: the serverless environment's version and its pip dependencies (each a
/// requirements line: a specifier, a wheel path, `-r /Volumes/…/requirements.txt`).
public struct EnvironmentSpec: Codable, Sendable, Hashable {
    public var client: String?
    public var environmentVersion: String?
    public var dependencies: [String]?

    public init(client: String? = nil, dependencies: [String]? = nil) {
        self.client = client
        self.dependencies = dependencies
    }

    enum CodingKeys: String, CodingKey {
        case client, dependencies
        case environmentVersion = "environment_version"
    }
}
