import Foundation

@testable import KilnPipeline

/// The reliability suites run under `make test-reliability` (and CI), not `make test`: each is
/// minutes of real builds under faults, kills and races.
enum Reliability {
    static let enabled = ProcessInfo.processInfo.environment["KILN_RELIABILITY"] == "1"
}

/// A copy of the R example under a repository name of its own, made to pass, fail a test, die
/// in its run or sleep, so that every build's right verdict is known before it runs.
struct ReliabilityRepository: Sendable {
    enum Kind: Sendable {
        case passes
        /// One testthat expectation fails: exit 1.
        case failsATest
        /// The notebook stops with an R error before its tests: exit 2.
        case runDies
        /// The tests notebook sleeps for five minutes, for a run that is going when something dies.
        case sleeps
    }

    let example: ExampleRepository
    let name: String
    let kind: Kind

    var url: URL { example.url }

    /// - Parameters:
    ///   - marker: a test only this copy has, so a build that ran another's files would show it.
    ///   - settings: replacements in kiln.yml (`timeout: 20m` → `timeout: 6s`).
    init(name: String = "r-model", kind: Kind = .passes, marker: String? = nil, settings: [String: String] = [:]) async throws {
        example = try await ExampleRepository("r-model")
        self.name = name
        self.kind = kind
        let config = example.url.appendingPathComponent("kiln.yml")
        var text = try String(contentsOf: config, encoding: .utf8)
            .replacingOccurrences(of: "repo: r-model", with: "repo: \(name)")
            .replacingOccurrences(of: "keep: on_failure", with: "keep: never")
            .replacingOccurrences(of: "{ keep_last: 5, max_age_days: 14 }", with: "{ keep_last: 50, max_age_days: 14 }")
        for (original, replacement) in settings { text = text.replacingOccurrences(of: original, with: replacement) }
        try text.write(to: config, atomically: true, encoding: .utf8)
        if let marker {
            try example.write("tests/testthat/test-marker.R", #"test_that("\#(marker)", { expect_true(TRUE) })"#)
        }
        switch kind {
        case .passes: break
        case .failsATest:
            try example.write(
                "tests/testthat/test-regression.R",
                #"test_that("the Valiant is within half a mile per gallon", { expect_lt(abs(predict_mpg(model, test_data[4, ]) - test_data$mpg[4]), 0.5) })"#
            )
        case .runDies:
            let notebook = example.url.appendingPathComponent("databricks/inference.R")
            try (try String(contentsOf: notebook, encoding: .utf8) + "\nstop(\"the feature store is unreachable\")\n").write(
                to: notebook, atomically: true, encoding: .utf8)
        case .sleeps:
            try example.write("databricks/run_tests.R", "# Databricks notebook source\nSys.sleep(300)\n")
        }
        try await example.repository.commitAll("as the reliability suite needs it")
    }

    /// The exit status every build of this copy must give, faults or none.
    var expected: KilnPipeline.ExitStatus {
        switch kind {
        case .passes: .passed
        case .failsATest: .testsFailed
        case .runDies, .sleeps: .runFailed
        }
    }

    /// The build's state in its manifest for `expected`.
    var expectedState: String {
        switch kind {
        case .passes: "passed"
        case .failsATest: "tests_failed"
        case .runDies, .sleeps: "run_failed"
        }
    }
}

/// A `HOME` whose `.databrickscfg` profile `ci` (the examples' workspace target) names a server.
struct WorkspaceHome: Sendable {
    let home = TemporaryFolder("kiln-home")

    init(host: String, token: String) throws {
        _ = try home.write(".databrickscfg", "[ci]\nhost = \(host)\ntoken = \(token)\n")
    }

    var environment: [String: String] {
        var environment = TestRepository.environment
        environment["HOME"] = home.url.path
        return environment
    }
}
