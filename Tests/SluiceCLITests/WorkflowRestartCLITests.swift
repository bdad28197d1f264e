import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing

/// The `workflow` stage across a restart of the real binary: the open runs are saved with the
/// checkpoints (`<data_dir>/state/workflow-workflow_id`), so an agent killed with SIGKILL and
/// started again neither forgets a run nor reports one twice — a completed run stays
/// completed, an open one is reported once its deadline passes.
@Suite(.serialized) struct WorkflowRestartCLITests {
    static func line(_ id: String, _ step: String) -> String {
        #"{"workflow_id":"\#(id)","step":"\#(step)","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#
    }

    func pipeline(_ dir: TempDirectory, hook: String) throws -> String {
        try dir.write("pipeline.yaml", """
            data_dir: \(dir.file("data"))
            checkpoints: { interval: 100ms }
            sources:
              app: { type: file, include: ["\(dir.file("logs"))/*.log"], start_at: beginning }
            stages:
              - type: parse_json
              - type: workflow
                key: workflow_id
                step_field: step
                steps: [ingestion, inference, delivery]
                complete_within: 4s
            outputs:
              alerts:
                type: http
                url: \(hook)
                format: template
                template: '%{[workflow_id]} after %{[last_step]}'
                when: { event: workflow_incomplete }
                batch: { max_age: 50ms }
            """)
    }

    /// The keys of the runs in the saved state (open, or reported and not settled).
    func savedRuns(_ dir: TempDirectory) -> [String] {
        let file = RecordFile(path: dir.file("data/state/workflow-workflow_id"), magic: "sluice-stage-state")
        return ((try? file.load { $0 }.value) ?? []).filter { $0.first == "run" }.map { $0[1] }
    }

    @Test func aRestartAfterSIGKILLNeitherForgetsARunNorReportsOneTwice() throws {
        let dir = try TempDirectory("sluice-workflow-restart")
        defer { dir.remove() }
        let hooks = try LoopbackHTTPServer { _ in .text(200, "ok") }
        defer { hooks.stop() }
        let config = try pipeline(dir, hook: hooks.baseURL + "/hook")
        // wf-1 stops after inference; wf-2 completes.
        let text = [
            Self.line("wf-1", "ingestion"), Self.line("wf-2", "ingestion"), Self.line("wf-1", "inference"),
            Self.line("wf-2", "inference"), Self.line("wf-2", "delivery"),
        ].map { $0 + "\n" }.joined()
        try dir.write("logs/app.log", text)

        let first = try RunningBinary(["run", "-c", config])
        let saved = waitUntil(timeout: 30) { savedRuns(dir) == ["wf-1"] && checkpointOffsets(dataDir: dir.file("data")) == [text.utf8.count] }
        #expect(saved, "state \(savedRuns(dir)), checkpoint \(checkpointOffsets(dataDir: dir.file("data")))\n\(first.stderr.suffix(2000))")
        first.send(SIGKILL)
        _ = first.wait()
        #expect(hooks.requestCount == 0, "wf-1's deadline had not passed")

        let second = try RunningBinary(["run", "-c", config])
        defer { if second.process.isRunning { second.send(SIGKILL) } }
        #expect(waitUntil(timeout: 30) { second.stderr.contains(#""msg":"stage state restored""#) }, "\(second.stderr.suffix(2000))")
        // A run started after the restart, reported after wf-1 (its deadline is later).
        let handle = try #require(FileHandle(forWritingAtPath: dir.file("logs/app.log")))
        handle.seekToEndOfFile()
        handle.write(Data((Self.line("wf-3", "ingestion") + "\n").utf8))
        handle.closeFile()
        func bodies() -> [String] { hooks.requests.map(\.bodyText) }
        #expect(waitUntil(timeout: 30) { bodies().contains { $0.hasPrefix("wf-3 ") } }, "\(bodies())\n\(second.stderr.suffix(2000))")
        #expect(bodies() == ["wf-1 after inference", "wf-3 after ingestion"], "each open run once, wf-2 never")
        second.send(SIGTERM)
        #expect(second.wait() == 0, "\(second.stderr.suffix(2000))")
        #expect(savedRuns(dir).isEmpty, "nothing open, nothing in flight")
    }
}
