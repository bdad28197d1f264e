import SluiceCore
import SluiceStages

/// The configured stages in order, run over one batch at a time on the calling thread.
///
/// When the first stage is not `parse_json`, raw lines become events whose only field is
/// `message` before the stages run.
public final class StageChain: Sendable {
    public let stages: [any Stage]
    /// One counter set per stage, in order.
    public let counters: [Counters]
    let wrapsRawLines: Bool

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
        self.wrapsRawLines = !(declarations.first?.options is ParseJSONStage.Options)
    }

    /// Runs every stage over `batch`.
    public func process(_ batch: inout Batch) {
        if wrapsRawLines {
            for i in batch.events.indices { batch.events[i].wrapLineAsMessage() }
        }
        for stage in stages {
            if batch.events.isEmpty && batch.deadLetters.isEmpty { return }
            stage.process(&batch)
        }
    }
}
