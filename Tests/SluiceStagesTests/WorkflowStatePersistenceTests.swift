import Synchronization
import Testing
@testable import SluiceCore
@testable import SluiceStages

/// The `workflow` stage's state across a restart (saved records handed to a new stage) and a
/// reload (``WorkflowStage/takeState(from:)``): runs go on where they were, lines read again
/// are not noted twice, and a run is reported again only when its report was never settled.
@Suite struct WorkflowStatePersistenceTests {
    static let yaml = """
          - type: workflow
            key: workflow_id
            step_field: event
            steps: [ingest, infer, deliver]
            complete_within: 10m
        """
    static let epoch: Int64 = 1_800_000_000_000_000_000

    /// A wall clock the test moves (nanoseconds since the epoch).
    final class WallClock: Sendable {
        let now = Atomic<Int64>(WorkflowStatePersistenceTests.epoch)
        func advance(seconds: Int64) { now.add(seconds * 1_000_000_000, ordering: .relaxed) }
    }

    struct Agent {
        let stage: WorkflowStage
        let registry: MetricsRegistry
        let clock: SluiceCore.ManualClock
        let wall: WallClock
    }

    /// A fresh stage (a fresh process): its own metrics and monotonic clock, on `wall`.
    func start(_ wall: WallClock, yaml: String = Self.yaml) throws -> Agent {
        let options = try loadStages(yaml).get()[0] as! WorkflowStage.Options
        let registry = MetricsRegistry(), clock = SluiceCore.ManualClock()
        let stage = WorkflowStage(
            options: options, context: StageContext(index: 0, type: "workflow", metrics: registry), clock: clock,
            wallClock: { wall.now.load(ordering: .relaxed) })
        return Agent(stage: stage, registry: registry, clock: clock, wall: wall)
    }

    /// The log file: lines for `(workflow_id, step, level)`, each at its own offset of file
    /// generation 0xF11E (what a restart reads again is the same lines, same origins).
    struct LogFile {
        var lines: [Event] = []
        mutating func append(_ id: String, _ step: String, level: String = "info") -> Event {
            let line = #"{"workflow_id":"\#(id)","event":"\#(step)","level":"\#(level)","trace_id":"t-\#(id)"}"#
            let offset = lines.last.map { $0.origin.offset + UInt64($0.origin.length) } ?? 0
            var event = Event(line, origin: Origin(fileID: 3, offset: offset, length: UInt32(line.utf8.count + 1), fileKey: 0xF11E))
            event.fields = try! JSONObject(parsing: event.line)
            event.flags.remove(.raw)
            event.timestamp = WorkflowStatePersistenceTests.epoch + Int64(lines.count) * 1_000_000_000
            lines.append(event)
            return event
        }
    }

    func process(_ agent: Agent, _ events: [Event], acknowledgement: Acknowledgement? = nil) -> Batch {
        var batch = Batch(events: events, acknowledgement: acknowledgement)
        agent.stage.process(&batch)
        return batch
    }

    func reported(_ batch: Batch) -> [String] {
        batch.events.filter { $0.string("event") == "workflow_incomplete" }.compactMap { $0.string("workflow_id") }
    }

    /// What the stage would save now, through the record file format and back.
    func saved(_ agent: Agent) throws -> [[String]] {
        let records = try #require(agent.stage.encodeState(changedOnly: false))
        let file = RecordFile(path: "/nonexistent/state", magic: "sluice-stage-state")
        return try file.decode(file.encode(records))
    }

    @Test func aRestartGoesOnWithTheOpenRunsAndTheirDeadlines() throws {
        let wall = WallClock()
        var log = LogFile()
        let first = try start(wall)
        _ = process(first, [log.append("wf-1", "ingest"), log.append("wf-1", "infer", level: "error"), log.append("wf-2", "ingest")])
        first.clock.advance(by: 120)
        wall.advance(seconds: 120)
        let state = try saved(first)

        wall.advance(seconds: 30)  // down for 30 s
        let second = try start(wall)
        try second.stage.restoreState(state)
        _ = process(second, [log.append("wf-2", "infer"), log.append("wf-2", "deliver")])
        #expect(second.registry.counter("sluice_workflow_runs_started_total") == 0, "wf-2 went on, not started again")
        #expect(second.registry.counter("sluice_workflow_runs_completed_total") == 1)
        second.clock.advance(by: 600 - 150 - 1)
        #expect(reported(process(second, [])).isEmpty, "wf-1's deadline is 10 min after its first line, not after the restart")
        second.clock.advance(by: 2)
        let batch = process(second, [])
        #expect(reported(batch) == ["wf-1"])
        let event = try #require(batch.events.first)
        #expect(event.raw("steps_seen") == #"["ingest","infer"]"#)
        #expect(event.raw("errors") == "1")
        #expect(event.string("trace_id") == "t-wf-1")
        #expect(second.registry.counter("sluice_workflow_runs_incomplete_total", ["missing_step": "deliver"]) == 1)
    }

    @Test func aDeadlineThatPassedWhileTheAgentWasDownIsReportedAtOnce() throws {
        let wall = WallClock()
        var log = LogFile()
        let first = try start(wall)
        _ = process(first, [log.append("wf-9", "ingest")])
        let state = try saved(first)
        wall.advance(seconds: 3600)
        let second = try start(wall)
        try second.stage.restoreState(state)
        #expect(reported(process(second, [])) == ["wf-9"])
        #expect(reported(process(second, [])).isEmpty, "once")
    }

    /// After a crash the lines after the checkpoint are read again: those the saved state had
    /// seen are not counted twice (errors, starts), and a run they completed is not restarted.
    @Test func linesReadAgainAreNotNotedTwice() throws {
        let wall = WallClock()
        var log = LogFile()
        let first = try start(wall)
        let batch1 = [log.append("wf-1", "ingest"), log.append("wf-1", "infer", level: "error")]
        let batch2 = [log.append("wf-2", "ingest"), log.append("wf-2", "infer"), log.append("wf-2", "deliver"), log.append("wf-1", "infer", level: "error")]
        _ = process(first, batch1)
        _ = process(first, batch2)
        let state = try saved(first)

        // The checkpoint covered batch1 only: batch2 is read again, then new lines.
        let second = try start(wall)
        try second.stage.restoreState(state)
        _ = process(second, batch2 + [log.append("wf-3", "ingest")])
        #expect(second.registry.counter("sluice_workflow_runs_started_total") == 1, "only wf-3 is new")
        #expect(second.registry.counter("sluice_workflow_runs_completed_total") == 0, "wf-2 completed before the restart")
        second.clock.advance(by: 601)
        let batch = process(second, [])
        #expect(reported(batch) == ["wf-1", "wf-3"], "wf-2 is not reported")
        #expect(batch.events.first { $0.string("workflow_id") == "wf-1" }?.raw("errors") == "2", "each error line once")
    }

    /// A report that no output settled before the stop is sent again after the restart (at
    /// least once, same origin); one that was settled is not.
    @Test func onlyReportsNeverSettledAreSentAgain() throws {
        let wall = WallClock()
        var log = LogFile()
        let first = try start(wall)
        _ = process(first, [log.append("wf-a", "ingest")])
        first.clock.advance(by: 300)
        _ = process(first, [log.append("wf-b", "ingest")])
        first.clock.advance(by: 301)
        let settled = process(first, [])
        #expect(reported(settled) == ["wf-a"])
        let ack = try #require(settled.acknowledgement, "a batch of no lines gets an acknowledgement for its reports")
        ack.acknowledge()
        #expect(ack.isComplete)
        first.clock.advance(by: 300)
        let unsettled = process(first, [])
        #expect(reported(unsettled) == ["wf-b"])
        let state = try saved(first)

        let second = try start(wall)
        try second.stage.restoreState(state)
        let again = process(second, [])
        #expect(reported(again) == ["wf-b"], "wf-a's report was delivered; wf-b's was not")
        #expect(again.events.first?.origin.fileKey == unsettled.events.first?.origin.fileKey, "the same origin, so the same document id")
    }

    /// A report rides on the batch's own acknowledgement when it has one.
    @Test func aReportTravelsWithTheBatchsAcknowledgement() throws {
        let wall = WallClock()
        var log = LogFile()
        let agent = try start(wall)
        _ = process(agent, [log.append("wf-1", "ingest")])
        agent.clock.advance(by: 601)
        let tracker = AckTracker()
        let ack = Acknowledgement(fileID: 3, start: 0, end: 10, tracker: tracker)
        let batch = process(agent, [log.append("wf-2", "ingest")], acknowledgement: ack)
        #expect(reported(batch) == ["wf-1"])
        #expect(batch.acknowledgement === ack)
        #expect(try saved(agent).contains { $0.first == "run" && $0[1] == "wf-1" }, "saved until settled")
        ack.acknowledge()
        #expect(try !saved(agent).contains { $0.first == "run" && $0[1] == "wf-1" }, "settled: forgotten")
    }

    /// A reload hands the state over as it is: a report in flight stays tied to its
    /// acknowledgement (not sent again), open runs go on.
    @Test func aReloadHandsTheStateOverWithoutReportingAgain() throws {
        let wall = WallClock()
        var log = LogFile()
        let old = try start(wall)
        _ = process(old, [log.append("wf-1", "ingest"), log.append("wf-2", "ingest")])
        old.clock.advance(by: 601)
        _ = process(old, [log.append("wf-3", "ingest")])
        #expect(old.stage.footprint.runs == 1)
        let new = try start(wall)
        try new.stage.takeState(from: old.stage)
        #expect(new.stage.footprint.runs == 1, "wf-3 goes on")
        #expect(reported(process(new, [])).isEmpty, "wf-1 and wf-2 are not reported again")
        #expect(try saved(new).filter { $0.first == "run" }.count == 3, "their reports are not settled yet")
    }

    @Test func encodeStateSaysWhenNothingChanged() throws {
        let wall = WallClock()
        var log = LogFile()
        let agent = try start(wall)
        _ = process(agent, [log.append("wf-1", "ingest")])
        #expect(agent.stage.encodeState(changedOnly: true) != nil)
        #expect(agent.stage.encodeState(changedOnly: true) == nil)
        _ = process(agent, [])
        #expect(agent.stage.encodeState(changedOnly: true) == nil, "an empty batch changes nothing")
        _ = process(agent, [log.append("wf-1", "infer")])
        #expect(agent.stage.encodeState(changedOnly: true) != nil)
    }

    /// Steps are saved by name: a changed `steps` list keeps what still applies.
    @Test func aChangedStepListKeepsWhatStillApplies() throws {
        let wall = WallClock()
        var log = LogFile()
        let first = try start(wall)
        _ = process(first, [log.append("wf-1", "ingest"), log.append("wf-1", "infer")])
        let state = try saved(first)
        let second = try start(wall, yaml: Self.yaml.replacingOccurrences(of: "[ingest, infer, deliver]", with: "[ingest, check, infer, deliver]"))
        try second.stage.restoreState(state)
        second.clock.advance(by: 601)
        let event = try #require(process(second, []).events.first)
        #expect(event.raw("steps_seen") == #"["ingest","infer"]"#)
        #expect(event.raw("missing_steps") == #"["check","deliver"]"#)
    }

    @Test func malformedStateIsRefusedNamingTheRecordNotItsContent() throws {
        let wall = WallClock()
        var log = LogFile()
        let agent = try start(wall)
        _ = process(agent, [log.append("wf-1", "ingest")])
        for records in [[["run", "secret-id", "x"]], [["noted", "zz", "1"]], [["bogus"]]] {
            #expect {
                try agent.stage.restoreState(records)
            } throws: { error in
                "\(error)".contains("record 1") && !"\(error)".contains("secret-id")
            }
        }
        #expect(agent.stage.footprint.runs == 1, "the state in use is kept")
    }
}
