import Logging
import SluiceCore
import Synchronization

/// What batches go through: the stage chain, then every output.
public struct PipelineWiring: Sendable {
    public var chain: StageChain
    public var outputs: [any Output]

    public init(chain: StageChain, outputs: [any Output]) {
        self.chain = chain
        self.outputs = outputs
    }
}

/// A replacement waiting for the worker, and the latch its caller waits on.
final class PendingReplacement: Sendable {
    let chain: StageChain?
    let outputs: [any Output]?
    let applied = Latch()
    /// Set before ``applied`` opens when the worker applied it (not when shutdown refused it).
    let accepted = Atomic<Bool>(false)

    init(chain: StageChain?, outputs: [any Output]?) {
        self.chain = chain
        self.outputs = outputs
    }
}

/// Replacements asked for and not applied yet; closed once shutdown begins.
struct ReplacementQueue: Sendable {
    var requests: [PendingReplacement] = []
    var closed = false
}

/// An output taken out of the pipeline by a replacement, settling what it still holds on its
/// own thread.
struct RetiringOutput: Sendable {
    let output: any Output
    /// Opened once it has finished (settled or given up) and closed.
    let done: Latch
}

extension PipelineRunner {
    /// Replaces the stage chain, the outputs, or both, between two batches; waits until the
    /// worker has applied it. Returns false, applying nothing, when shutdown began first.
    ///
    /// - Events a holding stage of the old chain still holds are released through it (as at
    ///   shutdown) and handed to the old outputs with their acknowledgements; the new chain
    ///   takes the next batch.
    /// - Outputs of the old set that are not in `outputs` (compared by identity: pass the
    ///   same instance to keep one) stop taking events and settle what they hold on their
    ///   own thread, then close; their acknowledgements complete as they do, so checkpoints
    ///   move on without a restart. Shutdown gives them the same deadline as the others.
    /// - Batches submitted from then on are settled by the new set.
    public func replace(chain: StageChain? = nil, outputs: [any Output]? = nil) -> Bool {
        let request = PendingReplacement(chain: chain, outputs: outputs)
        let queued = pending.withLock { pending -> Bool in
            guard !pending.closed else { return false }
            pending.requests.append(request)
            return true
        }
        guard queued else { return false }
        queue.interruptTake()
        // The worker applies it, or the shutdown refuses it: either opens the latch.
        _ = request.applied.wait(until: .infinity)
        return request.accepted.load(ordering: .acquiring)
    }

    /// Opens an output for each of `declarations`, recording into this runner's metrics, as
    /// at start; when one fails, those already opened are closed and the error is thrown.
    public func openOutputs(_ declarations: [OutputDeclaration]) throws -> [any Output] {
        try Self.openOutputs(declarations, context: outputContext, metrics: metrics, health: outputHealth)
    }

    static func openOutputs(
        _ declarations: [OutputDeclaration], context: OutputContext, metrics: MetricsRegistry, health: OutputHealthBoard
    ) throws -> [any Output] {
        var outputs: [any Output] = []
        do {
            for declaration in declarations {
                var scoped = context.scoped(output: declaration.name, type: declaration.typeName, in: metrics)
                scoped.health = health.health(for: declaration.name, metrics: scoped.metrics)
                outputs.append(try declaration.options.makeOutput(name: declaration.name, context: scoped))
            }
        } catch {
            for output in outputs {
                output.abandon()
                output.close()
            }
            throw error
        }
        return outputs
    }

    /// On the worker, between batches: applies the replacements asked for. `deferred` holds
    /// the acknowledgements of batches some of whose events the old chain holds; they are
    /// settled by the old outputs. Returns false when shutdown gave up meanwhile.
    func applyReplacements(_ wiring: inout PipelineWiring, deferred: inout [Acknowledgement]) -> Bool {
        let requests = pending.withLock { pending in
            defer { pending.requests.removeAll() }
            return pending.requests
        }
        for request in requests {
            if let chain = request.chain {
                if wiring.chain.holdsEvents || !deferred.isEmpty {
                    guard finishBatch(wiring.chain.finish(), acks: deferred, outputs: wiring.outputs) else {
                        request.applied.open()
                        return false
                    }
                    deferred.removeAll()
                }
                stageStates.follow(chain.stages, handingOverFrom: wiring.chain.stages)
                wiring.chain = chain
            }
            if let outputs = request.outputs {
                for old in wiring.outputs where !outputs.contains(where: { $0 === old }) { retire(old) }
                wiring.outputs = outputs
            }
            self.wiring.withLock { $0 = wiring }
            logger.info("pipeline replaced between batches", metadata: [
                "stages": "\(request.chain == nil ? "kept" : "replaced")",
                "outputs": "\(wiring.outputs.map(\.name).joined(separator: ","))",
            ])
            request.accepted.store(true, ordering: .releasing)
            request.applied.open()
        }
        return true
    }

    /// Lets `output` settle what it holds on a thread of its own, then closes it.
    func retire(_ output: any Output) {
        let retiring = RetiringOutput(output: output, done: Latch())
        self.retiring.withLock { $0.append(retiring) }
        do {
            try NativeThread.start(name: "sluice-retire") { [logger] in
                if !output.finish() {
                    logger.warning("an output taken out of the pipeline gave up before settling everything; what it did not acknowledge will be read again on the next start", metadata: ["output": "\(output.name)"])
                }
                output.close()
                retiring.done.open()
            }.detach()
        } catch {
            // No thread: settle it here (the worker waits; backpressure holds reading).
            _ = output.finish()
            output.close()
            retiring.done.open()
        }
    }

    /// Refuses the replacements not applied yet, and every later one (shutdown began).
    func refuseReplacements() {
        let requests = pending.withLock { pending in
            pending.closed = true
            defer { pending.requests.removeAll() }
            return pending.requests
        }
        for request in requests { request.applied.open() }
    }
}
