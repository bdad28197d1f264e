import CoreMetrics
import SluiceCore
import Synchronization

/// The configured stages in order, run over one batch at a time on the calling thread.
///
/// When the first stage does not take raw lines (``StageOptions/takesRawLines``, as
/// `parse_json` does), raw lines become events whose only field is `message` before the
/// stages run. A stage with a `when:` condition runs only on the events for which it holds
/// (see `StageChain+Condition.swift`); a stage without one costs nothing extra.
///
/// Each stage records its metrics into ``metrics`` with the dimensions
/// `component="stages[i]"` and `type="<type>"`.
public final class StageChain: Sendable {
    public let stages: [any Stage]
    /// Where the stages' metrics are (read back by ``counterReport()``).
    public let metrics: MetricsRegistry
    /// Each stage's `when:` condition.
    let conditions: [Condition?]
    /// Per stage with a condition: `sluice_stage_condition_regex_limit_hits_total`.
    let conditionLimitHits: [Counter?]
    /// Per stage: `sluice_stage_events_in_total` and `sluice_stage_events_out_total` (events
    /// that reached the stage and that left it; the difference was dropped, dead-lettered or
    /// is held).
    let eventsIn: [Counter], eventsOut: [Counter]
    /// Each stage's `component` label, `stages[i]`.
    let components: [String]
    /// Whether each stage may hold events across batches (it runs on empty batches too, so it
    /// can let its time window pass).
    let holds: [Bool]
    let wrapsRawLines: Bool
    /// Tags for events of conditional stages; unique across batches, so events a holding
    /// stage releases later are told apart.
    let nextSlot = Atomic<UInt32>(1)

    /// The stages of `declarations`, recording into `metrics`; `redactions` (for
    /// `dry-run --explain` only) collects what redaction stages did.
    public init(_ declarations: [StageDeclaration], metrics: MetricsRegistry = MetricsRegistry(), redactions: RedactionRecorder? = nil) {
        self.metrics = metrics
        let contexts = declarations.map { StageContext(index: $0.index, type: $0.typeName, metrics: metrics, redactions: redactions) }
        stages = zip(declarations, contexts).map { $0.options.makeStage(context: $1) }
        conditions = declarations.map(\.condition)
        conditionLimitHits = zip(declarations, contexts).map { declaration, context in
            declaration.condition.map { _ in context.metrics.counter("sluice_stage_condition_regex_limit_hits_total") }
        }
        components = declarations.map { StageContext.component(index: $0.index) }
        eventsIn = contexts.map { $0.metrics.counter("sluice_stage_events_in_total") }
        eventsOut = contexts.map { $0.metrics.counter("sluice_stage_events_out_total") }
        holds = stages.map { $0 is any HoldingStage }
        wrapsRawLines = declarations.first.map { !type(of: $0.options).takesRawLines } ?? false
    }

    /// Runs every stage over `batch`.
    public func process(_ batch: inout Batch) {
        if wrapsRawLines {
            for i in batch.events.indices { batch.events[i].wrapLineAsMessage() }
        }
        run(from: 0, &batch)
    }

    func run(from first: Int, _ batch: inout Batch) {
        for k in first..<stages.count {
            if batch.events.isEmpty && batch.deadLetters.isEmpty && !holds[k] { continue }
            eventsIn[k].add(batch.events.count)
            if let condition = conditions[k] {
                runConditional(k, condition, &batch)
            } else {
                stages[k].process(&batch)
            }
            eventsOut[k].add(batch.events.count)
        }
    }

    /// The families of the stages that keep metrics of their own (``ExposesMetrics``), in the
    /// text exposition format.
    public func exposition() -> String {
        stages.compactMap { $0 as? any ExposesMetrics }.map { $0.exposition() }.joined()
    }

    /// True when a stage may hold events across batches (whole-trace sampling).
    public var holdsEvents: Bool { stages.contains { $0 is any HoldingStage } }

    /// Origins of every event a stage holds right now.
    public func heldOrigins() -> [Origin] {
        stages.compactMap { $0 as? any HoldingStage }.flatMap { $0.heldOrigins() }
    }

    /// The input has ended: what holding stages still hold is released (through the stages
    /// after them) or dropped. Returns what is left to deliver.
    public func finish() -> Batch {
        var batch = Batch()
        for k in stages.indices {
            if !batch.events.isEmpty {
                if let condition = conditions[k] { runConditional(k, condition, &batch) } else { stages[k].process(&batch) }
            }
            if let holding = stages[k] as? any HoldingStage { holding.finish(&batch) }
        }
        return batch
    }
}
