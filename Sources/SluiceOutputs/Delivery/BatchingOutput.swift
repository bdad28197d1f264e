import CoreMetrics
import Glibc
import Logging
import SluiceCore
import Synchronization

/// An output with its own thread that gathers submitted events into batches (by count, bytes
/// and age) and ships each with a ``BatchSender``.
///
/// ```
///  worker ──submit──▶ [bounded queue] ──▶ output thread: gather ─▶ sender.send(batch) ─▶ acks
///     ▲ blocks when full (backpressure: the tailer stops reading; the file is the buffer)
/// ```
///
/// Ordering: batches are sent one at a time, in submission order, and a submission's
/// acknowledgements complete only after the batch holding its last event is settled — so an
/// acknowledgement never covers an event that is still waiting (see ``Output``). One request
/// is in flight per output; the worker meanwhile runs the stages of the next batches.
///
/// Metrics (labelled `output`, `type`): the histogram `sluice_output_batch_events` (events per
/// batch sent) and the gauge `sluice_output_queued_submissions` (submissions waiting for the
/// output's thread); the sender records the rest.
public final class BatchingOutput: Output, @unchecked Sendable {
    struct Submission: Sendable {
        var events: [Event]
        var acks: [Acknowledgement]
        /// Send the pending batch now (see ``flushSoon()``); carries no events.
        var flush = false
    }

    public let name: String
    let limits: BatchLimits
    let sender: any BatchSender
    let stop: StopSignal
    let logger: Logger
    let batchEvents: Recorder
    let queued: Gauge
    private let queue: BlockingQueue<Submission>
    /// Opened when the output thread has ended (everything settled, or given up).
    private let ended = Latch()
    /// Set when the output thread ended with everything it was given settled.
    private let settledAll = Atomic<Bool>(false)
    /// Submissions taken but not yet settled.
    private let outstanding = Atomic<Int>(0)
    private var thread: NativeThread?

    /// Estimated serialised bytes an event adds beyond its line (action line, id, framing).
    static let overheadBytes = 96

    /// `queueCapacity` submissions may wait (each is one tailer batch of up to a read chunk).
    public init(
        name: String, limits: BatchLimits, sender: any BatchSender, stop: StopSignal, logger: Logger, queueCapacity: Int = 2,
        metrics: MetricsScope = .discarding
    ) throws {
        self.name = name
        self.limits = limits
        self.sender = sender
        self.stop = stop
        self.logger = logger
        batchEvents = metrics.histogram("sluice_output_batch_events")
        queued = metrics.gauge("sluice_output_queued_submissions")
        queue = BlockingQueue(capacity: queueCapacity)
        thread = try NativeThread.start(name: "sluice-out-\(name)") { [self] in
            settledAll.store(run(), ordering: .releasing)
            // Given up: a submit blocked on the full queue returns false now.
            queue.close()
            ended.open()
        }
    }

    /// An output whose sender is made by `makeSender` with the pipeline's stop signal
    /// (``OutputContext/stop``), recording into the context's metrics.
    public convenience init(
        name: String, limits: BatchLimits, context: OutputContext, makeSender: (StopSignal) throws -> any BatchSender
    ) throws {
        try self.init(
            name: name, limits: limits, sender: try makeSender(context.stop), stop: context.stop, logger: context.logger,
            metrics: context.metrics)
    }

    public func submit(_ events: [Event], acknowledging acks: [Acknowledgement]) -> Bool {
        let submission = Submission(events: events, acks: acks)
        outstanding.add(1, ordering: .relaxed)
        // Blocks while the queue is full; the output thread ending (it gave up) or abandon()
        // (at the shutdown deadline) closes the queue, which ends the wait.
        if !stop.isStopped && queue.put(submission) { return true }
        outstanding.subtract(1, ordering: .relaxed)
        return false
    }

    public var isIdle: Bool { outstanding.load(ordering: .acquiring) == 0 }

    public func flushSoon() {
        guard !isIdle else { return }
        _ = queue.put(Submission(events: [], acks: [], flush: true), timeout: 0)
    }

    public func finish() -> Bool {
        queue.close()
        return ended.wait(until: stop.deadline) && settledAll.load(ordering: .acquiring)
    }

    public func abandon() {
        stop.stop()
        queue.close()
    }

    public func close() {
        // The thread ends once the queue is closed and drained, or at once after abandon().
        if !ended.isOpen { abandon() }
        guard let thread else { return }
        self.thread = nil
        if ended.wait(until: Monotonic.now() + StopSignal.grace) {
            thread.join()
        } else {
            // Stuck in a system call: the process exits without it.
            logger.error("an output's thread did not stop in time; leaving it", metadata: ["output": "\(name)"])
            thread.detach()
        }
    }

    /// What `events` count against `max_bytes`.
    static func bytes(of events: [Event]) -> Int {
        events.withUnsafeBufferPointer { events in
            var total = 0
            for i in events.indices { total += events[i].line.count + overheadBytes }
            return total
        }
    }

    /// The output thread: gather, send, acknowledge; until the queue closes (then the last
    /// partial batch is sent) or the output gives up (then nothing more is acknowledged).
    /// Returns whether everything it took was settled.
    func run() -> Bool {
        sender.start()
        var pending: [Event] = []
        pending.reserveCapacity(limits.maxEvents)
        var pendingBytes = 0
        var waiting: [Acknowledgement] = []  // completed once `pending` is settled
        var waitingSubmissions = 0
        var firstAt = 0.0

        func flush() -> Bool {
            guard !pending.isEmpty else { return true }
            batchEvents.record(pending.count)
            guard sender.send(pending) else { return false }
            pending.removeAll(keepingCapacity: true)
            pendingBytes = 0
            for ack in waiting { ack.acknowledge() }
            waiting.removeAll(keepingCapacity: true)
            outstanding.subtract(waitingSubmissions, ordering: .releasing)
            waitingSubmissions = 0
            return true
        }

        while !stop.isStopped {
            let timeout: Double? = pending.isEmpty ? nil : max(0, firstAt + limits.maxAge - Monotonic.now())
            let taken = queue.take(timeout: timeout)
            queued.record(queue.pending)
            guard let submission = taken else {
                if queue.isClosed && queue.pending == 0 { return flush() }
                guard flush() else { return false }
                continue
            }
            if submission.flush {
                guard flush() else { return false }
                continue
            }
            // Whole submissions join a batch as they are: one that does not fit beside what is
            // pending goes into the next batch, and into an empty batch it moves without copying
            // its events (copying costs reference counting on every event). Only a submission
            // larger than a batch is cut.
            let incoming = submission.events
            let incomingBytes = Self.bytes(of: incoming)
            func fits() -> Bool {
                pending.count + incoming.count <= limits.maxEvents && pendingBytes + incomingBytes <= limits.maxBytes
            }
            if !pending.isEmpty && !fits() {
                guard flush() else { return false }
            }
            if fits() {
                if pending.isEmpty {
                    if !incoming.isEmpty { firstAt = Monotonic.now() }
                    pending = incoming
                } else {
                    pending.append(contentsOf: incoming)
                }
                pendingBytes += incomingBytes
            } else {
                for event in incoming {
                    if pending.isEmpty { firstAt = Monotonic.now() }
                    pending.append(event)
                    pendingBytes += event.line.count + Self.overheadBytes
                    if pending.count >= limits.maxEvents || pendingBytes >= limits.maxBytes {
                        guard flush() else { return false }
                    }
                }
            }
            if pending.isEmpty {
                for ack in submission.acks { ack.acknowledge() }
                outstanding.subtract(1, ordering: .releasing)
            } else {
                waiting.append(contentsOf: submission.acks)
                waitingSubmissions += 1
                // Submissions arriving steadily never let `take` time out: check the age here too.
                if Monotonic.now() - firstAt >= limits.maxAge {
                    guard flush() else { return false }
                }
            }
        }
        return false  // the deadline passed
    }
}
