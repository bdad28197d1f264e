import SluiceCore
import SluiceStages
import Synchronization

/// The configured stages in order, run over one batch at a time on the calling thread.
///
/// When the first stage is not `parse_json`, raw lines become events whose only field is
/// `message` before the stages run. A stage with a `when:` condition runs only on the events
/// for which it holds (see `StageChain+Condition.swift`); a stage without one costs nothing
/// extra.
public final class StageChain: Sendable {
    public let stages: [any Stage]
    /// One counter set per stage, in order.
    public let counters: [Counters]
    /// Each stage's `when:` condition.
    let conditions: [Condition?]
    /// Whether each stage may hold events across batches (it runs on empty batches too, so it
    /// can let its time window pass).
    let holds: [Bool]
    let wrapsRawLines: Bool
    /// Tags for events of conditional stages; unique across batches, so events a holding
    /// stage releases later are told apart.
    let nextSlot = Atomic<UInt32>(1)

    public init(_ declarations: [StageDeclaration]) {
        var stages: [any Stage] = []
        var counters: [Counters] = []
        for declaration in declarations {
            let c = Counters(owner: declaration.name)
            stages.append(declaration.options.makeStage(name: declaration.name, counters: c))
            counters.append(c)
        }
        self.stages = stages
        self.counters = counters
        self.conditions = declarations.map(\.condition)
        self.holds = stages.map { $0 is any HoldingStage }
        self.wrapsRawLines = !declarations.isEmpty && !(declarations.first?.options is ParseJSONStage.Options)
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
            if let condition = conditions[k] {
                runConditional(k, condition, &batch)
            } else {
                stages[k].process(&batch)
            }
        }
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
