import CoreMetrics
import SluiceCore

extension LokiOptions: OutputOptions {
    public func makeOutput(name: String, context: OutputContext) throws -> any Output {
        try BatchingOutput(name: name, limits: batch, context: context) { stop in
            try LokiSender(name: name, options: self, stop: stop, context: context)
        }
    }

    /// The push body this output would send for `event` alone (its stream's labels, the
    /// entry with its structured metadata), checked against the limits at the current time.
    public func preview(_ event: Event, into out: inout [UInt8]) {
        let summary = encoder.encode([event], now: FileIO.nowNanoseconds(), into: &out)
        if let refused = summary.refused.first {
            out.append(contentsOf: "(not sent: Loki would refuse it as \(refused.reason.rawValue))".utf8)
        }
    }
}

/// Ships batches to Loki's push API (`/loki/api/v1/push`, JSON, gzipped with `compression: gzip`) and settles
/// every event by the answer.
///
/// | answer | events |
/// | --- | --- |
/// | refused by the limits before sending (too old, too new, line or metadata too large) | dead-lettered |
/// | 200 / 204 | delivered |
/// | 429, 5xx, 408, no answer | the same body again after a backoff (`Retry-After` honoured); Loki drops exact duplicates |
/// | 400 naming entries (out of order, too old…) | those dead-lettered; the others are stored (Loki keeps the good entries of a 400 batch) |
/// | 400 Sluice cannot map to entries | counted (`sluice_loki_entries_refused_unnamed_total`) and logged; not retried, since the same 400 would come back |
/// | 400 unreadable request | the batch dead-lettered (a bug or a bad configuration, never transient) |
/// | 413 | the batch is split in halves; one event too large is dead-lettered |
/// | 401, 403, 404, other | logged as a configuration problem, retried with backoff |
///
/// Metrics: those of ``HTTPShipper``, and `sluice_loki_stream_overflow_events_total` (events
/// put in the overflow stream), `sluice_loki_lines_truncated_total`,
/// `sluice_loki_entries_refused_before_sending_total{reason}` (by the limits, dead-lettered),
/// `sluice_loki_entries_refused_total{reason}` (named by Loki's 400, dead-lettered),
/// `sluice_loki_entries_refused_unnamed_total` (a 400 naming no entry: not retried).
final class LokiSender: BatchSender {
    let name: String
    let options: LokiOptions
    let encoder: LokiPushEncoder
    let shipper: HTTPShipper
    let streamOverflow: Counter, truncatedLines: Counter, refusedUnnamed: Counter
    /// By ``LokiRefusalReason``.
    let refusedBeforeSending: [LokiRefusalReason: Counter], refused: [LokiRefusalReason: Counter]
    private var body: [UInt8] = []

    init(name: String, options: LokiOptions, stop: StopSignal, context: OutputContext) throws {
        self.name = name
        self.options = options
        encoder = options.encoder
        let tenant = options.tenant.map { [HTTPHeader("X-Scope-OrgID", $0)] } ?? []
        shipper = try HTTPShipper(
            output: name, connection: options.connection, contentType: "application/json", extraHeaders: tenant,
            retry: options.retry, stop: stop, context: context)
        let metrics = context.metrics
        streamOverflow = metrics.counter("sluice_loki_stream_overflow_events_total")
        truncatedLines = metrics.counter("sluice_loki_lines_truncated_total")
        refusedUnnamed = metrics.counter("sluice_loki_entries_refused_unnamed_total")
        var before: [LokiRefusalReason: Counter] = [:], after: [LokiRefusalReason: Counter] = [:]
        for reason in LokiRefusalReason.allCases {
            before[reason] = metrics.counter("sluice_loki_entries_refused_before_sending_total", ["reason": reason.rawValue])
            after[reason] = metrics.counter("sluice_loki_entries_refused_total", ["reason": reason.rawValue])
        }
        refusedBeforeSending = before
        refused = after
    }

    func send(_ events: [Event]) -> Bool {
        settle(events)
    }

    /// Sends `batch` until each event is delivered, dead-lettered or counted as refused by
    /// Loki; false when giving up.
    func settle(_ batch: [Event]) -> Bool {
        body.removeAll(keepingCapacity: true)
        let sent = encoder.encode(batch, now: FileIO.nowNanoseconds(), into: &body)
        streamOverflow.add(sent.overflowCount)
        truncatedLines.add(sent.truncatedCount)
        var letters = sent.refused.map { refused in
            DeadLetter(event: batch[refused.eventIndex], stage: shipper.stage, reason: "loki would refuse the entry: \(refused.reason.rawValue)")
        }
        for refusal in sent.refused { refusedBeforeSending[refusal.reason]?.increment() }
        guard !body.isEmpty else { return shipper.deadLetter(letters) }
        // The events in the body, for the outcomes that concern all of them.
        var sentEvents: [Event] { sent.streams.flatMap { $0.entries.map { batch[$0.eventIndex] } } }
        var attempt = 0
        while true {
            if shipper.stop.isStopped { return false }
            var failure: String
            var retryAfter: Double?
            do {
                let response = try shipper.post(options.url, body)
                switch LokiResponse.classify(status: response.status, retryAfter: response.retryAfter, body: response.body, sent: sent) {
                case .delivered:
                    shipper.delivered.add(sent.entryCount)
                    return shipper.deadLetter(letters)
                case .partlyRefused(let refusals):
                    // Each refused event counted once, under the first reason naming it.
                    var refused = Set<Int>()
                    for refusal in refusals {
                        let events = Set(LokiResponse.refusedEvents(refusal, in: sent))
                        self.refused[refusal.reason]?.add(events.subtracting(refused).count)
                        refused.formUnion(events)
                    }
                    let reasons = Set(refusals.map(\.reason.rawValue)).sorted().joined(separator: ",")
                    shipper.logger.warning("loki refused some entries of a batch; they are dead-lettered", metadata: [
                        "output": "\(name)", "reasons": "\(reasons)", "refused": "\(refused.count)", "entries": "\(sent.entryCount)",
                    ])
                    for index in refused.sorted() {
                        letters.append(DeadLetter(event: batch[index], stage: shipper.stage, reason: "loki refused the entry: \(reasons)"))
                    }
                    shipper.delivered.add(sent.entryCount - refused.count)
                    return shipper.deadLetter(letters)
                case .refusedUnknown(let reason):
                    shipper.logger.error("loki answered 400 for a batch without naming the entries; not retried", metadata: [
                        "output": "\(name)", "reason": "\(reason.rawValue)", "entries": "\(sent.entryCount)",
                    ])
                    refusedUnnamed.add(sent.entryCount)
                    return shipper.deadLetter(letters)
                case .invalidRequest:
                    shipper.logger.error("loki could not read a push request; its entries are dead-lettered", metadata: [
                        "output": "\(name)", "entries": "\(sent.entryCount)",
                    ])
                    letters += shipper.letters(sentEvents, reason: "loki could not read the request (HTTP 400)")
                    return shipper.deadLetter(letters)
                case .tooLarge:
                    shipper.splits.increment()
                    guard shipper.deadLetter(letters) else { return false }
                    let events = sentEvents
                    if events.count == 1 {
                        return shipper.deadLetter(shipper.letters(events, reason: "the entry is larger than loki accepts (HTTP 413)"))
                    }
                    let half = events.count / 2
                    return settle(Array(events[..<half])) && settle(Array(events[half...]))
                case .retry(let after):
                    shipper.httpErrors.increment()
                    failure = "HTTP \(response.status)"
                    retryAfter = after
                case .failed(let status):
                    shipper.httpErrors.increment()
                    failure = "HTTP \(status)"
                }
            } catch {
                if error.aborted { return false }
                shipper.transportErrors.increment()
                failure = error.description
            }
            shipper.logFailure("loki did not take the batch", reason: failure, events: sent.entryCount, attempt: attempt)
            switch shipper.afterFailure(sentEvents, attempt: &attempt, why: failure, retryAfter: retryAfter) {
            case .retry: continue
            case .stopped: return false
            case .gaveUp(let given): return shipper.deadLetter(letters + given)
            }
        }
    }
}
