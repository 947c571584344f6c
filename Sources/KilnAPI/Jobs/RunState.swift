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

    /// Whether the work of the run succeeded.
    public var isSuccess: Bool { self == .success || self == .successWithFailures }
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

/// `status` of a run: the newer spelling of its state, with the reason it ended.
public struct RunStatus: Codable, Sendable, Hashable {
    public var state: String
    public var terminationDetails: TerminationDetails?
    public var queueDetails: QueueDetails?

    public init(state: String, terminationDetails: TerminationDetails? = nil, queueDetails: QueueDetails? = nil) {
        self.state = state
        self.terminationDetails = terminationDetails
        self.queueDetails = queueDetails
    }

    enum CodingKeys: String, CodingKey {
        case state
        case terminationDetails = "termination_details"
        case queueDetails = "queue_details"
    }
}

/// Why a run ended: `status.termination_details`.
public struct TerminationDetails: Codable, Sendable, Hashable {
    public var code: String
    public var type: String
    public var message: String
    public init(code: String, type: String, message: String) {
        self.code = code
        self.type = type
        self.message = message
    }
}

/// Why a run waits: `status.queue_details`.
public struct QueueDetails: Codable, Sendable, Hashable {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
