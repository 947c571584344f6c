/// `life_cycle_state` of a run.
public struct LifeCycleState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let queued: LifeCycleState = "QUEUED"
    public static let pending: LifeCycleState = "PENDING"
    public static let running: LifeCycleState = "RUNNING"
    public static let terminating: LifeCycleState = "TERMINATING"
    public static let terminated: LifeCycleState = "TERMINATED"
    public static let skipped: LifeCycleState = "SKIPPED"
    public static let internalError: LifeCycleState = "INTERNAL_ERROR"
    public static let blocked: LifeCycleState = "BLOCKED"
    public static let waitingForRetry: LifeCycleState = "WAITING_FOR_RETRY"

    /// Whether a run in this state has ended for good.
    public var isTerminal: Bool { self == .terminated || self == .skipped || self == .internalError }
}

/// `result_state` of a run that has ended.
public struct ResultState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let success: ResultState = "SUCCESS"
    public static let failed: ResultState = "FAILED"
    public static let timedOut: ResultState = "TIMEDOUT"
    public static let canceled: ResultState = "CANCELED"
    public static let maximumConcurrentRunsReached: ResultState = "MAXIMUM_CONCURRENT_RUNS_REACHED"
    public static let excluded: ResultState = "EXCLUDED"
    public static let successWithFailures: ResultState = "SUCCESS_WITH_FAILURES"
    public static let upstreamFailed: ResultState = "UPSTREAM_FAILED"
    public static let upstreamCanceled: ResultState = "UPSTREAM_CANCELED"
    public static let disabled: ResultState = "DISABLED"

    /// Whether the work of the run succeeded. SUCCESS_WITH_FAILURES is not success: only the leaf
    /// tasks passed, and a task before them failed.
    public var isSuccess: Bool { self == .success }
}

/// `state` of a run (deprecated by Databricks in favour of `status`, still sent and still read).
public struct RunState: Codable, Sendable, Hashable {
    public var lifeCycleState: LifeCycleState
    public var resultState: ResultState?
    public var stateMessage: String
    public var userCancelledOrTimedout: Bool?
    public var queueReason: String?

    public init(
        lifeCycleState: LifeCycleState, resultState: ResultState? = nil, stateMessage: String = "",
        userCancelledOrTimedout: Bool? = nil, queueReason: String? = nil
    ) {
        self.lifeCycleState = lifeCycleState
        self.resultState = resultState
        self.stateMessage = stateMessage
        self.userCancelledOrTimedout = userCancelledOrTimedout
        self.queueReason = queueReason
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lifeCycleState = try container.decode(LifeCycleState.self, forKey: .lifeCycleState)
        resultState = try container.decodeIfPresent(ResultState.self, forKey: .resultState)
        stateMessage = try container.decodeIfPresent(String.self, forKey: .stateMessage) ?? ""
        userCancelledOrTimedout = try container.decodeIfPresent(Bool.self, forKey: .userCancelledOrTimedout)
        queueReason = try container.decodeIfPresent(String.self, forKey: .queueReason)
    }

    enum CodingKeys: String, CodingKey {
        case lifeCycleState = "life_cycle_state"
        case resultState = "result_state"
        case stateMessage = "state_message"
        case userCancelledOrTimedout = "user_cancelled_or_timedout"
        case queueReason = "queue_reason"
    }
}

extension RunState {
    /// The `state` field of a run or task, or the state its `status` stands for when `state` is
    /// absent (Jobs 2.2 marks `state` deprecated); one of the two must say something.
    static func decoded<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, stateKey: Key, status: RunStatus?) throws -> RunState {
        if let state = try container.decodeIfPresent(RunState.self, forKey: stateKey) { return state }
        if let implied = status?.impliedState { return implied }
        if let status, status.state == .terminated {
            return RunState(lifeCycleState: .terminated, stateMessage: status.terminationDetails?.message ?? "")
        }
        throw DecodingError.keyNotFound(
            stateKey,
            DecodingError.Context(
                codingPath: container.codingPath, debugDescription: "neither `state` nor `status.state` says how the run stands"))
    }
}
