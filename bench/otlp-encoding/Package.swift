// swift-tools-version:6.0
// The benchmark that chose Sluice's hand-written OTLP encoder over swift-protobuf's generated
// messages (issue #18): both encode the same parsed events with the same mapping, in one
// interleaved run. Not part of the main build (CI does not build swift-protobuf for it).
//   cd bench/otlp-encoding && swift run -c release otlp-encoding-bench FILE [--rounds R]
// FILE: generated lines, e.g. `sluice-bench generate --lines 200000 > /tmp/lines.jsonl`.
// Sources/otlp-encoding-bench/OTLPGenerated holds swift-protobuf's code for the OTLP logs
// protos, generated once with protoc-gen-swift 1.39.0 (see its README).
import Foundation
import PackageDescription

// A path dependency is named after its directory: the repository's, whatever the clone is called.
let sluice = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "otlp-encoding-bench",
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .executableTarget(
            name: "otlp-encoding-bench",
            dependencies: [
                .product(name: "SluiceOutputs", package: sluice),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["OTLPGenerated/README.md"],
            swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
    ],
    swiftLanguageModes: [.v6]
)
