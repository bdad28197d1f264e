import Foundation
import Logging
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

/// The runner's stage chain and outputs replaced between batches (what a reload will use):
/// nothing lost, nothing sent twice, checkpoints moving on.
@Suite struct PipelineReplacementTests {
    func load(_ yaml: String, _ dir: TempDirectory) throws -> PipelineConfig {
        try Pipelines.loader(environment: [:]).load(text: yaml, file: dir.file("pipeline.yaml")).get()
    }

    func pipeline(_ dir: TempDirectory, stages: String, output: String) -> String {
        """
        data_dir: \(dir.path)/data
        checkpoints: { interval: 50ms }
        sources:
          app: { type: file, include: ["\(dir.path)/logs/*.jsonl"] }
        stages:
        \(stages)
        outputs:
          \(output): { type: file, path: \(dir.path)/\(output).ndjson, fsync: false }
        """
    }

    @Test func outputsAndStagesReplacedBetweenBatchesLoseAndRepeatNothing() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let before = (0..<50).map { #"{"event":"before","n":\#($0)}"# + "\n" }.joined()
        try dir.write("logs/a.jsonl", before)
        let first = try load(pipeline(dir, stages: "  - type: parse_json", output: "one"), dir)
        let runner = try PipelineRunner(config: first, logger: Logger(label: "test"))
        try runner.start()
        #expect(waitUntil { lines(dir, "one.ndjson").count == 50 })

        // New stages (a field added) and a new output in place of the old one.
        let second = try load(pipeline(dir, stages: """
              - type: parse_json
              - type: fields
                add: { stage: two }
            """, output: "two"), dir)
        let outputs = try runner.openOutputs(second.outputs)
        #expect(runner.replace(chain: StageChain(second.stages, metrics: runner.metrics), outputs: outputs))
        #expect(runner.outputs.map(\.name) == ["two"])
        let after = (0..<30).map { #"{"event":"after","n":\#($0)}"# + "\n" }.joined()
        try append(dir, "logs/a.jsonl", after)
        #expect(waitUntil { lines(dir, "two.ndjson").count == 30 })
        // Every byte acknowledged: the old output settled its part, the new one the rest.
        #expect(waitUntil { checkpointOffset(dir) == before.utf8.count + after.utf8.count })
        #expect(runner.shutdown())

        let one = lines(dir, "one.ndjson"), two = lines(dir, "two.ndjson")
        #expect(one.count == 50 && one.allSatisfy { $0.contains(#""before""#) && !$0.contains("stage") })
        #expect(two.count == 30 && two.allSatisfy { $0.contains(#""after""#) && $0.contains(#""stage":"two""#) })
        #expect(Set(two).count == 30)
    }

    /// Lines the old chain holds (whole-trace sampling) leave through it, to the outputs they
    /// were meant for, and are acknowledged; the new chain starts empty.
    @Test func eventsTheOldChainHoldsAreReleasedAndAcknowledged() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
        let held = #"{"level":"info","trace_id":"\#(trace)","n":1}"# + "\n"
        try dir.write("logs/a.jsonl", held)
        let config = try load(pipeline(dir, stages: """
              - type: parse_json
              - type: sample
                rate: 0
                keep_whole_trace: { on_levels: [error], max_events: 100, window: 1h }
            """, output: "out"), dir)
        let runner = try PipelineRunner(config: config, logger: Logger(label: "test"))
        try runner.start()
        #expect(waitUntil {
            runner.metrics.gauge("sluice_sample_events_holding", ["component": "stages[1]", "type": "sample"]) == 1
                && runner.isReadAndProcessed
        })
        #expect(runner.tracker.inFlight.batches == 1)

        let plain = try load(pipeline(dir, stages: "  - type: parse_json", output: "out"), dir)
        #expect(runner.replace(chain: StageChain(plain.stages, metrics: runner.metrics)))
        // Released at the end of the old chain's window, as at shutdown: with `rate: 0` and no
        // error in the trace, the held line is dropped, and its range acknowledged.
        #expect(waitUntil { checkpointOffset(dir) == held.utf8.count })
        let next = #"{"level":"info","n":2}"# + "\n"
        try append(dir, "logs/a.jsonl", next)
        #expect(waitUntil { lines(dir, "out.ndjson").count == 1 })
        #expect(waitUntil { checkpointOffset(dir) == held.utf8.count + next.utf8.count })
        #expect(runner.shutdown())
        #expect(lines(dir, "out.ndjson") == [#"{"level":"info","n":2}"#])
    }

    @Test func aReplacementAfterShutdownIsRefusedAtOnce() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("logs/a.jsonl", "")
        let config = try load(pipeline(dir, stages: "  - type: parse_json", output: "out"), dir)
        let runner = try PipelineRunner(config: config, logger: Logger(label: "test"))
        try runner.start()
        #expect(runner.shutdown())
        #expect(!runner.replace(chain: StageChain(config.stages, metrics: runner.metrics)))
    }
}
