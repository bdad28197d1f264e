import SluiceCore
import SluiceStages

/// `--mode stages`: the stage chain's cost on the generated lines, against parse + serialise
/// alone in the same run. Lines go through in batches of 1,024 events, as in the pipeline.
///
/// The chain measured is parse + `trace` + `redact` (every built-in detector) + serialise,
/// as issue 5 asks, and parse + `redact` + serialise on its own.
enum StagesBenchmark {
    static let batchSize = 1_024

    /// Parse + serialise: the baseline.
    static func baseline(_ lines: [ArraySlice<UInt8>], output: inout [UInt8]) -> Int {
        run(lines, output: &output, stage: nil)
    }

    /// Parse + redact (all built-in detectors) + serialise.
    static func redact(_ lines: [ArraySlice<UInt8>], output: inout [UInt8]) -> Int {
        run(lines, output: &output, stages: [RedactStage()])
    }

    /// Parse + trace + serialise.
    static func trace(_ lines: [ArraySlice<UInt8>], output: inout [UInt8]) -> Int {
        run(lines, output: &output, stages: [TraceStage()])
    }

    /// Parse + trace + redact (all built-in detectors) + serialise.
    static func traceRedact(_ lines: [ArraySlice<UInt8>], output: inout [UInt8]) -> Int {
        run(lines, output: &output, stages: [
            TraceStage(),
            RedactStage(),
        ])
    }

    static func run(_ lines: [ArraySlice<UInt8>], output: inout [UInt8], stage: RedactStage?) -> Int {
        run(lines, output: &output, stages: stage.map { [$0] } ?? [])
    }

    static func run(_ lines: [ArraySlice<UInt8>], output: inout [UInt8], stages: [any Stage]) -> Int {
        var check = 0
        var start = 0
        while start < lines.count {
            let end = min(start + batchSize, lines.count)
            var batch = Batch()
            batch.events.reserveCapacity(end - start)
            for k in start..<end {
                var event = Event(line: lines[k], origin: Origin(fileID: 0, offset: UInt64(k), length: 0), readTime: 0)
                if let object = try? JSONObject(parsing: lines[k]) {
                    event.fields = object
                    event.flags.remove(.raw)
                }
                batch.events.append(event)
            }
            for stage in stages { stage.process(&batch) }
            for event in batch.events {
                event.serialize(into: &output)
                output.append(0x0A)
            }
            if output.count > 1 << 22 {
                check &+= output.count
                output.removeAll(keepingCapacity: true)
            }
            start = end
        }
        return check &+ output.count
    }

    /// Counts what `redact` found in `lines`, to show the work is real.
    static func findings(_ lines: [ArraySlice<UInt8>]) -> [(String, String)] {
        let metrics = MetricsRegistry()
        var output: [UInt8] = []
        _ = run(lines, output: &output, stage: RedactStage(context: StageContext(name: "redact", metrics: metrics.scope())))
        return metrics.series().filter { !$0.isZero }.flatMap { $0.samples() }
    }
}
