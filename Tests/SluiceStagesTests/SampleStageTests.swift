import Synchronization
import Testing
@testable import SluiceCore
@testable import SluiceStages

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let now = Mutex<Int64>(0)
    func advance(seconds: Double) { now.withLock { $0 += Int64(seconds * 1e9) } }
    var read: @Sendable () -> Int64 { { [self] in now.withLock { $0 } } }
}

@Suite struct SampleStageTests {
    /// Trace ids at ratio 0.5 (T = 0x80000000000000 on the low 56 bits).
    static let keptTrace = "4bf92f3577b34da6a380000000000000"
    static let droppedTrace = "4bf92f3577b34da6a37fffffffffffff"
    static let otherDropped = "0af7651916cd43dd8400000000000001"

    func stage(_ options: SampleStage.Options, clock: ManualClock = ManualClock()) -> (SampleStage, MetricsRegistry) {
        let metrics = MetricsRegistry()
        return (SampleStage(options: options, context: StageContext(index: 2, type: "sample", metrics: metrics), clock: clock.read), metrics)
    }

    func half() -> SampleStage.Options {
        var options = SampleStage.Options()
        options.rate = .init(0.5)
        return options
    }

    func line(_ trace: String, _ level: String = "info", _ n: Int = 0) -> String {
        #"{"level":"\#(level)","trace_id":"\#(trace)","n":\#(n)}"#
    }

    @Test func keepsByTraceIDAndMarksTheRate() {
        let (stage, metrics) = stage(half())
        let batch = run(stage, [line(Self.keptTrace), line(Self.droppedTrace), line(Self.keptTrace, "debug", 2)])
        #expect(batch.events.map { $0.raw("n") } == ["0", "2"])
        #expect(batch.events.allSatisfy { $0.raw("sample_rate") == "2" })
        #expect(batch.droppedCount == 1)
        #expect(metrics.counter("sluice_sample_events_kept_total") == 2)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["reason": "sampled_out"]) == 1)
    }

    /// Rate 1 everywhere (the default): every event kept and marked 1 without reading it;
    /// a rate just under 1 still reads the level (kept levels are marked 1, others 1/rate).
    @Test func rateOneKeepsAndMarksEveryEvent() {
        let (keepAll, metrics) = stage(SampleStage.Options())
        #expect(keepAll.keepsEverything)
        let lines = [line(Self.droppedTrace), line(Self.keptTrace, "error"), #"{"msg":"no trace"}"#, #"{"level":"debug"}"#]
        let batch = run(keepAll, lines)
        #expect(batch.events.count == 4)
        #expect(batch.events.allSatisfy { $0.raw("sample_rate") == "1" })
        #expect(metrics.counter("sluice_sample_events_kept_total") == 4)
        var nearly = SampleStage.Options()
        nearly.rate = .init(0.99999)
        let (almost, _) = stage(nearly)
        #expect(!almost.keepsEverything)
        let marked = run(almost, [line(Self.keptTrace, "error"), line(Self.keptTrace)])
        #expect(marked.events.map { $0.raw("sample_rate") } == ["1", "1.00001"])
        var ruled = SampleStage.Options()
        ruled.levelRates[.debug] = .init(0.5)
        #expect(!stage(ruled).0.keepsEverything)
    }

    @Test(arguments: ["warning", "WARN", "Error", "critical", "fatal", "40", "50"])
    func keepLevelsAreAlwaysKept(_ level: String) {
        let (stage, _) = stage(half())
        let batch = run(stage, [line(Self.droppedTrace, level)])
        #expect(batch.events.count == 1)
        #expect(batch.events[0].raw("sample_rate") == "1")
    }

    @Test func numericLevelsAsIntegersToo() {
        let (stage, _) = stage(half())
        let batch = run(stage, [#"{"level":40,"trace_id":"\#(Self.droppedTrace)"}"#, #"{"level":20,"trace_id":"\#(Self.droppedTrace)"}"#])
        #expect(batch.events.count == 1)
        #expect(batch.events[0].raw("level") == "40")
    }

    @Test func perLevelRatesAndRules() throws {
        var options = half()
        options.levelRates[.debug] = .init(0)
        options.rules = [.init(condition: .field(FieldPath(key: "event"), .equals(ExpectedValue("checkout"))), rate: .init(1))]
        let (stage, _) = stage(options)
        let batch = run(stage, [
            line(Self.keptTrace, "debug", 1),  // level rate 0: dropped though the trace is kept at 0.5
            #"{"level":"debug","event":"checkout","trace_id":"\#(Self.droppedTrace)","n":2}"#,  // rule: rate 1
            line(Self.keptTrace, "info", 3),
        ])
        #expect(batch.events.map { $0.raw("n") } == ["2", "3"])
        #expect(batch.events.map { $0.raw("sample_rate") } == ["1", "2"])
    }

    /// A rule whose `matches` test gives up at its limit does not apply (the next rule or
    /// rate decides) and is counted.
    @Test func aRuleWhoseRegexGivesUpDoesNotApplyAndIsCounted() throws {
        var options = half()
        options.rules = [.init(condition: .field(FieldPath(key: "msg"), .matches(try BoundedRegex("(a+)+$"))), rate: .init(1))]
        let (stage, metrics) = stage(options)
        let runaway = String(repeating: "a", count: 40) + "b"
        let batch = run(stage, [
            #"{"msg":"\#(runaway)","trace_id":"\#(Self.droppedTrace)","n":1}"#,  // rule gave up: rate 0.5 drops it
            #"{"msg":"aaa","trace_id":"\#(Self.droppedTrace)","n":2}"#,  // rule: rate 1
        ])
        #expect(batch.events.map { $0.raw("n") } == ["2"])
        #expect(metrics.counter("sluice_stage_condition_regex_limit_hits_total") == 1)
    }

    @Test func eventsWithoutTraceUseTheHashFieldConsistently() {
        var options = half()
        options.hashFields = [FieldPath(key: "workflow_id")]
        let (stage, metrics) = stage(options)
        var lines: [String] = []
        for w in 0..<400 {
            lines.append(#"{"level":"info","workflow_id":"wf-\#(w)","step":1}"#)
            lines.append(#"{"level":"info","step":2,"workflow_id":"wf-\#(w)"}"#)
        }
        let batch = run(stage, lines)
        // Both lines of a workflow share the decision.
        let kept = batch.events.map { $0.string("workflow_id")! }
        var perWorkflow: [String: Int] = [:]
        for w in kept { perWorkflow[w, default: 0] += 1 }
        #expect(perWorkflow.values.allSatisfy { $0 == 2 })
        #expect((160...240).contains(perWorkflow.count))
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["reason": "sampled_out"]) == 800 - kept.count)
    }

    @Test func eventsWithoutAnyKeyHashTheLineDeterministically() {
        let lines = (0..<200).map { #"{"level":"info","n":\#($0)}"# }
        let first = run(stage(half()).0, lines).events.map { $0.raw("n") }
        let second = run(stage(half()).0, lines).events.map { $0.raw("n") }
        #expect(first == second)
        #expect((60...140).contains(first.count))
    }

    @Test func rateFieldCanBeRenamedOrTurnedOff() {
        var options = half()
        options.rateField = nil
        let line = line(Self.keptTrace)
        #expect(json(run(stage(options).0, [line]).events[0]) == line)
        options.rateField = FieldPath(key: "sampling_weight")
        #expect(run(stage(options).0, [line]).events[0].raw("sampling_weight") == "2")
        // A nested field, when sampling and when every event is kept at rate 1; an event
        // that already has the field gets it replaced.
        options.rateField = FieldPath("meta.rate")!
        #expect(run(stage(options).0, [line]).events[0].raw("meta.rate") == "2")
        var everything = SampleStage.Options()
        everything.rateField = FieldPath("meta.rate")!
        let kept = run(stage(everything).0, [line, #"{"meta":{"rate":9},"n":1}"#, #"{"sample_rate":5}"#]).events
        #expect(kept.map { $0.raw("meta.rate") } == ["1", "1", "1"])
        #expect(json(run(stage(SampleStage.Options()).0, [#"{"sample_rate":5,"n":1}"#]).events[0]) == #"{"sample_rate":1,"n":1}"#)
    }

    @Test func rateSpelling() {
        #expect(SampleStage.Options.Rate(0.1).rateJSON == Array("10".utf8))
        #expect(SampleStage.Options.Rate(1).rateJSON == Array("1".utf8))
        #expect(SampleStage.Options.Rate(0.3).rateJSON == Array("3.333333".utf8))
    }

    // MARK: Whole traces

    func wholeTrace(maxEvents: Int = 100, window: Double = 10) -> SampleStage.Options {
        var options = half()
        var whole = SampleStage.Options.WholeTrace()
        whole.maxEvents = maxEvents
        whole.windowNanoseconds = Int64(window * 1e9)
        options.wholeTrace = whole
        return options
    }

    func process(_ stage: SampleStage, _ lines: [String]) -> Batch {
        var batch = Batch(events: events(lines))
        stage.process(&batch)
        return batch
    }

    @Test func anErrorReleasesItsTraceHeldLinesBeforeItself() {
        let clock = ManualClock()
        let (stage, metrics) = stage(wholeTrace(), clock: clock)
        let first = process(stage, [line(Self.droppedTrace, "info", 1), line(Self.keptTrace, "info", 2), line(Self.droppedTrace, "debug", 3)])
        #expect(first.events.map { $0.raw("n") } == ["2"])
        #expect(first.droppedCount == 0)
        #expect(metrics.counter("sluice_sample_events_held_total") == 2)
        #expect(metrics.gauge("sluice_sample_events_holding") == 2)
        clock.advance(seconds: 5)
        let second = process(stage, [line(Self.otherDropped, "info", 4), line(Self.droppedTrace, "error", 5)])
        #expect(second.events.map { $0.raw("n") } == ["1", "3", "5"])
        #expect(second.events.allSatisfy { $0.raw("sample_rate") == "1" })
        #expect(metrics.counter("sluice_sample_events_released_total") == 2)
        // Released: only the other trace's line is held now.
        #expect(metrics.gauge("sluice_sample_events_holding") == 1)
        // Later lines of that trace are kept while the window lasts.
        clock.advance(seconds: 1)
        let third = process(stage, [line(Self.droppedTrace, "info", 6)])
        #expect(third.events.map { $0.raw("n") } == ["6"])
    }

    @Test func heldLinesAreDroppedAndCountedWhenTheWindowPasses() {
        let clock = ManualClock()
        let (stage, metrics) = stage(wholeTrace(window: 10), clock: clock)
        _ = process(stage, [line(Self.droppedTrace, "info", 1)])
        clock.advance(seconds: 9.999)
        #expect(process(stage, []).droppedCount == 0)
        clock.advance(seconds: 0.001)
        let later = process(stage, [])
        #expect(later.droppedCount == 1)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["reason": "trace_window_expired"]) == 1)
        // An error after the window no longer brings them back.
        let error = process(stage, [line(Self.droppedTrace, "error", 2)])
        #expect(error.events.map { $0.raw("n") } == ["2"])
    }

    @Test func theBufferIsBoundedOldestTraceFirst() {
        let (stage, metrics) = stage(wholeTrace(maxEvents: 2))
        let batch = process(stage, [line(Self.droppedTrace, "info", 1), line(Self.otherDropped, "info", 2), line(Self.otherDropped, "info", 3)])
        #expect(batch.droppedCount == 1)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["reason": "hold_full"]) == 1)
        let error = process(stage, [line(Self.otherDropped, "error", 4)])
        #expect(error.events.map { $0.raw("n") } == ["2", "3", "4"])
    }

    @Test func finishDropsWhatIsStillHeld() {
        let (stage, metrics) = stage(wholeTrace())
        _ = process(stage, [line(Self.droppedTrace, "info", 1), line(Self.otherDropped, "info", 2)])
        var rest = Batch()
        stage.finish(&rest)
        #expect(rest.events.isEmpty)
        #expect(rest.droppedCount == 2)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["reason": "end_of_input"]) == 2)
    }

    @Test func withoutWholeTraceNothingIsHeld() {
        let (stage, metrics) = stage(half())
        let batch = process(stage, [line(Self.droppedTrace, "info", 1)])
        #expect(batch.droppedCount == 1)
        #expect(metrics.counter("sluice_sample_events_held_total") == 0)
    }
}
