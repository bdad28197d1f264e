import Foundation
import Logging
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

/// Reloading the pipeline file into a running agent: applied between batches without losing
/// or repeating a line, refused (old pipeline kept) when invalid or when it needs a restart.
@Suite struct PipelineReloaderTests {
    func yaml(_ dir: TempDirectory, sources: String = "app: { type: file, include: [\"LOGS/a/*.jsonl\"] }", stages: String = "  - type: parse_json",
              outputs: String = "one: { type: file, path: OUT/one.ndjson, fsync: false }", dataDir: String = "data") -> String {
        """
        data_dir: \(dir.path)/\(dataDir)
        checkpoints: { interval: 50ms }
        sources:
          \(sources.replacingOccurrences(of: "LOGS", with: dir.path + "/logs"))
        stages:
        \(stages)
        outputs:
          \(outputs.replacingOccurrences(of: "OUT", with: dir.path))
        """
    }

    func start(_ dir: TempDirectory, _ text: String) throws -> (PipelineRunner, PipelineReloader) {
        try dir.write("pipeline.yaml", text)
        let config = try Pipelines.loader(environment: [:]).load(path: dir.file("pipeline.yaml")).get()
        let runner = try PipelineRunner(config: config, logger: Logger(label: "test"))
        try runner.start()
        return (runner, PipelineReloader(runner: runner, loader: Pipelines.loader(environment: [:]), logger: Logger(label: "test")))
    }

    func events(_ name: String, _ range: Range<Int>) -> String {
        range.map { #"{"event":"\#(name)","n":\#($0)}"# + "\n" }.joined()
    }

    /// Every byte read, every batch settled: the quiescent state (see ``Tailer/look(rescan:)``).
    func waitUntilQuiet(_ runner: PipelineRunner) -> Bool {
        runner.tailer.look(rescan: true)
        let target = runner.tailer.passesCompleted + 2
        return waitUntil { runner.tailer.passesCompleted >= target && runner.isIdle }
    }

    @Test func aValidChangeIsAppliedWithoutLosingOrRepeatingALine() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try append(dir, "logs/a/app.jsonl", events("before", 0..<40))
        let (runner, reloader) = try start(dir, yaml(dir))
        #expect(waitUntil { lines(dir, "one.ndjson").count == 40 })
        let one = runner.outputs[0]

        try dir.write("pipeline.yaml", yaml(dir, stages: """
              - type: parse_json
              - type: fields
                add: { reloaded: true }
            """, outputs: """
            one: { type: file, path: OUT/one.ndjson, fsync: false }
              two: { type: file, path: OUT/two.ndjson, fsync: false }
            """))
        guard case .applied(let changes, _) = reloader.reload() else {
            Issue.record("not applied")
            return
        }
        #expect(changes.contains("output two added"))
        #expect(runner.outputs.count == 2 && runner.outputs[0] === one, "an unchanged output is kept")
        try append(dir, "logs/a/app.jsonl", events("after", 0..<25))
        #expect(waitUntil { lines(dir, "one.ndjson").count == 65 && lines(dir, "two.ndjson").count == 25 })
        #expect(waitUntilQuiet(runner))
        #expect(runner.shutdown())
        let first = lines(dir, "one.ndjson")
        #expect(first.count == 65 && Set(first).count == 65)
        #expect(first.filter { $0.contains("reloaded") }.count == 25)
        #expect(lines(dir, "two.ndjson").allSatisfy { $0.contains(#""after""#) && $0.contains(#""reloaded":true"#) })
        #expect(runner.metrics.counter("sluice_config_reloads_total", ["result": "success"]) == 1)
    }

    @Test func anInvalidFileKeepsTheRunningPipeline() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let (runner, reloader) = try start(dir, yaml(dir))
        try dir.write("pipeline.yaml", yaml(dir, stages: "  - type: parse_jsn"))
        guard case .invalid(let errors) = reloader.reload() else {
            Issue.record("not refused")
            return
        }
        #expect(errors.contains { $0.contains("stages[0].type") && $0.contains("pipeline.yaml:") }, "\(errors)")
        try append(dir, "logs/a/app.jsonl", events("still", 0..<10))
        #expect(waitUntil { lines(dir, "one.ndjson").count == 10 })
        #expect(runner.shutdown())
        #expect(runner.metrics.counter("sluice_config_reloads_total", ["result": "failure"]) == 1)
        #expect(runner.metrics.gauge("sluice_config_last_reload_successful") == 0)
    }

    @Test func aNewDataDirectoryNeedsARestart() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let (runner, reloader) = try start(dir, yaml(dir))
        defer { runner.shutdown() }
        try dir.write("pipeline.yaml", yaml(dir, dataDir: "elsewhere"))
        guard case .refused(let reason) = reloader.reload() else {
            Issue.record("not refused")
            return
        }
        #expect(reason.contains("data_dir") && reason.contains("restart"))
    }

    /// A source taken out: its files are read to their end and not followed further; a source
    /// put in: its files are read.
    @Test func sourcesRemovedStopBeingReadAndAddedOnesStart() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try append(dir, "logs/a/app.jsonl", events("a", 0..<5))
        try append(dir, "logs/b/app.jsonl", events("b", 0..<5))
        let both = #"app: { type: file, include: ["LOGS/a/*.jsonl"], rotate_wait: 100ms }"# + "\n  " + #"other: { type: file, include: ["LOGS/b/*.jsonl"] }"#
        let (runner, reloader) = try start(dir, yaml(dir, sources: both))
        #expect(waitUntil { lines(dir, "one.ndjson").count == 10 })
        try dir.write("pipeline.yaml", yaml(dir, sources: #"other: { type: file, include: ["LOGS/b/*.jsonl"] }"# + "\n  " + #"new: { type: file, include: ["LOGS/c/*.jsonl"] }"#))
        guard case .applied(let changes, _) = reloader.reload() else {
            Issue.record("not applied")
            return
        }
        #expect(changes.contains("source app removed") && changes.contains("source new added"))
        try append(dir, "logs/c/app.jsonl", events("c", 0..<5))
        try append(dir, "logs/b/app.jsonl", events("b", 5..<10))
        #expect(waitUntil { lines(dir, "one.ndjson").count == 20 })
        // The file of the source taken out was read to its end, then closed after its
        // rotate_wait (100 ms) of quiet; what it gets now is not read.
        #expect(waitUntil { runner.metrics.counter("sluice_tailer_files_closed_total", ["reason": "finished"]) >= 1 })
        try append(dir, "logs/a/app.jsonl", events("a", 5..<10))
        #expect(waitUntilQuiet(runner))
        #expect(runner.shutdown())
        let out = lines(dir, "one.ndjson")
        #expect(out.filter { $0.contains(#""a""#) }.count == 5, "\(out.filter { $0.contains(#""a""#) })")
        #expect(out.filter { $0.contains(#""b""#) }.count == 10 && out.filter { $0.contains(#""c""#) }.count == 5)
    }
}
