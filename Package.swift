// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Generic event-model accessors (withValue, set…) are called from other modules on the
    // hot path: let release builds specialise them there.
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

let coreMetrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "sluice-bench", targets: ["sluice-bench"]),
        // The outputs and the event model as a library: bench/otlp-encoding builds on it.
        .library(name: "SluiceOutputs", targets: ["SluiceOutputs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The metrics API (explicit factories, no global bootstrap) and its Prometheus backend.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The HTTP API's server (HTTP/1 on one event loop of its own).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // C shims: libcurl (variadic setopt wrappers) and zlib, from Debian's -dev packages.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // zlib: gzip decompression in the tests only (an independent reference for libdeflate).
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // libdeflate: gzip for request bodies (whole buffers, much faster than zlib).
        .target(name: "CDeflate", linkerSettings: [.linkedLibrary("deflate")]),
        // snappy (block format): Loki's protobuf push bodies; decompressed by the tests' fake Loki.
        .target(name: "CSnappy", linkerSettings: [.linkedLibrary("snappy")]),
        // glibc calls Swift's Glibc module does not export: malloc tuning (mallopt), statx,
        // thread names.
        .target(name: "CSluiceSystem"),
        // OpenSSL's libcrypto (HMAC-SHA256, SHA-256) for the redact stage.
        .target(name: "CCrypto", linkerSettings: [.linkedLibrary("crypto")]),
        // PCRE2 (8-bit): the regular expressions of `when: matches` and redact's custom patterns,
        // with match limits and JIT.
        .target(name: "CPCRE2", linkerSettings: [.linkedLibrary("pcre2-8")]),
        // libyaml: reads and parses pipeline files into events; SluiceCore's YAMLComposer builds
        // the documents (Yams, which did both, imported Foundation and so linked ICU's data).
        .target(name: "CYAML", linkerSettings: [.linkedLibrary("yaml")]),

        .target(
            name: "SluiceCore",
            dependencies: [
                "CPCRE2",
                "CDeflate",
                "CSluiceSystem",
                "CYAML",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict),
        .target(name: "SluiceStages", dependencies: ["SluiceCore", "CCrypto", coreMetrics], swiftSettings: strict),
        .target(name: "SluiceTail", dependencies: ["SluiceCore", "CDeflate", "CSluiceSystem", coreMetrics], swiftSettings: strict),
        .target(
            name: "SluiceOutputs",
            dependencies: ["SluiceCore", "CCurl", "CDeflate", "CSnappy", coreMetrics],
            swiftSettings: strict),
        .target(
            name: "SluiceRuntime",
            dependencies: [
                "SluiceCore", "SluiceStages", "SluiceTail", "SluiceOutputs", coreMetrics,
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        .target(
            name: "SluiceAPI",
            dependencies: [
                "SluiceCore", "SluiceTail", "SluiceRuntime",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceRuntime",
                "SluiceAPI",
                "SluiceOutputs",
                "CSluiceSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "sluice-bench",
            dependencies: ["SluiceCore", "SluiceStages", "SluiceOutputs", coreMetrics, .product(name: "Prometheus", package: "swift-prometheus")],
            swiftSettings: strict),

        // Helpers shared by the test targets: temporary directories, a seeded PRNG, waits with
        // deadlines, running the built binary.
        .target(name: "SluiceTestSupport", dependencies: ["SluiceCore", "SluiceTail", "CZlib", "CSnappy", coreMetrics], path: "Tests/SluiceTestSupport", swiftSettings: strict),
        .testTarget(
            name: "SluiceCoreTests", dependencies: ["SluiceCore", "SluiceTestSupport", coreMetrics],
            swiftSettings: strict),
        .testTarget(name: "SluiceStagesTests", dependencies: ["SluiceStages", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(name: "SluiceTailTests", dependencies: ["SluiceTail", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SluiceOutputsTests", dependencies: ["SluiceOutputs", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SluiceRuntimeTests",
            dependencies: ["SluiceRuntime", "SluiceTestSupport", .product(name: "Prometheus", package: "swift-prometheus")],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceAPITests",
            dependencies: ["SluiceAPI", "SluiceRuntime", "SluiceTestSupport", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict),
        // Runs the real `sluice` binary (built first: it is a dependency).
        .testTarget(
            name: "SluiceCLITests", dependencies: ["sluice", "SluiceTestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
