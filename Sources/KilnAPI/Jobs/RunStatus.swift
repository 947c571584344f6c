/// `status` of a run or task (Jobs 2.2): the newer spelling of its state, with the reason it ended.
/// Every field may be absent, as in the SDKs.
public struct RunStatus: Codable, Sendable, Hashable {
    public var state: RunStatusState?
    public var terminationDetails: TerminationDetails?
    public var queueDetails: QueueDetails?

    public init(state: RunStatusState?, terminationDetails: TerminationDetails? = nil, queueDetails: QueueDetails? = nil) {
        self.state = state
        self.terminationDetails = terminationDetails
        self.queueDetails = queueDetails
    }

    enum CodingKeys: String, CodingKey {
        case state
        case terminationDetails = "termination_details"
        case queueDetails = "queue_details"
    }

    /// The legacy `state` this status stands for, as the SDKs document the two: nil when the status
    /// cannot tell (no `state`, or TERMINATED without `termination_details`).
    public var impliedState: RunState? {
        guard let state else { return nil }
        let message = terminationDetails?.message ?? queueDetails?.message ?? ""
        switch state {
        case .terminated:
            guard let details = terminationDetails, let code = details.code else { return nil }
            let (lifeCycle, result) = Self.ending(code: code, type: details.type)
            return RunState(lifeCycleState: lifeCycle, resultState: result, stateMessage: message)
        case .waiting: return RunState(lifeCycleState: .waitingForRetry, stateMessage: message)
        default: return RunState(lifeCycleState: LifeCycleState(rawValue: state.rawValue), stateMessage: message)
        }
    }

    /// The life-cycle and result state of a run that ended with `code` (SDK `TerminationCodeCode`).
    private static func ending(code: TerminationCode, type: TerminationType?) -> (LifeCycleState, ResultState?) {
        switch code {
        case .success: (.terminated, .success)
        case .successWithFailures: (.terminated, .successWithFailures)
        case .userCanceled, .canceled: (.terminated, .canceled)
        case .skipped: (.skipped, nil)
        case .disabled: (.skipped, .disabled)
        case .maxConcurrentRunsExceeded: (.skipped, .maximumConcurrentRunsReached)
        default: type == .internalError || type == .cloudFailure ? (.internalError, .failed) : (.terminated, .failed)
        }
    }
}

/// Why a run ended: `status.termination_details`. The message is "" when absent.
public struct TerminationDetails: Codable, Sendable, Hashable {
    public var code: TerminationCode?
    public var type: TerminationType?
    public var message: String

    public init(code: TerminationCode?, type: TerminationType?, message: String) {
        self.code = code
        self.type = type
        self.message = message
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decodeIfPresent(TerminationCode.self, forKey: .code)
        type = try container.decodeIfPresent(TerminationType.self, forKey: .type)
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
    }

    enum CodingKeys: String, CodingKey { case code, type, message }
}

/// Why a run waits: `status.queue_details`. The message is "" when absent.
public struct QueueDetails: Codable, Sendable, Hashable {
    public var code: QueueCode?
    public var message: String

    public init(code: QueueCode?, message: String) {
        self.code = code
        self.message = message
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decodeIfPresent(QueueCode.self, forKey: .code)
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
    }

    enum CodingKeys: String, CodingKey { case code, message }
}
