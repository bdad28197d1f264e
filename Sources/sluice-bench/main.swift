import Foundation
import SluiceCore

// sluice-bench: measures the event model against Foundation's JSONSerialization on the same
// generated AI-workflow lines, in the same run. Build with `-c release`.
//
//   sluice-bench generate --lines N [--large [--prompt-bytes MIN-MAX]]
//     N generated lines to standard output (bench/peers.sh's input); --large: LLM calls with
//     their prompt and completion, each MIN–MAX bytes of text (default 20000-200000)
//   sluice-bench trickle --dir DIR --files N --lines L --rate R
//     appends L lines round-robin to N files at R lines a second (bench/peers.sh's files runs)
//   swift run -c release sluice-bench [--lines N] [--foundation-lines M] [--rounds R]
//   swift run -c release sluice-bench --mode stages [--lines N] [--rounds R]
//     parse + redact (all built-in detectors) + serialise against parse + serialise
//   swift run -c release sluice-bench --mode shipping --url http://127.0.0.1:PORT [--lines N]
//     encode + gzip + libcurl POST to a loopback sink against encode + gzip + write to /dev/null
//   swift run -c release sluice-bench --mode encoders [--lines N] [--rounds R] [--only NAME-PREFIX] [--no-gzip]
//     the request bodies of the outputs (Elasticsearch, OTLP protobuf and JSON, Loki), encode + gzip
//   swift run -c release sluice-bench --mode metrics [--rounds R]
//     the cost of one increment of a metrics handle (swift-metrics, in-process + Prometheus)
//     against the former per-name counters
//   swift run -c release sluice-bench --mode loki-encoding [--lines N] [--rounds R]
//     Loki push bodies: encode + gzip of JSON against encode + snappy of protobuf, CPU-s per
//     million events and bytes per event

func argument(_ name: String, default value: Int) -> Int {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count, let v = Int(args[i + 1].replacingOccurrences(of: "_", with: "")) else { return value }
    return v
}

func stringArgument(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

// `sluice-bench generate --lines N`: writes N generated lines to standard output.
// `sluice-bench generate --large [--prompt-bytes MIN-MAX] --lines N`: N large events instead
// (LargeEventGenerator: prompt and completion each MIN–MAX bytes, default 20000-200000).
if CommandLine.arguments.dropFirst().first == "generate" {
    let count = argument("--lines", default: 1_000_000)
    var generator = WorkflowLineGenerator(seed: 42)
    var large: LargeEventGenerator?
    if CommandLine.arguments.contains("--large") || stringArgument("--prompt-bytes") != nil {
        let range = (stringArgument("--prompt-bytes") ?? "20000-200000").split(separator: "-").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
        guard range.count == 2, range[0] >= 0, range[0] <= range[1] else {
            FileHandle.standardError.write(Data("--prompt-bytes takes MIN-MAX in bytes, e.g. 20000-200000\n".utf8))
            exit(2)
        }
        large = LargeEventGenerator(seed: 42, minBytes: range[0], maxBytes: range[1])
    }
    var out: [UInt8] = []
    out.reserveCapacity(1 << 21)
    for _ in 0..<count {
        if large != nil { large!.appendLine(to: &out) } else { generator.appendLine(to: &out) }
        out.append(0x0A)
        if out.count >= 1 << 20 {
            out.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
            out.removeAll(keepingCapacity: true)
        }
    }
    out.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
    exit(0)
}

// `sluice-bench trickle --dir DIR --files N --lines L --rate R`: see Trickle.
if CommandLine.arguments.dropFirst().first == "trickle" {
    guard let dir = stringArgument("--dir") else {
        FileHandle.standardError.write(Data("trickle needs --dir DIR\n".utf8))
        exit(2)
    }
    exit(Trickle.run(dir: dir, files: argument("--files", default: 1), lines: argument("--lines", default: 100_000),
        rate: Double(argument("--rate", default: 10_000))))
}

if CommandLine.arguments.contains("metrics") {
    MetricsBenchmark.run(rounds: max(1, argument("--rounds", default: 3)))
    exit(0)
}

let lineCount = argument("--lines", default: 1_000_000)
let foundationCount = min(lineCount, argument("--foundation-lines", default: 100_000))
let rounds = max(1, argument("--rounds", default: 3))

let text = WorkflowLineGenerator.generate(count: lineCount, seed: 42)
var lines: [ArraySlice<UInt8>] = []
lines.reserveCapacity(lineCount)
var start = 0
for (i, b) in text.enumerated() where b == 0x0A {
    lines.append(text[start..<i])
    start = i + 1
}
let bytes = lines.reduce(0) { $0 + $1.count }
let foundationLines = Array(lines.prefix(foundationCount))
let foundationBytes = foundationLines.reduce(0) { $0 + $1.count }
let stagesMode = CommandLine.arguments.firstIndex(of: "--mode").map { $0 + 1 < CommandLine.arguments.count && CommandLine.arguments[$0 + 1] == "stages" } ?? false
let lokiEncodingMode = CommandLine.arguments.contains("loki-encoding")
print("lines: \(lines.count) (\(bytes / lines.count) bytes on average, \(String(format: "%.1f", Double(bytes) / 1e6)) MB)"
    + (stagesMode || lokiEncodingMode || CommandLine.arguments.contains("shipping") || CommandLine.arguments.contains("encoders") ? "" : "; Foundation runs on the first \(foundationLines.count)"))

if lokiEncodingMode {
    try LokiEncodingBenchmark.run(lines: lines, rounds: rounds)
    exit(0)
}

func measure(_ name: String, _ lines: [ArraySlice<UInt8>], _ bytes: Int, _ work: ([ArraySlice<UInt8>], inout [UInt8]) -> Int) -> Double {
    var best = Double.infinity
    var output: [UInt8] = []
    output.reserveCapacity(1 << 23)
    var check = 0
    for _ in 0..<rounds {
        let t0 = Monotonic.now()
        check &+= work(lines, &output)
        best = min(best, Monotonic.now() - t0)
    }
    let rate = Double(lines.count) / best
    print(name.padding(toLength: 36, withPad: " ", startingAt: 0) + String(format: "%12.0f lines/s %9.1f MB/s  (best of %d, checksum %d)", rate, Double(bytes) / best / 1e6, rounds, check & 0xFFFF))
    return rate
}

if CommandLine.arguments.contains("shipping") {
    guard let i = CommandLine.arguments.firstIndex(of: "--url"), i + 1 < CommandLine.arguments.count else {
        print("--mode shipping needs --url http://127.0.0.1:PORT (a sink answering _bulk and Loki pushes, e.g. bench/nginx.conf)")
        exit(2)
    }
    try ShippingBenchmark.run(lines: lines, url: CommandLine.arguments[i + 1], rounds: rounds)
    exit(0)
}

if CommandLine.arguments.contains("encoders") {
    let only = CommandLine.arguments.firstIndex(of: "--only").flatMap { $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil }
    try EncoderBenchmark.run(lines: lines, rounds: rounds, only: only, gzip: !CommandLine.arguments.contains("--no-gzip"))
    exit(0)
}

if stagesMode {
    let base = measure("parse + serialise", lines, bytes, StagesBenchmark.baseline)
    _ = measure("parse + trace + serialise", lines, bytes, StagesBenchmark.trace)
    let redact = measure("parse + redact + serialise", lines, bytes, StagesBenchmark.redact)
    let full = measure("parse + trace + redact + serialise", lines, bytes, StagesBenchmark.traceRedact)
    print(String(format: "redact alone: %.1f MB/s, %.2fx the time of parse + serialise", Double(bytes) / (Double(lines.count) / redact) / 1e6, base / redact))
    print(String(format: "parse + trace + redact + serialise: %.1f MB/s on one core, %.2fx the time of parse + serialise (targets: at least 100 MB/s, within 3x)",
        Double(bytes) / (Double(lines.count) / full) / 1e6, base / full))
    let sample = Array(lines.prefix(100_000))
    print("findings on the first \(sample.count) lines: " + StagesBenchmark.findings(sample).map { "\($0.0)=\($0.1)" }.joined(separator: " "))
    exit(0)
}

let model = measure("event model", lines, bytes, EventModelBenchmark.eventModel)
let foundation = measure("Foundation JSONSerialization", foundationLines, foundationBytes, EventModelBenchmark.foundation)
print(String(format: "ratio: event model is %.1fx Foundation JSONSerialization (target: at least 50x)", model / foundation))
