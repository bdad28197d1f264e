import Glibc
import Logging
import SluiceCore
import SluiceTail
import Synchronization

/// `sluice run`: follows the sources' files until told to stop.
///
/// ```
///  tailer thread ──Batch──▶ bounded queue ──▶ worker thread: stages → outputs → dead letters → ack
///        ▲                                                                                  │
///        └──────────────────── checkpoints of acknowledged offsets ◀────────────────────────┘
/// ```
///
/// Shutdown: stop reading, let the worker finish the queued batches within
/// `shutdown_timeout`, close the outputs, write the checkpoints of what was acknowledged.
/// Whatever was not acknowledged is read again on the next start.
public final class PipelineRunner: @unchecked Sendable {
    // Built once, then used by the worker thread only (the tailer has its own state).
    public let config: PipelineConfig
    let logger: Logger
    public let chain: StageChain
    let outputs: [any Output]
    public let tailer: Tailer
    let queue: BlockingQueue<Batch>
    let deadLetters: DeadLetterWriter
    private let done = Semaphore()
    private let busy = Atomic<Int>(0)
    /// Set when shutdown stops waiting: the worker's retries give up (unacknowledged).
    private let abandoned = Atomic<Bool>(false)
    /// Counts of what the worker did.
    public let counters = Counters(owner: "pipeline")

    public init(config: PipelineConfig, logger: Logger, queueCapacity: Int = 16) throws {
        self.config = config
        self.logger = logger
        chain = StageChain(config.stages)
        outputs = try config.outputs.map { try $0.options.makeOutput(name: $0.name) }
        queue = BlockingQueue(capacity: queueCapacity)
        var settings = TailerSettings()
        settings.checkpointInterval = config.checkpointInterval
        settings.onCorruptCheckpoints = TailerSettings.OnCorruptCheckpoints(rawValue: config.onCorruptCheckpoints) ?? .fail
        tailer = Tailer(
            sources: config.sources, settings: settings, store: CheckpointStore(directory: config.dataDir),
            tracker: AckTracker(), queue: queue, parties: 1, logger: logger)
        deadLetters = DeadLetterWriter(dataDir: config.dataDir, files: tailer.paths)
    }

    /// Starts reading and processing; returns at once.
    public func start() throws {
        try tailer.start()
        // The worker is not joined: shutdown waits on `done` with a deadline instead.
        try NativeThread.start(name: "sluice-worker") { [self] in
            work()
            done.signal()
        }.detach()
    }

    /// True when the tailer has read every file to its end and the worker has finished every
    /// queued batch (`sluice run --once` stops then).
    public var isIdle: Bool {
        tailer.isCaughtUp && queue.pending == 0 && busy.load(ordering: .acquiring) == 0
    }

    /// Stops as described above. Returns whether every queued batch was finished in time.
    @discardableResult
    public func shutdown() -> Bool {
        tailer.stop()
        queue.close()
        let drained = done.wait(timeout: config.shutdownTimeout)
        var finished = drained
        if !finished {
            logger.warning("shutdown timeout: batches still in flight are not acknowledged and will be read again", metadata: [
                "timeout_seconds": "\(config.shutdownTimeout)",
            ])
            // Make the worker's retries give up, and wait for it to let go of the outputs.
            abandoned.store(true, ordering: .releasing)
            finished = done.wait(timeout: 10)
        }
        if finished {
            for output in outputs {
                do { try output.close() } catch { logger.error("cannot close an output", metadata: ["output": "\(output.name)", "error": "\(error)"]) }
            }
            deadLetters.close()
        }
        do {
            try tailer.persistCheckpoints()
        } catch {
            logger.error("cannot write checkpoints at shutdown", metadata: ["error": "\(error)"])
        }
        tailer.closeAll()
        return drained
    }

    /// The worker: one batch at a time through the stages and every output, then acknowledged.
    /// A batch some of whose events a stage still holds (whole-trace sampling) is acknowledged
    /// only once none of them is held any more, so a crash cannot lose held lines.
    func work() {
        var deferred: [Acknowledgement] = []
        while var batch = queue.take(timeout: chain.holdsEvents ? 0.5 : nil) ?? (queue.isClosed ? nil : Batch()) {
            busy.store(1, ordering: .releasing)
            defer { busy.store(0, ordering: .releasing) }
            chain.process(&batch)
            guard finishBatch(batch) else { return }  // shutdown gave up: nothing more is acknowledged
            if let ack = batch.acknowledgement { deferred.append(ack) }
            acknowledgeUnheld(&deferred)
        }
        // Shutdown: what is still held is settled (released or dropped) and acknowledged.
        if abandoned.load(ordering: .acquiring) { return }
        if finishBatch(chain.finish()) {
            for ack in deferred { ack.acknowledge() }
        }
    }

    /// Delivers a processed batch to every output and the dead-letter file. Returns false when
    /// shutdown gave up on it.
    func finishBatch(_ batch: Batch) -> Bool {
        if !batch.events.isEmpty {
            for output in outputs {
                guard deliver(batch.events, to: output) else { return false }
            }
        }
        if !batch.deadLetters.isEmpty {
            guard writeDeadLetters(batch.deadLetters) else { return false }
        }
        counters.add("events_out", batch.events.count)
        counters.add("dropped", batch.droppedCount)
        counters.add("dead_lettered", batch.deadLetters.count)
        return true
    }

    func acknowledgeUnheld(_ deferred: inout [Acknowledgement]) {
        guard !deferred.isEmpty else { return }
        let held = chain.holdsEvents ? chain.heldOrigins() : []
        if held.isEmpty {
            for ack in deferred { ack.acknowledge() }
            deferred.removeAll(keepingCapacity: true)
            return
        }
        // Held offsets per file, sorted: each batch is then one binary search.
        var offsets: [UInt32: [UInt64]] = [:]
        for origin in held { offsets[origin.fileID, default: []].append(origin.offset) }
        for key in offsets.keys { offsets[key]!.sort() }
        deferred.removeAll { ack in
            let pinned = offsets[ack.fileID].map { Self.containsOffset($0, from: ack.start, below: ack.end) } ?? false
            if !pinned { ack.acknowledge() }
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

    /// Writes until it succeeds: a failing output holds the pipeline (and so reading), it
    /// never loses the batch. Gives up only when shutdown stopped waiting (returns false; the
    /// batch stays unacknowledged and is read again on the next start).
    func deliver(_ events: [Event], to output: any Output) -> Bool {
        retrying(counter: "output_errors", "output failed; retrying", ["output": "\(output.name)"]) {
            try output.write(events)
        }
    }

    func writeDeadLetters(_ letters: [DeadLetter]) -> Bool {
        retrying(counter: "dead_letter_errors", "cannot write the dead-letter file; retrying", ["path": "\(deadLetters.path)"]) {
            try deadLetters.write(letters)
        }
    }

    /// Runs `attempt` until it succeeds, with exponential backoff (0.1 s doubling to 5 s),
    /// counting and logging each failure; false when shutdown gave up first.
    func retrying(counter: String, _ message: Logger.Message, _ metadata: Logger.Metadata, _ attempt: () throws -> Void) -> Bool {
        var delay = 0.1
        while true {
            if abandoned.load(ordering: .acquiring) { return false }
            do {
                try attempt()
                return true
            } catch {
                counters.add(counter)
                logger.error(message, metadata: metadata.merging(["error": "\(error)", "retry_in_seconds": "\(delay)"]) { $1 })
                usleep(UInt32(delay * 1e6))
                delay = min(delay * 2, 5)
            }
        }
    }
}

/// A counting semaphore with a timed wait.
final class Semaphore: @unchecked Sendable {
    private var sem = sem_t()
    init() { sem_init(&sem, 0, 0) }
    deinit { sem_destroy(&sem) }
    func signal() { sem_post(&sem) }
    func wait(timeout: Double) -> Bool {
        var deadline = BlockingQueue<Int>.deadline(after: timeout)
        while sem_timedwait(&sem, &deadline) != 0 {
            if errno != EINTR { return false }
        }
        return true
    }
}
