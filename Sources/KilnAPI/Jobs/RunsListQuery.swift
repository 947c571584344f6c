/// The query of `GET /api/2.1/jobs/runs/list`.
public struct RunsListQuery: Sendable, Hashable {
    public var jobId: Int64?
    public var activeOnly: Bool
    public var completedOnly: Bool
    public var limit: Int?
    public var offset: Int?
    public var pageToken: String?
    public var expandTasks: Bool
    /// Only runs of this type: `JOB_RUN`, `WORKFLOW_RUN` (started by `dbutils.notebook.run`) or `SUBMIT_RUN`.
    public var runType: RunType?

    public init(
        jobId: Int64? = nil, activeOnly: Bool = false, completedOnly: Bool = false, limit: Int? = nil,
        offset: Int? = nil, pageToken: String? = nil, expandTasks: Bool = false, runType: RunType? = nil
    ) {
        self.jobId = jobId
        self.activeOnly = activeOnly
        self.completedOnly = completedOnly
        self.limit = limit
        self.offset = offset
        self.pageToken = pageToken
        self.expandTasks = expandTasks
        self.runType = runType
    }
}

/// A page of `runs/list`, newest first; `runs` is absent when there are none, and an empty answer may be `{}`.
public struct RunsPage: Codable, Sendable, Hashable {
    public var runs: [Run]?
    public var hasMore: Bool
    public var nextPageToken: String?
    public var prevPageToken: String?

    public init(runs: [Run], hasMore: Bool, nextPageToken: String? = nil, prevPageToken: String? = nil) {
        self.runs = runs.isEmpty ? nil : runs
        self.hasMore = hasMore
        self.nextPageToken = nextPageToken
        self.prevPageToken = prevPageToken
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        runs = try container.decodeIfPresent([Run].self, forKey: .runs)
        hasMore = try container.decodeIfPresent(Bool.self, forKey: .hasMore) ?? false
        nextPageToken = try container.decodeIfPresent(String.self, forKey: .nextPageToken)
        prevPageToken = try container.decodeIfPresent(String.self, forKey: .prevPageToken)
    }

    enum CodingKeys: String, CodingKey {
        case runs
        case hasMore = "has_more"
        case nextPageToken = "next_page_token"
        case prevPageToken = "prev_page_token"
    }
}
