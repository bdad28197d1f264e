import Logging
import SluiceCore

/// What the Elasticsearch and Loki senders share: one ``HTTPClient``, gzip, the backoff
/// between attempts, dead-lettering, and the counters.
///
/// Counters (all content-free): `requests`, `request_bytes` (as sent, compressed),
/// `delivered`, `retries` (waits before another attempt), `transport_errors`, `http_errors`
/// (a status meaning "try again" or "refused" for the whole request), `dead_lettered`,
/// `dead_letter_errors`, `retries_exhausted`.
final class HTTPShipper {
    let output: String
    let client: HTTPClient
    let gzip: GzipCompressor?
    let stop: StopSignal
    let retry: RetryPolicy
    let context: OutputContext
    let counters: Counters
    /// The `stage` of this output's dead letters, `outputs.<name>`.
    let stage: String
    private var compressed: [UInt8] = []
    private var random = SystemRandomNumberGenerator()

    init(output: String, connection: HTTPConnectionOptions, contentType: String, extraHeaders: [HTTPHeader] = [],
         retry: RetryPolicy, stop: StopSignal, context: OutputContext) throws {
        self.output = output
        client = try HTTPClient(connection: connection, contentType: contentType, extraHeaders: extraHeaders, stop: stop)
        gzip = connection.compression == .gzip ? GzipCompressor() : nil
        self.stop = stop
        self.retry = retry
        self.context = context
        counters = Counters(owner: "outputs.\(output)")
        stage = "outputs.\(output)"
    }

    var logger: Logger { context.logger }

    /// POSTs `body`, gzipped when configured.
    func post(_ url: String, _ body: [UInt8]) throws(HTTPTransportError) -> HTTPResponse {
        counters.add("requests")
        if let gzip {
            gzip.compress(body, into: &compressed)
            counters.add("request_bytes", compressed.count)
            return try client.post(url, body: compressed)
        }
        counters.add("request_bytes", body.count)
        return try client.post(url, body: body)
    }

    /// Waits before attempt `attempt + 1` (honouring `Retry-After`) and counts it. Returns
    /// false when the output is giving up.
    func backoff(attempt: inout Int, retryAfter: String? = nil) -> Bool {
        let delay = retry.delay(attempt: attempt, retryAfter: retryAfter.flatMap(RetryPolicy.retryAfterSeconds), using: &random)
        attempt += 1
        counters.add("retries")
        return stop.sleep(delay)
    }

    /// Logs a failed attempt (no event content: only the output, a content-free reason and
    /// how many events wait).
    func logFailure(_ what: String, reason: String, events: Int, attempt: Int) {
        // Every attempt at first, then every tenth, so a long outage does not flood the log.
        guard attempt < 5 || attempt % 10 == 0 else { return }
        logger.warning("\(what); retrying", metadata: [
            "output": "\(output)", "reason": "\(reason)", "events": "\(events)", "attempt": "\(attempt + 1)",
        ])
    }

    /// Writes `letters` to the dead-letter file, retrying while it fails. Returns false when
    /// the output is giving up first.
    func deadLetter(_ letters: [DeadLetter]) -> Bool {
        guard !letters.isEmpty else { return true }
        var attempt = 0
        while true {
            do {
                try context.deadLetters.write(letters)
                counters.add("dead_lettered", letters.count)
                return true
            } catch {
                counters.add("dead_letter_errors")
                logger.error("cannot write the dead-letter file; retrying", metadata: ["output": "\(output)", "error": "\(error)"])
                guard backoff(attempt: &attempt) else { return false }
            }
        }
    }

    /// Dead letters for `events`, set aside by this output for `reason` (content-free).
    func letters(_ events: some Sequence<Event>, reason: String) -> [DeadLetter] {
        events.map { DeadLetter(event: $0, stage: stage, reason: reason) }
    }

    /// What to do after a failed attempt at `events`.
    enum NextStep {
        /// The backoff passed: try again.
        case retry
        /// The retry policy is exhausted: these dead letters replace the events.
        case gaveUp([DeadLetter])
        /// The output is giving up (shutdown): stop, settling nothing.
        case stopped
    }

    /// After failed attempt number `attempt` (from 0) at `events`, because of `why`:
    /// dead-letters them when the retry policy is exhausted, else waits (honouring
    /// `retryAfter`) and counts the attempt.
    func afterFailure(_ events: some Collection<Event>, attempt: inout Int, why: String, retryAfter: String? = nil) -> NextStep {
        if retry.exhausted(after: attempt + 1) {
            counters.add("retries_exhausted", events.count)
            return .gaveUp(letters(events, reason: "retries exhausted after \(attempt + 1) attempts (last: \(why))"))
        }
        return backoff(attempt: &attempt, retryAfter: retryAfter) ? .retry : .stopped
    }
}
