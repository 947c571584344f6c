import Foundation
import NIOConcurrencyHelpers

/// Decides, request by request, which fault of a plan a request meets. Each plan draws from its
/// own generator seeded by the plan's seed, so a sequence of requests meets the same faults on
/// every replay. Tests give a plan per request in the `X-Kiln-Faults` header.
final class FaultInjector: Sendable {
    static let header = "X-Kiln-Faults"
    private let defaultPlan: FaultPlan?
    private let generators = NIOLockedValueBox<[FaultPlan: SplitMix64]>([:])

    init(defaultPlan: FaultPlan?) {
        self.defaultPlan = defaultPlan
    }

    /// The fault for a request to `path`, given the request's own plan if it sent one.
    func fault(path: String, requestPlan: String?) throws -> FaultPlan.Fault? {
        let plan = try requestPlan.map { spec throws(FaultPlanError) in try FaultPlan(parsing: spec) } ?? defaultPlan
        guard let plan, plan.applies(to: path), !plan.rules.isEmpty else { return nil }
        let draw = generators.withLockedValue { generators in
            var generator = generators[plan] ?? SplitMix64(seed: plan.seed)
            let value = generator.nextUnit()
            generators[plan] = generator
            return value
        }
        var cumulative = 0.0
        for rule in plan.rules {
            cumulative += rule.fraction
            if draw < cumulative { return rule.fault }
        }
        return nil
    }
}

/// A small, seedable generator: the same seed gives the same sequence on every platform.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
