import Glibc
import SluiceCore
import SluiceOutputs

/// `--mode encoders`: the CPU each output's request body costs, per million events, in one
/// interleaved run: the same parsed AI-workflow events encoded as an Elasticsearch `_bulk`
/// body, an OTLP protobuf request, an OTLP/JSON request and a Loki JSON push, in batches of
/// 1,000, each compressed as it would be sent (gzip) and written to `/dev/null`. Rounds
/// alternate between the encoders, so a noisy neighbour slows them alike; the best round of
/// each counts. Ratios are against the Elasticsearch body.
enum EncoderBenchmark {
    struct Target {
        var name: String
        var encode: ([Event], inout [UInt8]) -> Void
    }

    /// `only`: the targets whose names start with it (profiling one encoder).
    /// `gzip: false`: the bodies as encoded (the pipeline's default, `compression: none`).
    static func run(lines: [ArraySlice<UInt8>], rounds: Int, only: String? = nil, gzip: Bool = true, extra: [Target] = []) throws {
        var events = ShippingBenchmark.events(lines)
        // parse_json's time, as the pipeline would have set it (the generator's lines carry one).
        for i in events.indices {
            events[i].timestamp = events[i].readTime - 1_000_000
            events[i].flags.remove(.timestampFromReadTime)
        }
        let bulk = BulkEncoder(action: .create, index: try IndexTemplate("ai-workflow-logs-%{+YYYY.MM.dd}", fallback: "unknown"))
        var otlp = OTLPLogsEncoder()
        otlp.resource = [("service.name", .text("ai-workflow")), ("k8s.pod.name", .text("ai-workflow-7d9f"))]
        var otlpJSON = otlp
        otlpJSON.encoding = .json
        let loki = LokiPushEncoder(labels: try LokiLabels([("app", "ai-workflow"), ("level", "%{[level]}")]))
        let now = FileIO.nowNanoseconds()
        let targets = [
            Target(name: "elasticsearch _bulk") { batch, out in bulk.encode(batch, into: &out) },
            Target(name: "otlp protobuf") { batch, out in otlp.encode(batch, into: &out) },
            Target(name: "otlp json") { batch, out in otlpJSON.encode(batch, into: &out) },
            Target(name: "loki json push") { batch, out in _ = loki.encode(batch, now: now, into: &out) },
        ].filter { target in only.map { target.name.hasPrefix($0) } ?? true } + extra
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        var best = [ShippingBenchmark.Figures?](repeating: nil, count: targets.count)
        var uncompressed = [Int](repeating: 0, count: targets.count)
        for _ in 0..<rounds {
            for (t, target) in targets.enumerated() {
                let figures = ShippingBenchmark.measure(events, gzip: gzip, encode: target.encode) { body in
                    body.withUnsafeBytes { _ = write(devNull, $0.baseAddress, $0.count) }
                }
                if best[t].map({ figures.cpu < $0.cpu }) ?? true { best[t] = figures }
            }
        }
        for (t, target) in targets.enumerated() {
            var body: [UInt8] = []
            target.encode(Array(events.prefix(ShippingBenchmark.batchSize)), &body)
            uncompressed[t] = body.count
        }
        let perMillion = 1e6 / Double(events.count)
        let baseline = best[0]!.cpu  // the first target (elasticsearch unless --only)
        for (t, target) in targets.enumerated() {
            let f = best[t]!
            print(String(format: "%@ %5.2f CPU-s per M events  %5.2fx elasticsearch  %6.0f bytes/event as encoded, %5.0f sent",
                target.name.padding(toLength: 28, withPad: " ", startingAt: 0), f.cpu * perMillion, f.cpu / baseline,
                Double(uncompressed[t]) / Double(min(events.count, ShippingBenchmark.batchSize)), Double(f.bytes) / Double(events.count)))
        }
        print("(encode\(gzip ? " + gzip" : "") to /dev/null, batches of \(ShippingBenchmark.batchSize), best of \(rounds) interleaved rounds)")
    }
}
