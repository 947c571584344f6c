import Foundation

/// Which requests `kiln serve --faults` makes fail, and how: a comma-separated list of
/// `KIND@FRACTION` rules, `on=GLOB|GLOB` to limit them to some endpoints and `seed=N` to
/// replay a sequence of failures. Kinds: `403` (a refusal, as a workspace with a feature turned
/// off or in maintenance answers), `429[:SECONDS]` (Retry-After, default 1), `500` (an
/// internal error, as JSON), `502` and `504` (a gateway's HTML page, as Azure's front door sends
/// them), `503`, `reset` (the connection is dropped before the request is served), `lost` (the
/// request is served, then the connection is dropped before the answer: the call took effect but
/// the client cannot know it), `delay:DURATION` (e.g. `delay:200ms`, then served).
///
/// Example: `429:0@0.1,503@0.1,reset@0.1,on=/api/2.0/dbfs/*,seed=7` fails 30% of DBFS calls.
public struct FaultPlan: Sendable, Hashable {
    enum Fault: Sendable, Hashable {
        case tooManyRequests(retryAfter: Int)
        /// An error answer with this status: 403, 500, 502, 503 or 504.
        case errorStatus(Int)
        case reset
        /// Served, then the connection dropped before the answer.
        case lost
        case delay(Duration)
    }

    struct Rule: Sendable, Hashable {
        var fault: Fault
        var fraction: Double
    }

    var rules: [Rule]
    var endpoints: [String]
    var seed: UInt64

    /// Reads a specification, refusing it with the item that is wrong and why.
    public init(parsing spec: String) throws(FaultPlanError) {
        rules = []
        endpoints = []
        seed = 0
        for item in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if item.hasPrefix("on=") {
                endpoints += item.dropFirst(3).split(separator: "|").map(String.init)
            } else if item.hasPrefix("seed=") {
                guard let value = UInt64(item.dropFirst(5)) else {
                    throw FaultPlanError(spec: spec, item: item, reason: "the seed must be a whole number")
                }
                seed = value
            } else {
                rules.append(try Self.rule(item, spec: spec))
            }
        }
        guard rules.map(\.fraction).reduce(0, +) <= 1 else {
            throw FaultPlanError(spec: spec, item: spec, reason: "the fractions add up to more than 1")
        }
    }

    /// Whether the plan applies to requests for `path`.
    func applies(to path: String) -> Bool {
        endpoints.isEmpty || endpoints.contains { Self.matches(path, pattern: $0) }
    }

    private static func rule(_ item: String, spec: String) throws(FaultPlanError) -> Rule {
        let parts = item.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, let fraction = Double(parts[1]), (0...1).contains(fraction) else {
            throw FaultPlanError(spec: spec, item: item, reason: "write a rule as KIND@FRACTION, e.g. 503@0.1")
        }
        // Empty pieces kept: `:@1` is a rule with no kind, refused below, not an empty list.
        let kind = parts[0].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let fault: Fault
        switch kind[0] {
        case "429":
            guard let seconds = kind.count > 1 ? Int(kind[1]) : 1, seconds >= 0 else {
                throw FaultPlanError(spec: spec, item: item, reason: "Retry-After must be a whole number of seconds")
            }
            fault = .tooManyRequests(retryAfter: seconds)
        case "403", "500", "502", "503", "504": fault = .errorStatus(Int(kind[0])!)
        case "reset": fault = .reset
        case "lost": fault = .lost
        case "delay":
            guard kind.count > 1, let duration = parseDuration(kind[1]) else {
                throw FaultPlanError(spec: spec, item: item, reason: "write a delay as delay:200ms or delay:2s, at most an hour")
            }
            fault = .delay(duration)
        default:
            throw FaultPlanError(spec: spec, item: item, reason: "the kinds are 403, 429, 500, 502, 503, 504, reset, lost and delay")
        }
        return Rule(fault: fault, fraction: fraction)
    }

    /// The longest delay a rule may ask for: an hour.
    static let longestDelay = Duration.seconds(3600)

    /// `200ms` or `2s` (`1.5s`), from zero to an hour; nil for anything else (`1e20s` would
    /// overflow, `nans` is not a number).
    private static func parseDuration(_ text: String) -> Duration? {
        let duration: Duration
        if text.hasSuffix("ms"), let value = Int(text.dropLast(2)) {
            duration = .milliseconds(value)
        } else if text.hasSuffix("s"), let value = Double(text.dropLast()), value.isFinite, abs(value) <= 3600 {
            duration = .milliseconds(Int(value * 1000))
        } else {
            return nil
        }
        return (.zero...longestDelay).contains(duration) ? duration : nil
    }

    /// `*` matches within a path segment, a trailing `*` anything after the prefix.
    private static func matches(_ path: String, pattern: String) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return path == pattern }
        return path.hasPrefix(pattern[..<star])
    }
}

/// A `--faults` specification that cannot be read.
public struct FaultPlanError: Error, CustomStringConvertible, Sendable {
    var spec: String
    var item: String
    var reason: String
    public var description: String { "--faults '\(spec)': '\(item)': \(reason)." }
}
