import CoreMetrics
import Logging
import SluiceCore

/// Runs an ``EventWriter`` as an ``Output`` on the pipeline's worker thread: each submission
/// is written before the next is taken, retried with backoff while the writer fails (a full
/// disk holds the pipeline, and so reading; nothing is dropped), then acknowledged. The
/// retries end at the shutdown deadline (``OutputContext/stop``).
///
/// Metrics (labelled `output`, `type`): `sluice_output_events_delivered_total` (written),
/// `sluice_output_write_errors_total` (failed writes, each retried).
public final class DirectOutput: Output {
    public let name: String
    let writer: any EventWriter
    let logger: Logger
    let stop: StopSignal
    let delivered: Counter
    let errors: Counter
    let health: DeliveryHealth

    public init(name: String, writer: any EventWriter, context: OutputContext) {
        self.name = name
        self.writer = writer
        self.logger = context.logger
        self.stop = context.stop
        delivered = context.metrics.counter("sluice_output_events_delivered_total")
        errors = context.metrics.counter("sluice_output_write_errors_total")
        health = context.health
    }

    public func submit(_ events: [Event], acknowledging acks: [Acknowledgement]) -> Bool {
        if !events.isEmpty {
            let written = RetryPolicy.localWrites.untilDone(stop: stop) {
                try writer.write(events)
            } failed: { error, delay in
                health.failed()
                errors.increment()
                logger.error("output failed; retrying", metadata: [
                    "output": "\(name)", "error": "\(error)", "retry_in_seconds": "\(delay)",
                ])
            }
            guard written else { return false }
            health.succeeded()
            delivered.add(events.count)
        }
        for ack in acks { ack.acknowledge() }
        return true
    }

    /// Nothing is held between submissions.
    public var isIdle: Bool { true }

    /// Nothing is held between submissions.
    public func finish() -> Bool { true }

    public func abandon() { stop.stop() }

    public func close() {
        do { try writer.close() } catch {
            logger.error("cannot close an output", metadata: ["output": "\(name)", "error": "\(error)"])
        }
    }
}
