/// A job as `jobs/get` and `jobs/list` return it.
public struct Job: Codable, Sendable, Hashable {
    public var jobId: Int64
    public var creatorUserName: String?
    public var runAsUserName: String?
    /// Absent reads as 0 (the SDKs treat it as optional).
    public var createdTime: Int64
    public var settings: JobSettings

    public init(jobId: Int64, creatorUserName: String?, createdTime: Int64, settings: JobSettings) {
        self.jobId = jobId
        self.creatorUserName = creatorUserName
        self.runAsUserName = creatorUserName
        self.createdTime = createdTime
        self.settings = settings
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobId = try container.decode(Int64.self, forKey: .jobId)
        creatorUserName = try container.decodeIfPresent(String.self, forKey: .creatorUserName)
        runAsUserName = try container.decodeIfPresent(String.self, forKey: .runAsUserName)
        createdTime = try container.decodeIfPresent(Int64.self, forKey: .createdTime) ?? 0
        settings = try container.decodeIfPresent(JobSettings.self, forKey: .settings) ?? JobSettings(document: [:])
    }

    enum CodingKeys: String, CodingKey {
        case jobId = "job_id"
        case creatorUserName = "creator_user_name"
        case runAsUserName = "run_as_user_name"
        case createdTime = "created_time"
        case settings
    }
}

/// `{"job_id": …}`: the answer of `jobs/create` and the request of `jobs/get` and `jobs/delete`.
public struct JobID: Codable, Sendable, Hashable {
    public var jobId: Int64
    public init(jobId: Int64) { self.jobId = jobId }
    enum CodingKeys: String, CodingKey { case jobId = "job_id" }
}

/// The query of `GET /api/2.1/jobs/list`.
public struct JobsListQuery: Sendable, Hashable {
    /// Exact, case-insensitive name filter.
    public var name: String?
    public var limit: Int?
    public var offset: Int?
    public var pageToken: String?
    public var expandTasks: Bool

    public init(name: String? = nil, limit: Int? = nil, offset: Int? = nil, pageToken: String? = nil, expandTasks: Bool = false) {
        self.name = name
        self.limit = limit
        self.offset = offset
        self.pageToken = pageToken
        self.expandTasks = expandTasks
    }
}

/// A page of `jobs/list`: `jobs` is absent when there are none, and an empty answer may be `{}`.
public struct JobsPage: Codable, Sendable, Hashable {
    public var jobs: [Job]?
    public var hasMore: Bool
    public var nextPageToken: String?
    public var prevPageToken: String?

    public init(jobs: [Job], hasMore: Bool, nextPageToken: String? = nil, prevPageToken: String? = nil) {
        self.jobs = jobs.isEmpty ? nil : jobs
        self.hasMore = hasMore
        self.nextPageToken = nextPageToken
        self.prevPageToken = prevPageToken
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobs = try container.decodeIfPresent([Job].self, forKey: .jobs)
        hasMore = try container.decodeIfPresent(Bool.self, forKey: .hasMore) ?? false
        nextPageToken = try container.decodeIfPresent(String.self, forKey: .nextPageToken)
        prevPageToken = try container.decodeIfPresent(String.self, forKey: .prevPageToken)
    }

    enum CodingKeys: String, CodingKey {
        case jobs
        case hasMore = "has_more"
        case nextPageToken = "next_page_token"
        case prevPageToken = "prev_page_token"
    }
}
