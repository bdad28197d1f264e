import Logging
import SluiceCore

/// Runs an ``EventWriter`` as an ``Output`` on the pipeline's worker thread: each submission
/// is written before the next is taken, retried with backoff while the writer fails (a full
/// disk holds the pipeline, and so reading; nothing is dropped), then acknowledged. The
/// retries end at the shutdown deadline (``OutputContext/stop``).
public final class DirectOutput: Output {
    public let name: String
    let writer: any EventWriter
    let logger: Logger
    let retry = RetryPolicy(initial: 0.1, max: 5)
    let stop: StopSignal
    /// `errors`: failed writes.
    public let counters: Counters

    public init(name: String, writer: any EventWriter, context: OutputContext, counters: Counters? = nil) {
        self.name = name
        self.writer = writer
        self.logger = context.logger
        self.stop = context.stop
        self.counters = counters ?? Counters(owner: "outputs.\(name)")
    }

    public func submit(_ events: [Event], acknowledging acks: [Acknowledgement]) -> Bool {
        var attempt = 0
        var random = SystemRandomNumberGenerator()
        while !events.isEmpty {
            if stop.isStopped { return false }
            do {
                try writer.write(events)
                break
            } catch {
                counters.add("errors")
                let delay = retry.delay(attempt: attempt, using: &random)
                logger.error("output failed; retrying", metadata: [
                    "output": "\(name)", "error": "\(error)", "retry_in_seconds": "\(delay)",
                ])
                attempt += 1
                guard stop.sleep(delay) else { return false }
            }
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
