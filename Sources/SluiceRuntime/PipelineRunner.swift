import CoreMetrics
import Glibc
import Logging
import Prometheus
import SluiceCore
import SluiceOutputs
import SluiceTail
import Synchronization

/// `sluice run`: follows the sources' files until told to stop.
///
/// ```
///  tailer thread ──Batch──▶ bounded queue ──▶ worker thread: stages → dead letters → submit
///        ▲                                                                            │
///        │                         each output (own queue/thread, batching, retries) ◀┘
///        └──── checkpoints of offsets every output has acknowledged ◀─────────────────┘
/// ```
///
/// Every output gets every event and acknowledges each batch once it has settled it
/// (delivered, dead-lettered or dropped); a batch's range becomes durable when all have. One
/// slow output therefore holds reading for all — memory stays bounded by the queues, and the
/// files are the buffer.
///
/// Shutdown: one deadline, `shutdown_timeout` after SIGTERM, carried by one ``StopSignal``
/// that every wait takes (the worker's blocked submits and dead-letter retries, the outputs'
/// backoffs, dead-letter retries and requests in flight, the waits for threads). Reading
/// stops; the worker finishes the queued batches and the outputs deliver what they hold until
/// the deadline; then whatever still waits gives up, the checkpoints of what was acknowledged
/// are written, and the process exits — within the deadline plus ``StopSignal/grace``.
/// Whatever was not acknowledged is read again on the next start.
///
/// Metrics: every part records into ``metrics`` (read back in process for the closing log
/// line), which hands the values on to ``prometheus`` too (what `/metrics` will serve). The
/// worker's own: `sluice_pipeline_events_out_total` (handed to the outputs),
/// `sluice_pipeline_events_dropped_total`, `sluice_pipeline_events_dead_lettered_total`,
/// `sluice_pipeline_dead_letter_write_errors_total`, and the gauge
/// `sluice_pipeline_queued_batches` (read and waiting for the worker).
public final class PipelineRunner: @unchecked Sendable {
    // Built once, then used by the worker thread only (the tailer has its own state).
    public let config: PipelineConfig
    let logger: Logger
    /// The stage chain and outputs batches go through now (see ``replace(chain:outputs:)``).
    let wiring: Mutex<PipelineWiring>
    /// Replacements asked for, applied by the worker between batches.
    let pending = Mutex(ReplacementQueue())
    /// Outputs taken out by a replacement that are still settling what they hold.
    let retiring = Mutex<[RetiringOutput]>([])
    /// What every output is opened with (scoped per output).
    let outputContext: OutputContext
    /// Each output's delivery health by name, kept across replacements (readiness).
    let outputHealth = OutputHealthBoard()
    /// Whether the worker thread makes progress (liveness): working while it cuts lines and
    /// runs the stages, waiting for batches and while outputs hold it back.
    public let workerHeartbeat = Heartbeat("worker")
    /// Set once ``start()`` has started every thread.
    let running = Atomic<Bool>(false)
    public let tailer: Tailer
    let queue: BlockingQueue<Batch>
    let deadLetters: DeadLetterWriter
    /// What was read and not acknowledged yet.
    let tracker = AckTracker()
    /// Opened when the worker thread has ended.
    let workerEnded = Latch()
    /// Set when the worker ended with every batch handed to the outputs.
    private let workerFinished = Atomic<Bool>(false)
    /// Held from the start to the end of shutdown: one agent per data_dir.
    let dataDirLock: DataDirectoryLock
    private let busy = Atomic<Int>(0)
    /// The shutdown deadline, shared with every output.
    let stop = StopSignal()
    /// Every part's metrics, readable in process.
    public let metrics: MetricsRegistry
    /// The same values in swift-prometheus' registry: `emit(into:)` renders them in the text
    /// exposition format.
    public let prometheus: PrometheusCollectorRegistry
    // CoreMetrics': Prometheus has classes of these names too.
    let eventsOut: CoreMetrics.Counter, eventsDropped: CoreMetrics.Counter
    let eventsDeadLettered: CoreMetrics.Counter, deadLetterErrors: CoreMetrics.Counter
    let queuedBatches: CoreMetrics.Gauge
    /// The stateful stages' state on disk, saved with the checkpoints.
    let stageStates: StageStateStore

    /// `queueCapacity`: batches read ahead of the worker (up to 4,096 lines each). Two keep
    /// the worker busy while the tailer reads the next; each more held about 2 MB more on a
    /// backlog for no more throughput (bench/peers.sh, #21: 8 held 36 MB at the peak, 2 33 MB).
    public init(config: PipelineConfig, logger: Logger, queueCapacity: Int = 2) throws {
        self.config = config
        self.logger = logger
        // Before anything reads checkpoints or opens an output: a second agent on this
        // data_dir would ship every line again.
        dataDirLock = try DataDirectoryLock(dataDir: config.dataDir)
        prometheus = PrometheusCollectorRegistry()
        metrics = MetricsRegistry(backends: [PrometheusExport(registry: prometheus)])
        let pipeline = metrics.scope()
        eventsOut = pipeline.counter("sluice_pipeline_events_out_total")
        eventsDropped = pipeline.counter("sluice_pipeline_events_dropped_total")
        eventsDeadLettered = pipeline.counter("sluice_pipeline_events_dead_lettered_total")
        deadLetterErrors = pipeline.counter("sluice_pipeline_dead_letter_write_errors_total")
        queuedBatches = pipeline.gauge("sluice_pipeline_queued_batches")
        let chain = StageChain(config.stages, metrics: metrics)
        stageStates = StageStateStore(dataDir: config.dataDir, logger: logger)
        stageStates.restore(chain.stages)
        queue = BlockingQueue(capacity: queueCapacity)
        var settings = TailerSettings()
        settings.beforeCheckpointWrite = { [stageStates] in try stageStates.save() }
        settings.checkpointInterval = config.checkpointInterval
        settings.coalesceInterval = config.coalesceReads
        settings.onCorruptCheckpoints = TailerSettings.OnCorruptCheckpoints(rawValue: config.onCorruptCheckpoints) ?? .fail
        tailer = Tailer(
            sources: config.sources, settings: settings, store: CheckpointStore(directory: config.dataDir),
            tracker: tracker, queue: queue, logger: logger, metrics: pipeline)
        deadLetters = DeadLetterWriter(dataDir: config.dataDir, files: tailer.paths, metrics: pipeline)
        outputContext = OutputContext(logger: logger, deadLetters: deadLetters, stop: stop)
        let outputs = try Self.openOutputs(config.outputs, context: outputContext, metrics: metrics, health: outputHealth)
        wiring = Mutex(PipelineWiring(chain: chain, outputs: outputs))
    }

    /// The stage chain batches go through now.
    public var chain: StageChain { wiring.withLock { $0.chain } }
    /// The outputs batches go to now.
    public var outputs: [any Output] { wiring.withLock { $0.outputs } }

    /// Starts reading and processing; returns at once.
    public func start() throws {
        try tailer.start()
        // The worker is not joined: shutdown waits for `workerEnded` until its deadline instead.
        try NativeThread.start(name: "sluice-worker") { [self] in
            workerFinished.store(work(), ordering: .releasing)
            workerHeartbeat.end()
            workerEnded.open()
        }.detach()
        running.store(true, ordering: .releasing)
    }

    /// True when the tailer has read every file to its end, the worker has finished every
    /// queued batch and every output has settled what it was given (`sluice run --once`
    /// stops then).
    public var isIdle: Bool {
        isReadAndProcessed && outputs.allSatisfy(\.isIdle)
    }

    /// True when the tailer has read every file to its end and the worker has handed every
    /// batch to the outputs.
    public var isReadAndProcessed: Bool {
        tailer.isCaughtUp && queue.pending == 0 && busy.load(ordering: .acquiring) == 0
    }

    /// Asks every output to send what it has batched now (`run --once` at the end of input).
    public func flushOutputs() {
        for output in outputs { output.flushSoon() }
    }

    /// The end of input (`run --once` caught up): last lines without a newline are shipped now.
    public func endOfInput() {
        tailer.endOfInput()
    }

    /// Stops as described above. Returns whether everything was settled in time.
    @discardableResult
    public func shutdown() -> Bool {
        let deadline = Monotonic.now() + config.shutdownTimeout
        running.store(false, ordering: .releasing)  // not ready any more
        stop.stop(at: deadline)
        refuseReplacements()
        tailer.stop()
        queue.close()
        var settled = workerEnded.wait(until: deadline) && workerFinished.load(ordering: .acquiring)
        refuseReplacements()
        let outputs = self.outputs
        // Each output settles what it holds until the deadline, or gives up sooner when it
        // cannot (its next retry would come later); so do the outputs a replacement retired.
        if settled {
            for output in outputs where !output.finish() { settled = false }
            for old in retiring.withLock({ $0 }) where !old.done.wait(until: deadline) { settled = false }
        }
        if !settled {
            // Whatever still waits gives up now (a blocked submit included).
            stop.stop()
            for output in outputs { output.abandon() }
            for old in retiring.withLock({ $0 }) { old.output.abandon() }
            if !workerEnded.wait(until: Monotonic.now() + StopSignal.grace) {
                logger.error("the worker thread did not stop in time; leaving it")
            }
        }
        for old in retiring.withLock({ $0 }) where !old.done.wait(until: Monotonic.now() + StopSignal.grace) {
            logger.error("an output taken out of the pipeline did not stop in time; leaving it", metadata: ["output": "\(old.output.name)"])
        }
        for output in outputs { output.close() }
        deadLetters.close()
        do {
            try tailer.persistCheckpoints()
        } catch {
            logger.error("cannot write checkpoints at shutdown", metadata: ["error": "\(error)"])
        }
        tailer.closeAll()
        let left = tracker.inFlight
        if left.batches > 0 {
            logger.warning("shutdown: not everything was delivered within shutdown_timeout; what was not acknowledged will be read again on the next start", metadata: [
                "shutdown_timeout_seconds": "\(config.shutdownTimeout)",
                "unacknowledged_batches": "\(left.batches)",
                "unacknowledged_events": "\(left.lines)",
                "unacknowledged_bytes": "\(left.bytes)",
            ])
        }
        dataDirLock.release()
        return settled && left.batches == 0
    }

    /// The worker: one batch at a time through the stages, its dead letters written, then
    /// submitted to every output with the acknowledgements that are ready. A batch some of
    /// whose events a stage still holds (whole-trace sampling) is handed on only once none
    /// of them is held any more — after the events released meanwhile were submitted — so
    /// a crash cannot lose held lines. Returns false when shutdown gave up first.
    func work() -> Bool {
        var wiring = self.wiring.withLock { $0 }
        var deferred: [Acknowledgement] = []
        var ready: [Acknowledgement] = []
        while var batch = queue.take(timeout: wiring.chain.holdsEvents ? 0.5 : nil) ?? (queue.isClosed ? nil : Batch()) {
            busy.store(1, ordering: .releasing)
            workerHeartbeat.working()
            defer {
                workerHeartbeat.waiting()
                busy.store(0, ordering: .releasing)
            }
            guard applyReplacements(&wiring, deferred: &deferred) else { return false }
            queuedBatches.record(queue.pending)
            batch.cutLines()
            wiring.chain.process(&batch)
            if let ack = batch.acknowledgement { deferred.append(ack) }
            takeUnheld(&deferred, into: &ready, chain: wiring.chain)
            // Handing on may wait for the outputs (backpressure): waiting, not wedged.
            workerHeartbeat.waiting()
            // Shutdown gave up: nothing more is acknowledged.
            guard finishBatch(batch, acks: ready, outputs: wiring.outputs) else { return false }
            ready.removeAll(keepingCapacity: true)
        }
        // Shutdown: what is still held is settled (released or dropped) and acknowledged.
        if stop.isStopped { return false }
        return finishBatch(wiring.chain.finish(), acks: deferred, outputs: wiring.outputs)
    }

    /// Writes a processed batch's dead letters, then submits its events and `acks` to every
    /// one of `outputs`. Returns false when shutdown gave up on it.
    func finishBatch(_ batch: Batch, acks: [Acknowledgement], outputs: [any Output]) -> Bool {
        if !batch.deadLetters.isEmpty {
            guard writeDeadLetters(batch.deadLetters) else { return false }
        }
        eventsOut.add(batch.events.count)
        eventsDropped.add(batch.droppedCount)
        eventsDeadLettered.add(batch.deadLetters.count)
        guard !batch.events.isEmpty || !acks.isEmpty else { return true }
        // Every output settles every batch: each completes one party of its acknowledgements.
        for ack in acks { ack.fanOut(to: outputs.count) }
        for output in outputs {
            guard output.submit(batch.events, acknowledging: acks) else { return false }
        }
        return true
    }

    /// Moves the acknowledgements of `deferred` whose ranges hold no event a stage still
    /// holds into `ready`.
    func takeUnheld(_ deferred: inout [Acknowledgement], into ready: inout [Acknowledgement], chain: StageChain) {
        guard !deferred.isEmpty else { return }
        let held = chain.holdsEvents ? chain.heldOrigins() : []
        if held.isEmpty {
            ready.append(contentsOf: deferred)
            deferred.removeAll(keepingCapacity: true)
            return
        }
        // Held offsets per file, sorted: each batch is then one binary search.
        var offsets: [UInt32: [UInt64]] = [:]
        for origin in held { offsets[origin.fileID, default: []].append(origin.offset) }
        for key in offsets.keys { offsets[key]!.sort() }
        deferred.removeAll { ack in
            // A batch of several files' lines: pinned when any of its ranges is.
            let pinned = ack.ranges.contains { range in
                offsets[range.fileID].map { Self.containsOffset($0, from: range.start, below: range.end) } ?? false
            }
            if !pinned { ready.append(ack) }
            return !pinned
        }
    }

    /// Whether sorted `offsets` holds a value in `[start, end)`.
    static func containsOffset(_ offsets: [UInt64], from start: UInt64, below end: UInt64) -> Bool {
        var lo = 0
        var hi = offsets.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if offsets[mid] < start { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets.count && offsets[lo] < end
    }

    /// Writes stage dead letters until it succeeds (a full disk holds the pipeline); false
    /// when the shutdown deadline came first.
    func writeDeadLetters(_ letters: [DeadLetter]) -> Bool {
        RetryPolicy.localWrites.untilDone(stop: stop) {
            try deadLetters.write(letters)
        } failed: { error, delay in
            deadLetterErrors.increment()
            logger.error("cannot write the dead-letter file; retrying", metadata: [
                "path": "\(deadLetters.path)", "error": "\(error)", "retry_in_seconds": "\(delay)",
            ])
        }
    }
}
