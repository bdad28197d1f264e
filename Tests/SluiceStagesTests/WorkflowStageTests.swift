import Testing
@testable import SluiceCore
@testable import SluiceStages

@Suite struct WorkflowStageTests {
    func stage(_ yaml: String, clock: SluiceCore.ManualClock, registry: MetricsRegistry) throws -> WorkflowStage {
        let options = try loadStages("  - type: workflow\n" + yaml).get()[0] as! WorkflowStage.Options
        return WorkflowStage(options: options, context: StageContext(index: 0, type: "workflow", metrics: registry), clock: clock)
    }

    static let yaml = """
            key: workflow_id
            step_field: event
            steps: [ingest, infer, deliver]
            complete_within: 10m
        """

    /// Events for `(workflow_id, step, seconds)`, timed at `seconds` after a fixed instant.
    func lines(_ items: [(String, String, Int)], level: String = "info") -> [Event] {
        var out = events(items.map { #"{"workflow_id":"\#($0.0)","event":"\#($0.1)","level":"\#(level)","trace_id":"t-\#($0.0)"}"# })
        for i in out.indices { out[i].timestamp = 1_800_000_000_000_000_000 + Int64(items[i].2) * 1_000_000_000 }
        return out
    }

    func process(_ stage: WorkflowStage, _ events: [Event]) -> Batch {
        var batch = Batch(events: events)
        stage.process(&batch)
        return batch
    }

    @Test func aRunThatReachesItsLastStepCompletesWithItsStepDurations() throws {
        let registry = MetricsRegistry(), clock = SluiceCore.ManualClock()
        let stage = try stage(Self.yaml, clock: clock, registry: registry)
        let batch = process(stage, lines([("wf-1", "ingest", 0), ("wf-1", "infer", 4), ("wf-1", "infer", 5), ("wf-1", "deliver", 12)]))
        #expect(batch.events.count == 4, "events pass through")
        #expect(registry.counter("sluice_workflow_runs_started_total") == 1)
        #expect(registry.counter("sluice_workflow_runs_completed_total") == 1)
        #expect(registry.gauge("sluice_workflow_runs_active") == 0)
        let ingestToInfer = registry.histogram("sluice_workflow_step_duration_seconds", ["from": "ingest", "to": "infer"])
        let inferToDeliver = registry.histogram("sluice_workflow_step_duration_seconds", ["from": "infer", "to": "deliver"])
        #expect(ingestToInfer.count == 1 && ingestToInfer.sum == 4, "from the first event naming each step")
        #expect(inferToDeliver.count == 1 && inferToDeliver.sum == 8)
    }

    /// Lines from several files arrive out of order: a late step of a completed run starts no
    /// new run; a skipped step is counted.
    @Test func outOfOrderAndSkippedSteps() throws {
        let registry = MetricsRegistry(), clock = SluiceCore.ManualClock()
        let stage = try stage(Self.yaml, clock: clock, registry: registry)
        _ = process(stage, lines([("wf-1", "ingest", 0), ("wf-1", "deliver", 9)]))
        _ = process(stage, lines([("wf-1", "infer", 5)]))
        #expect(registry.counter("sluice_workflow_runs_started_total") == 1)
        #expect(registry.counter("sluice_workflow_runs_completed_total") == 1)
        #expect(registry.counter("sluice_workflow_steps_skipped_total", ["step": "infer"]) == 1)
        clock.advance(by: 3600)
        #expect(process(stage, []).events.isEmpty, "nothing left to report")
    }

    /// A run that stops before its last step: reported once its deadline passes, by the first
    /// step missing, as a workflow_incomplete event with what is known of it.
    @Test func anUnfinishedRunIsReportedAtItsDeadline() throws {
        let registry = MetricsRegistry(), clock = SluiceCore.ManualClock()
        let stage = try stage(Self.yaml, clock: clock, registry: registry)
        _ = process(stage, lines([("wf-7", "ingest", 0)]))
        _ = process(stage, lines([("wf-7", "infer", 30)], level: "error"))
        clock.advance(by: 599)
        #expect(process(stage, []).events.isEmpty, "not yet due")
        clock.advance(by: 2)
        let batch = process(stage, [])
        #expect(batch.events.count == 1)
        let event = try #require(batch.events.first)
        #expect(event.string("event") == "workflow_incomplete")
        #expect(event.string("workflow_id") == "wf-7")
        #expect(event.raw("steps_seen") == #"["ingest","infer"]"#)
        #expect(event.raw("missing_steps") == #"["deliver"]"#)
        #expect(event.string("last_step") == "infer")
        #expect(event.string("last_step_time") == "2027-01-15T08:00:30.000Z")
        #expect(event.raw("errors") == "1")
        #expect(event.string("trace_id") == "t-wf-7")
        #expect(event.origin.fileID == .max)
        #expect(registry.counter("sluice_workflow_runs_incomplete_total", ["missing_step": "deliver"]) == 1)
        clock.advance(by: 3600)
        #expect(process(stage, []).events.isEmpty, "reported once")
    }

    @Test func runsPastMaxRunsEvictTheLeastRecentlySeen() throws {
        let registry = MetricsRegistry(), clock = SluiceCore.ManualClock()
        let stage = try stage(Self.yaml + "\n    max_runs: 2", clock: clock, registry: registry)
        _ = process(stage, lines([("a", "ingest", 0), ("b", "ingest", 1), ("a", "infer", 2), ("c", "ingest", 3)]))
        #expect(registry.counter("sluice_workflow_runs_evicted_total") == 1)
        #expect(registry.gauge("sluice_workflow_runs_active") == 2)
        clock.advance(by: 601)
        let reported = process(stage, []).events.compactMap { $0.string("workflow_id") }
        #expect(reported == ["a", "c"], "b was evicted: forgotten, not reported")
    }

    /// Distinct ids far past max_runs: what the stage keeps stays bounded.
    @Test func stateStaysBoundedByMaxRuns() throws {
        let registry = MetricsRegistry(), clock = SluiceCore.ManualClock()
        let stage = try stage(Self.yaml + "\n    max_runs: 1000", clock: clock, registry: registry)
        for chunk in 0..<50 {
            _ = process(stage, lines((0..<2000).map { ("wf-\(chunk)-\($0)", "ingest", 0) }))
            #expect(stage.footprint.runs <= 1000 && stage.footprint.orderEntries <= 4 * 1024 + 2000)
        }
        #expect(registry.counter("sluice_workflow_runs_evicted_total") == 100_000 - 1000)
    }

    @Test func theSyntheticEventsOriginIsFixedByTheRun() {
        let run = WorkflowRuns.Run(key: "wf-1", seen: [0, nil], firstSeen: 0, lastSeen: 0, deadline: 0, generation: 0)
        let first = WorkflowStage.incompleteEvent(run, steps: ["a", "b"], missing: [1], keyName: "workflow_id")
        let again = WorkflowStage.incompleteEvent(run, steps: ["a", "b"], missing: [1], keyName: "workflow_id")
        #expect(first.origin.fileKey == again.origin.fileKey && first.origin.fileID == again.origin.fileID)
        let other = WorkflowStage.incompleteEvent(
            WorkflowRuns.Run(key: "wf-2", seen: [0, nil], firstSeen: 0, lastSeen: 0, deadline: 0, generation: 0),
            steps: ["a", "b"], missing: [1], keyName: "workflow_id")
        #expect(other.origin.fileKey != first.origin.fileKey)
    }

    @Test func configErrors() {
        func errors(_ yaml: String) -> [String] { stageErrors("  - type: workflow\n" + yaml) }
        #expect(errors("    steps: [only]").contains { $0.contains("stages[0].steps") && $0.contains("two steps") })
        #expect(errors("    steps: [a, b, a]").contains { $0.contains("named twice") })
        #expect(errors("    key: x").contains { $0.contains("stages[0].steps") })
    }
}
