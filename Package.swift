// swift-tools-version: 6.2
import PackageDescription

/// Kiln: CI for notebook-based models on Databricks.
///
/// The target graph is the architecture (DESIGN.md section 3): the pipeline knows only KilnAPI's
/// protocols; the engine, the server and the REST client are wired in by the executable.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "kiln",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kiln", targets: ["kiln"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(name: "KilnAPI", swiftSettings: strict),
        .target(
            name: "KilnEngine",
            dependencies: [
                "KilnAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Runtime/Shims")],
            swiftSettings: strict
        ),
        .target(
            name: "KilnServer",
            dependencies: [
                "KilnAPI", "KilnEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KilnClient",
            dependencies: [
                "KilnAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        .target(name: "KilnReports", swiftSettings: strict),
        .target(
            name: "KilnPipeline",
            dependencies: [
                "KilnAPI", "KilnReports",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        // The readers of untrusted input as libFuzzer targets (`make fuzz`); a plain build replays files.
        .executableTarget(
            name: "kiln-fuzz",
            dependencies: ["KilnAPI", "KilnEngine", "KilnPipeline", "KilnReports", "KilnServer"],
            path: "Fuzz/KilnFuzz",
            swiftSettings: strict
        ),
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .executableTarget(
            name: "kiln",
            dependencies: [
                "KilnAPI", "KilnEngine", "KilnServer", "KilnClient", "KilnPipeline", "KilnReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict,
            plugins: ["BuildInfo"]
        ),
        .testTarget(
            name: "KilnTests",
            dependencies: [
                "KilnAPI", "KilnEngine", "KilnServer", "KilnClient", "KilnPipeline", "KilnReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            // Read from their place in the source tree: fixtures, and the script the venv's python runs.
            exclude: ["Fixtures", "Conformance/sdk_operations.py"],
            swiftSettings: strict
        ),
    ]
)
