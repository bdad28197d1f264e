import CoreMetrics
import Logging
import SluiceCore

/// What the Elasticsearch, Loki and webhook senders share: one ``HTTPClient``, the body
/// compression (``BodyCompression``: gzip as configured, or snappy for Loki's protobuf), the
/// backoff between attempts, dead-lettering, and the metrics.
///
/// Metrics (labelled `output`, `type`; all content-free): `sluice_output_requests_total`,
/// `sluice_output_request_bytes_total` (as sent, compressed), the histogram
/// `sluice_output_request_duration_seconds`, `sluice_output_responses_total{status}`,
/// `sluice_output_events_delivered_total`, `sluice_output_retries_total` (waits before
/// another attempt), `sluice_output_request_failures_total{kind}` (`transport`: no answer;
/// `http`: a status meaning "try again" or "refused" for the whole request),
/// `sluice_output_batch_splits_total` (413), `sluice_output_events_dead_lettered_total`,
/// `sluice_output_dead_letter_write_errors_total`, `sluice_output_events_retries_exhausted_total`.
final class HTTPShipper {
    let output: String
    let client: HTTPClient
    /// Compresses each body before it is posted; nil: bodies go out as encoded.
    let compressor: (any RequestBodyCompressor)?
    let stop: StopSignal
    let retry: RetryPolicy
    let context: OutputContext
    let requests: Counter, requestBytes: Counter, requestDuration: CoreMetrics.Timer
    let responses: CounterFamily
    let delivered: Counter, retries: Counter, transportErrors: Counter, httpErrors: Counter, splits: Counter
    let deadLettered: Counter, deadLetterErrors: Counter, retriesExhausted: Counter
    /// The `stage` of this output's dead letters, `outputs.<name>`.
    let stage: String
    private var body: [UInt8] = []
    private var compressed: [UInt8] = []
    private var random = SystemRandomNumberGenerator()

    /// A shipper posting `contentType` bodies compressed as `compression` says (by default
    /// what `connection.compression` configures).
    init(output: String, connection: HTTPConnectionOptions, contentType: String, compression: BodyCompression? = nil,
         extraHeaders: [HTTPHeader] = [], retry: RetryPolicy, stop: StopSignal, context: OutputContext) throws {
        self.output = output
        let compression = compression ?? BodyCompression(connection.compression)
        client = try HTTPClient(
            connection: connection, contentType: contentType, compression: compression, extraHeaders: extraHeaders, stop: stop)
        compressor = compression.makeCompressor()
        self.stop = stop
        self.retry = retry
        self.context = context
        let metrics = context.metrics
        requests = metrics.counter("sluice_output_requests_total")
        requestBytes = metrics.counter("sluice_output_request_bytes_total")
        requestDuration = metrics.timer("sluice_output_request_duration_seconds")
        responses = metrics.counters("sluice_output_responses_total", by: "status")
        delivered = metrics.counter("sluice_output_events_delivered_total")
        retries = metrics.counter("sluice_output_retries_total")
        transportErrors = metrics.counter("sluice_output_request_failures_total", ["kind": "transport"])
        httpErrors = metrics.counter("sluice_output_request_failures_total", ["kind": "http"])
        splits = metrics.counter("sluice_output_batch_splits_total")
        deadLettered = metrics.counter("sluice_output_events_dead_lettered_total")
        deadLetterErrors = metrics.counter("sluice_output_dead_letter_write_errors_total")
        retriesExhausted = metrics.counter("sluice_output_events_retries_exhausted_total")
        stage = "outputs.\(output)"
    }

    var logger: Logger { context.logger }

    /// POSTs `body`, compressed when configured; counts the request, its bytes (as sent), its
    /// answer's status and how long it took (answered or not).
    func post(_ url: String, _ body: [UInt8]) throws(HTTPTransportError) -> HTTPResponse {
        requests.increment()
        let started = Monotonic.nanoseconds()
        defer { requestDuration.recordNanoseconds(Monotonic.nanoseconds() - started) }
        let response: HTTPResponse
        if let compressor {
            compressor.compress(body, into: &compressed)
            requestBytes.add(compressed.count)
            response = try client.post(url, body: compressed)
        } else {
            requestBytes.add(body.count)
            response = try client.post(url, body: body)
        }
        responses.add(1, String(response.status))
        return response
    }

    /// Waits before attempt `attempt + 1` (honouring `Retry-After`) and counts it. Returns
    /// false when the output is giving up.
    func backoff(attempt: inout Int, retryAfter: Double? = nil) -> Bool {
        let delay = retry.delay(attempt: attempt, retryAfter: retryAfter, using: &random)
        attempt += 1
        retries.increment()
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
        let written = retry.untilDone(stop: stop) {
            try context.deadLetters.write(letters)
        } failed: { error, _ in
            deadLetterErrors.increment()
            retries.increment()
            logger.error("cannot write the dead-letter file; retrying", metadata: ["output": "\(output)", "error": "\(error)"])
        }
        if written { deadLettered.add(letters.count) }
        return written
    }

    /// Dead letters for `events`, set aside by this output for `reason` (content-free).
    func letters(_ events: some Sequence<Event>, reason: String) -> [DeadLetter] {
        events.map { DeadLetter(event: $0, stage: stage, reason: reason) }
    }

    /// Sends `events` to `backend` until each is delivered or dead-lettered (or counted as
    /// settled where the backend's answer says so); false when the output gives up first.
    ///
    /// A body is encoded once per set of events: a whole-request retry sends the same bytes
    /// again (Loki drops exact duplicates); events sent again alone are encoded anew.
    func settle<Backend: HTTPBackend>(_ events: [Event], with backend: Backend) -> Bool {
        var todo = events
        var attempt = 0
        var letters: [DeadLetter] = []
        var content: HTTPRequestContent<Backend.Sent>?  // of `todo` as it is in `body`
        while !todo.isEmpty {
            if stop.isStopped { return false }
            if content == nil {
                body.removeAll(keepingCapacity: true)
                let encoded = backend.encode(todo, into: &body)
                letters += encoded.refused
                todo = encoded.events
                content = encoded
                if todo.isEmpty { break }
            }
            let response: HTTPResponse
            do {
                response = try post(backend.url, body)
            } catch {
                if error.aborted { return false }
                context.health.failed()
                transportErrors.increment()
                logFailure(backend.unreachableMessage, reason: error.description, events: todo.count, attempt: attempt)
                guard retryOrGiveUp(&todo, &letters, attempt: &attempt, why: error.description) else { return false }
                continue
            }
            switch backend.classify(response, content: content!) {
            case .settled(let stored, let set, let again, let why):
                context.health.succeeded()
                delivered.add(stored)
                letters += set
                todo = again
                content = nil
                if !todo.isEmpty {
                    logFailure("the backend asked to send some events again", reason: why, events: todo.count, attempt: attempt)
                    guard retryOrGiveUp(&todo, &letters, attempt: &attempt, why: why) else { return false }
                }
            case .tooLarge:
                splits.increment()
                if todo.count == 1 {
                    letters += self.letters(todo, reason: backend.tooLargeReason)
                } else {
                    let half = todo.count / 2
                    let (first, second) = (Array(todo[..<half]), Array(todo[half...]))
                    guard settle(first, with: backend), settle(second, with: backend) else { return false }
                }
                todo = []
            case .retryAll(let message, let reason, let retryAfter):
                context.health.failed()
                httpErrors.increment()
                logFailure(message, reason: reason, events: todo.count, attempt: attempt)
                guard retryOrGiveUp(&todo, &letters, attempt: &attempt, why: reason, retryAfter: retryAfter) else { return false }
            }
        }
        return deadLetter(letters)
    }

    /// After failed attempt number `attempt` (from 0) at `todo`, because of `why`: `todo`
    /// moves to `letters` when the retry policy is exhausted, else the backoff (honouring
    /// `retryAfter`) passes. False when the output is giving up (shutdown).
    private func retryOrGiveUp(
        _ todo: inout [Event], _ letters: inout [DeadLetter], attempt: inout Int, why: String, retryAfter: Double? = nil
    ) -> Bool {
        guard retry.exhausted(after: attempt + 1) else { return backoff(attempt: &attempt, retryAfter: retryAfter) }
        retriesExhausted.add(todo.count)
        letters += self.letters(todo, reason: "retries exhausted after \(attempt + 1) attempts (last: \(why))")
        todo = []
        return true
    }
}
