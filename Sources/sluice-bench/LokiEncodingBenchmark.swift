import Glibc
import SluiceCore
import SluiceOutputs

/// `--mode loki-encoding`: what a Loki push costs Sluice in CPU, `encoding: json` with
/// `compression: gzip` against `encoding: protobuf` (snappy), on the same parsed events in
/// the same run. Each round encodes and compresses every batch of 1,000 events both ways
/// (which goes first alternates between rounds); the figures are the best round of each.
/// CPU time is this thread's (`CLOCK_THREAD_CPUTIME_ID`), split into encoding and
/// compression; bytes per event are the body as sent (compressed) and before compression.
enum LokiEncodingBenchmark {
    struct Figures {
        var encode = 0.0
        var compress = 0.0
        var raw = 0
        var sent = 0
        var cpu: Double { encode + compress }
    }

    /// One way of sending: the encoding and its body compression.
    struct Variant {
        var name: String
        var encoding: LokiEncoding
        var compressor: any RequestBodyCompressor
    }

    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Encodes and compresses every batch of `batches` as `variant` says.
    static func measure(_ batches: [[Event]], _ encoder: LokiPushEncoder, now: Int64, _ variant: Variant) -> Figures {
        var figures = Figures()
        var body: [UInt8] = []
        var compressed: [UInt8] = []
        for batch in batches {
            body.removeAll(keepingCapacity: true)
            let t0 = threadCPU()
            let summary = encoder.encode(batch, now: now, as: variant.encoding, into: &body)
            let t1 = threadCPU()
            variant.compressor.compress(body, into: &compressed)
            let t2 = threadCPU()
            precondition(summary.entryCount == batch.count, "every event is sent")
            figures.encode += t1 - t0
            figures.compress += t2 - t1
            figures.raw += body.count
            figures.sent += compressed.count
        }
        return figures
    }

    static func run(lines: [ArraySlice<UInt8>], rounds: Int) throws {
        let events = ShippingBenchmark.events(lines)
        let batches = stride(from: 0, to: events.count, by: ShippingBenchmark.batchSize).map {
            Array(events[$0..<min($0 + ShippingBenchmark.batchSize, events.count)])
        }
        // Labels and structured metadata as in README's Loki example.
        let encoder = LokiPushEncoder(labels: try LokiLabels([("app", "ai-workflow"), ("level", "%{[level]}")]))
        let now = FileIO.nowNanoseconds()  // the events are from the last second: the limits let all through
        let variants = [
            Variant(name: "json + gzip", encoding: .json, compressor: GzipCompressor()),
            Variant(name: "protobuf + snappy", encoding: .protobuf, compressor: SnappyCompressor()),
        ]
        var best = [Figures?](repeating: nil, count: variants.count)
        for round in 0..<rounds {
            let order = round % 2 == 0 ? Array(variants.indices) : variants.indices.reversed()
            for v in order {
                let f = measure(batches, encoder, now: now, variants[v])
                if best[v].map({ f.cpu < $0.cpu }) ?? true { best[v] = f }
            }
        }
        let perMillion = 1e6 / Double(events.count)
        let count = Double(events.count)
        for (variant, f) in zip(variants, best.map { $0! }) {
            print(String(
                format: "loki %@: %5.3f CPU-s per M events (encode %5.3f + compress %5.3f)  %6.1f bytes/event sent (%6.1f before compression)",
                variant.name.padding(toLength: 17, withPad: " ", startingAt: 0), f.cpu * perMillion, f.encode * perMillion,
                f.compress * perMillion, Double(f.sent) / count, Double(f.raw) / count))
        }
        let (json, protobuf) = (best[0]!, best[1]!)
        print(String(
            format: "protobuf + snappy costs %+.1f%% CPU and %+.1f%% bytes sent against json + gzip (%d events in batches of %d, best of %d interleaved rounds)",
            (protobuf.cpu / json.cpu - 1) * 100, (Double(protobuf.sent) / Double(json.sent) - 1) * 100, events.count,
            ShippingBenchmark.batchSize, rounds))
    }
}
