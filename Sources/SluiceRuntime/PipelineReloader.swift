import CoreMetrics
import Logging
import SluiceCore
import Synchronization

/// Reads the pipeline file again and applies it to a running ``PipelineRunner`` (SIGHUP,
/// `POST /-/reload`), or keeps the running pipeline when the file is not valid.
///
/// What a reload changes: the stages (a new chain takes the next batch; events the old one
/// holds leave through it), the outputs (one whose name and settings are unchanged is kept;
/// the others are opened anew, and those left out settle what they hold, then close), the
/// sources (new globs are picked up, files no longer selected are read to their end and
/// closed: see ``Tailer/replaceSources(_:)``). Checkpoints stay valid throughout: nothing is
/// lost or read twice. A different `data_dir` is refused (restart the agent for it); other
/// settings read only at start (`api`, `checkpoints`, `shutdown_timeout`) are kept as they
/// were, with a warning.
///
/// Metrics: `sluice_config_reloads_total{result="success"|"failure"}`,
/// `sluice_config_last_reload_successful` (1 or 0), `sluice_config_last_reload_timestamp_seconds`.
public final class PipelineReloader: Sendable {
    /// What a reload did.
    public enum Outcome: Sendable {
        /// Applied; `changes` says what changed, `warnings` what was kept as it was.
        case applied(changes: [String], warnings: [String])
        /// The file is not valid: nothing changed. Each error as `validate` prints it.
        case invalid(errors: [String])
        /// Valid but not applicable while running (e.g. a new `data_dir`), or the runner is
        /// stopping: nothing changed.
        case refused(reason: String)
    }

    let runner: PipelineRunner
    let loader: PipelineLoader
    let logger: Logger
    /// The pipeline applied last; one reload at a time.
    private let current: Mutex<PipelineConfig>
    let successes: CoreMetrics.Counter, failures: CoreMetrics.Counter
    let lastSuccessful: Gauge, lastReload: Gauge

    public init(runner: PipelineRunner, loader: PipelineLoader, logger: Logger) {
        self.runner = runner
        self.loader = loader
        self.logger = logger
        current = Mutex(runner.config)
        let metrics = runner.metrics.scope()
        successes = metrics.counter("sluice_config_reloads_total", ["result": "success"])
        failures = metrics.counter("sluice_config_reloads_total", ["result": "failure"])
        lastSuccessful = metrics.gauge("sluice_config_last_reload_successful")
        lastReload = metrics.gauge("sluice_config_last_reload_timestamp_seconds")
        lastSuccessful.record(1)
    }

    /// Reads the file the running pipeline came from and applies it; returns once the swap is
    /// done (or refused). Logs the outcome.
    @discardableResult
    public func reload() -> Outcome {
        let outcome = current.withLock { current in apply(to: &current) }
        lastReload.record(Double(FileIO.nowNanoseconds()) / 1e9)
        switch outcome {
        case .applied(let changes, let warnings):
            successes.increment()
            lastSuccessful.record(1)
            for warning in warnings { logger.warning("reload: \(warning)") }
            logger.info("pipeline reloaded", metadata: ["changes": "\(changes.joined(separator: "; "))"])
        case .invalid(let errors):
            failures.increment()
            lastSuccessful.record(0)
            logger.error("reload: the pipeline file is not valid; the running pipeline is kept", metadata: [
                "errors": "\(errors.joined(separator: " | "))",
            ])
        case .refused(let reason):
            failures.increment()
            lastSuccessful.record(0)
            logger.error("reload refused; the running pipeline is kept", metadata: ["reason": "\(reason)"])
        }
        return outcome
    }

    private func apply(to current: inout PipelineConfig) -> Outcome {
        let next: PipelineConfig
        switch loader.load(path: current.file) {
        case .failure(let error): return .invalid(errors: error.errors.map(\.description))
        case .success(let config): next = config
        }
        if next.dataDir != current.dataDir {
            return .refused(reason: "data_dir changed (\(current.dataDir) → \(next.dataDir)): restart the agent to use another data directory")
        }
        if next.sources.isEmpty { return .refused(reason: "no sources to read") }
        var warnings: [String] = []
        if next.apiListen != current.apiListen { warnings.append("api.listen changed: it takes effect at the next start") }
        if next.checkpointInterval != current.checkpointInterval { warnings.append("checkpoints.interval changed: it takes effect at the next start") }
        if next.shutdownTimeout != current.shutdownTimeout { warnings.append("shutdown_timeout changed: it takes effect at the next start") }
        if next.coalesceReads != current.coalesceReads { warnings.append("coalesce_reads changed: it takes effect at the next start") }
        if next.onCorruptCheckpoints != current.onCorruptCheckpoints { warnings.append("checkpoints.on_corrupt changed: it takes effect at the next start") }

        // Outputs: keep the unchanged ones (same name, same settings), open the others.
        let running = runner.outputs
        var outputs: [any Output] = []
        var opened: [any Output] = []
        var changes: [String] = []
        for declaration in next.outputs {
            let old = current.outputs.first { $0.name == declaration.name }
            if let old, old.settings == declaration.settings, let kept = running.first(where: { $0.name == declaration.name }) {
                outputs.append(kept)
                continue
            }
            do {
                let output = try runner.openOutputs([declaration])[0]
                outputs.append(output)
                opened.append(output)
                changes.append(old == nil ? "output \(declaration.name) added" : "output \(declaration.name) reopened with new settings")
            } catch {
                for output in opened {
                    output.abandon()
                    output.close()
                }
                return .refused(reason: "cannot open output \(declaration.name): \(error)")
            }
        }
        for old in current.outputs where !next.outputs.contains(where: { $0.name == old.name }) {
            changes.append("output \(old.name) removed")
        }
        let chain = StageChain(next.stages, metrics: runner.metrics)
        guard runner.replace(chain: chain, outputs: outputs) else {
            for output in opened {
                output.abandon()
                output.close()
            }
            return .refused(reason: "the agent is stopping")
        }
        changes.append("stages: \(next.stages.count)")
        runner.tailer.replaceSources(next.sources)
        let before = Set(current.sources.map(\.name)), after = Set(next.sources.map(\.name))
        for name in after.subtracting(before).sorted() { changes.append("source \(name) added") }
        for name in before.subtracting(after).sorted() { changes.append("source \(name) removed") }
        // What is applied now; settings read only at start stay as they were.
        var applied = next
        applied.apiListen = current.apiListen
        applied.checkpointInterval = current.checkpointInterval
        applied.shutdownTimeout = current.shutdownTimeout
        applied.coalesceReads = current.coalesceReads
        applied.onCorruptCheckpoints = current.onCorruptCheckpoints
        current = applied
        return .applied(changes: changes, warnings: warnings)
    }
}
