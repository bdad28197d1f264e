import Foundation
import Logging
import Prometheus
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

@Suite struct PipelineRunTests {
    func config(_ dir: TempDirectory, onError: String = "keep", extra: String = "") throws -> PipelineConfig {
        let yaml = """
            data_dir: \(dir.path)/data
            sources:
              app:
                type: file
                include: ["\(dir.path)/logs/*.jsonl"]
            stages:
              - type: parse_json
                on_error: \(onError)
            outputs:
              out:
                type: file
                path: \(dir.path)/out.ndjson
            \(extra)
            """
        return try Pipelines.loader(environment: [:]).load(text: yaml, file: dir.file("pipeline.yaml")).get()
    }

    static let lines = [
        #"{"timestamp":"2026-11-24T12:00:00Z","level":"info","event":"a"}"#,
        "Traceback (most recent call last):",
        #"{"event": "b", "n": 1.50}"#,
    ]

    /// Runs the pipeline until `lines` lines are in the output file, then shuts it down.
    func runUntil(_ config: PipelineConfig, _ dir: TempDirectory, lines: Int) throws -> PipelineRunner {
        let runner = try PipelineRunner(config: config, logger: Logger(label: "test"))
        try runner.start()
        let arrived = waitUntil(timeout: 20) {
            ((try? dir.read("out.ndjson")) ?? "").split(separator: "\n").count >= lines
        }
        #expect(arrived)
        #expect(runner.shutdown())
        return runner
    }

    @Test func runnerDeliversEveryLineToTheFileOutput() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("logs/a.jsonl", Self.lines.joined(separator: "\n") + "\n")
        try dir.write("logs/b.jsonl", #"{"event":"c"}"# + "\n")
        try dir.write("logs/ignored.txt", "x\n")
        let runner = try runUntil(config(dir), dir, lines: 4)
        #expect(runner.metrics.counter("sluice_pipeline_events_out_total") == 4)
        #expect(runner.metrics.counter("sluice_tailer_lines_read_total") == 4)
        #expect(runner.metrics.counter("sluice_output_events_delivered_total", ["output": "out", "type": "file"]) == 4)
        #expect(runner.metrics.counter("sluice_parse_json_errors_total", ["component": "stages[0]", "reason": "syntax"]) == 1)
        // The same values reach the Prometheus registry the runner owns (served at /metrics).
        let exposition = runner.prometheus.emitToString()
        #expect(exposition.contains("\nsluice_pipeline_events_out_total 4\n"))
        #expect(exposition.contains(#"sluice_output_events_delivered_total{output="out",type="file"} 4"#))
        let out = try dir.read("out.ndjson").split(separator: "\n").map(String.init)
        #expect(out.sorted() == [
            #"{"event": "b", "n": 1.50}"#,
            #"{"event":"c"}"#,
            #"{"message":"Traceback (most recent call last):","parse_error":true}"#,
            #"{"timestamp":"2026-11-24T12:00:00Z","level":"info","event":"a"}"#,
        ])
        // Checkpoints hold the acknowledged end of each file.
        #expect(try dir.read("data/checkpoints").contains("\(dir.path)/logs/a.jsonl\t"))
    }

    /// An output that keeps failing (a full disk) holds the pipeline: nothing is acknowledged,
    /// and shutdown gives up after shutdown_timeout instead of hanging.
    @Test func failingOutputIsRetriedNeverAcknowledgedAndShutdownIsBounded() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("logs/a.jsonl", Self.lines.joined(separator: "\n") + "\n")
        let yaml = """
            data_dir: \(dir.path)/data
            shutdown_timeout: 300ms
            sources:
              app: { type: file, include: ["\(dir.path)/logs/*.jsonl"] }
            outputs:
              full: { type: file, path: /dev/full, fsync: false }
            """
        let config = try Pipelines.loader(environment: [:]).load(text: yaml, file: dir.file("p.yaml")).get()
        let runner = try PipelineRunner(config: config, logger: Logger(label: "test"))
        try runner.start()
        #expect(waitUntil { runner.metrics.counter("sluice_output_write_errors_total", ["output": "full"]) >= 2 })
        let started = Date()
        #expect(runner.shutdown() == false)
        #expect(Date().timeIntervalSince(started) < 12)
        #expect(try dir.read("data/checkpoints").contains("\(dir.path)/logs/a.jsonl\t"))
        #expect(checkpointOffset(dir) == 0, "nothing was delivered, so nothing may be checkpointed")
    }

    /// Lines a stage holds (whole-trace sampling waiting for an error) are not checkpointed
    /// until they leave the stage: a crash meanwhile would re-read them, never lose them.
    @Test func heldLinesAreNotAcknowledgedUntilReleased() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
        let first = #"{"level":"info","trace_id":"\#(trace)","n":1}"# + "\n"
        try dir.write("logs/a.jsonl", first)
        let yaml = """
            data_dir: \(dir.path)/data
            checkpoints: { interval: 50ms }
            sources:
              app: { type: file, include: ["\(dir.path)/logs/*.jsonl"] }
            stages:
              - type: parse_json
              - type: sample
                rate: 0
                keep_whole_trace: { on_levels: [error], max_events: 100, window: 1h }
            outputs:
              out: { type: file, path: \(dir.path)/out.ndjson, fsync: false }
            """
        let config = try Pipelines.loader(environment: [:]).load(text: yaml, file: dir.file("p.yaml")).get()
        let runner = try PipelineRunner(config: config, logger: Logger(label: "test"))
        try runner.start()
        // Read and held: the worker is done with its batch (the file output acknowledges on
        // the worker's thread), yet the batch is still in flight and the checkpoint at 0.
        #expect(waitUntil {
            runner.metrics.gauge("sluice_sample_events_holding", ["component": "stages[1]", "type": "sample"]) == 1
                && runner.isReadAndProcessed && checkpointOffset(dir) != nil
        })
        #expect(runner.tracker.inFlight.batches == 1)
        #expect(checkpointOffset(dir) == 0)
        // An error in the same trace releases the held line: both are delivered and acknowledged.
        let error = #"{"level":"error","trace_id":"\#(trace)","n":2}"# + "\n"
        try append(dir, "logs/a.jsonl", error)
        #expect(waitUntil { checkpointOffset(dir) == first.utf8.count + error.utf8.count })
        #expect(runner.shutdown())
        #expect(try dir.read("out.ndjson").split(separator: "\n").count == 2)
    }

    @Test func heldOffsetLookup() {
        let offsets: [UInt64] = [10, 20, 30]
        #expect(PipelineRunner.containsOffset(offsets, from: 0, below: 10) == false)
        #expect(PipelineRunner.containsOffset(offsets, from: 0, below: 11) == true)
        #expect(PipelineRunner.containsOffset(offsets, from: 21, below: 30) == false)
        #expect(PipelineRunner.containsOffset(offsets, from: 30, below: 31) == true)
        #expect(PipelineRunner.containsOffset(offsets, from: 31, below: 100) == false)
        #expect(PipelineRunner.containsOffset([], from: 0, below: 100) == false)
    }

    @Test func deadLettersGoToTheDataDirectoryWithTheirOrigin() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let log = try dir.write("logs/a.jsonl", Self.lines.joined(separator: "\n") + "\n")
        let runner = try runUntil(config(dir, onError: "dead_letter"), dir, lines: 2)
        #expect(waitUntil { runner.metrics.counter("sluice_pipeline_events_dead_lettered_total") == 1 })
        #expect(runner.metrics.counter("sluice_dead_letter_records_written_total") == 1)
        let record = try dir.read("data/dead_letter.ndjson")
        let object = try JSONObject(parsing: ArraySlice(Array(record.dropLast().utf8)))
        #expect(object.string(FieldPath(key: "stage")) == "stages[0] (parse_json)")
        #expect(object.string(FieldPath(key: "reason")) == "not a JSON object")
        #expect(object.string(FieldPath(key: "file")) == log)
        #expect(object.string(FieldPath(key: "offset")) == String(Self.lines[0].utf8.count + 1))
        #expect(object.string(FieldPath("event.message")!) == "Traceback (most recent call last):")
    }

    @Test func dryRunRendersPerOutputAndWritesNothing() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let input = try dir.write("sample.jsonl", Self.lines.joined(separator: "\n") + "\n")
        var shown: [UInt8] = []
        let (summary, chain) = try DryRun(config: config(dir, onError: "dead_letter"), input: .file(input)).execute { shown += $0 }
        #expect(String(decoding: shown, as: UTF8.self).split(separator: "\n").map { $0.hasPrefix("[dead_letter] ") ? "[dead_letter]" : String($0) } == [
            #"[out] {"timestamp":"2026-11-24T12:00:00Z","level":"info","event":"a"}"#,
            #"[out] {"event": "b", "n": 1.50}"#,
            "[dead_letter]",
        ])
        #expect(summary.lines == 3 && summary.delivered == 2 && summary.deadLettered == 1)
        #expect(chain.counterReport() == [
            #"stages[0] (parse_json): sluice_parse_json_errors_total{reason="syntax"}=1 sluice_parse_json_events_parsed_total=2 sluice_stage_events_dead_lettered_total=1 sluice_stage_events_in_total=3 sluice_stage_events_out_total=2"#,
        ])
        #expect(!FileIOProbe.exists(dir.file("out.ndjson")) && !FileIOProbe.exists(dir.file("data")))
    }

    @Test func dryRunOnlyOneOutputPrintsBareLines() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let input = try dir.write("sample.jsonl", Self.lines[0] + "\n")
        var shown: [UInt8] = []
        _ = try DryRun(config: config(dir), input: .file(input), onlyOutput: "out").execute { shown += $0 }
        #expect(String(decoding: shown, as: UTF8.self) == Self.lines[0] + "\n")
    }

    @Test func ruleTestsPassAndFailWithReasons() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let tests = """
            tests:
              - name: fields survive
                input: '{"level":"info","n":2,"ok":true,"none":null}'
                expect: { level: info, n: 2, ok: true, none: null, missing: { exists: false } }
              - name: wrong expectations
                input: '{"level":"info","email":"alice@example.com"}'
                expect: { level: warning, missing: { exists: true } }
                must_not_contain: ["alice@example.com"]
              - name: keeps bad lines
                input: ['not json', '{"a":1}']
                expect_dropped: false
              - name: expects a drop that does not happen
                input: '{"a":1}'
                expect_dropped: true
            """
        let outcomes = RuleTests(config: try config(dir, extra: tests)).run()
        #expect(outcomes.map(\.passed) == [true, false, true, false])
        #expect(outcomes[1].failures == [
            #"level: expected "warning", got "info""#,
            "missing: expected (present), got (absent)",
            #"output "out" contains "alice@example.com""#,
        ])
        #expect(outcomes[3].failures == ["expected every input to be dropped, but 1 of 1 were kept"])
    }
}

enum FileIOProbe {
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// The workflow stage in a running pipeline: a run that stops before its last step becomes a
/// workflow_incomplete event in the output once its deadline passes (the worker looks at the
/// stage even without new lines), and every line read is still acknowledged.
@Suite struct WorkflowPipelineTests {
    @Test func anUnfinishedRunReachesTheOutputAsAnEvent() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let lines = [
            #"{"workflow_id":"wf-1","step":"ingest"}"#, #"{"workflow_id":"wf-1","step":"deliver"}"#,
            #"{"workflow_id":"wf-2","step":"ingest","level":"error"}"#,
        ]
        let text = lines.joined(separator: "\n") + "\n"
        try dir.write("logs/a.jsonl", text)
        let yaml = """
            data_dir: \(dir.path)/data
            checkpoints: { interval: 50ms }
            sources:
              app: { type: file, include: ["\(dir.path)/logs/*.jsonl"] }
            stages:
              - type: parse_json
              - type: workflow
                steps: [ingest, deliver]
                complete_within: 1s
            outputs:
              out: { type: file, path: \(dir.path)/out.ndjson, fsync: false }
            """
        let config = try Pipelines.loader(environment: [:]).load(text: yaml, file: dir.file("p.yaml")).get()
        let runner = try PipelineRunner(config: config, logger: Logger(label: "test"))
        try runner.start()
        func out() -> [String] { ((try? dir.read("out.ndjson")) ?? "").split(separator: "\n").map(String.init) }
        #expect(waitUntil(timeout: 20) { out().contains { $0.contains("workflow_incomplete") } }, "\(out())")
        #expect(waitUntil { runner.tracker.inFlight.batches == 0 && checkpointOffset(dir) == text.utf8.count })
        #expect(runner.shutdown())
        let incomplete = out().filter { $0.contains("workflow_incomplete") }
        #expect(incomplete.count == 1 && incomplete[0].contains(#""workflow_id":"wf-2""#) && incomplete[0].contains(#""missing_steps":["deliver"]"#))
        #expect(out().count == 4)
        #expect(runner.metrics.counter("sluice_workflow_runs_completed_total", ["component": "stages[1]", "type": "workflow"]) == 1)
    }
}
