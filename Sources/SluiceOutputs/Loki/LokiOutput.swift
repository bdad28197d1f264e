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
    /// Always shown as JSON: with `encoding: protobuf` the same streams, entries and metadata
    /// go out as `logproto.PushRequest` (binary, snappy-compressed), never printed.
    public func preview(_ event: Event, into out: inout [UInt8]) {
        let summary = encoder.encode([event], now: FileIO.nowNanoseconds(), as: .json, into: &out)
        if let refused = summary.refused.first {
            out.append(contentsOf: "(not sent: Loki would refuse it as \(refused.reason.rawValue))".utf8)
        }
    }
}

/// Ships batches to Loki's push API (`/loki/api/v1/push`) and settles every event by the
/// answer. The body is `logproto.PushRequest` snappy-compressed, as Promtail and Grafana
/// Alloy send it (the default), or JSON with `encoding: json`, gzipped with `compression:
/// gzip` (``LokiEncoding``); grouping, limits and the mapping of Loki's answers are the same
/// for both. Protobuf is the default because it is the cheaper for Sluice:
/// `sluice-bench --mode loki-encoding` measured ~0.74 CPU-s per million events (encode +
/// snappy, 88 bytes per event sent) against ~1.9 for JSON + gzip (54 bytes per event) and
/// ~1.1 for uncompressed JSON (434 bytes per event).
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

    init(name: String, options: LokiOptions, stop: StopSignal, context: OutputContext) throws {
        self.name = name
        self.options = options
        encoder = options.encoder
        let tenant = options.tenant.map { [HTTPHeader("X-Scope-OrgID", $0)] } ?? []
        shipper = try HTTPShipper(
            output: name, connection: options.connection, contentType: options.encoding.contentType,
            compression: options.bodyCompression, extraHeaders: tenant, retry: options.retry, stop: stop, context: context)
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
        shipper.settle(events, with: self)
    }
}

extension LokiSender: HTTPBackend {
    /// A push body's streams, and the events its entries index.
    struct Sent {
        var summary: LokiPushSummary
        var batch: [Event]
    }

    var url: String { options.url }
    var unreachableMessage: String { "loki did not take the batch" }
    var tooLargeReason: String { "the entry is larger than loki accepts (HTTP 413)" }

    func encode(_ batch: [Event], into body: inout [UInt8]) -> HTTPRequestContent<Sent> {
        let sent = encoder.encode(batch, now: FileIO.nowNanoseconds(), into: &body)
        streamOverflow.add(sent.overflowCount)
        truncatedLines.add(sent.truncatedCount)
        for refusal in sent.refused { refusedBeforeSending[refusal.reason]?.increment() }
        let refused = sent.refused.map { refused in
            DeadLetter(event: batch[refused.eventIndex], stage: shipper.stage, reason: "loki would refuse the entry: \(refused.reason.rawValue)")
        }
        // The events in the body: the batch (shared, not copied) unless some were refused.
        var events = batch
        if !sent.refused.isEmpty {
            let refusedIndices = Set(sent.refused.map(\.eventIndex))
            events = batch.indices.filter { !refusedIndices.contains($0) }.map { batch[$0] }
        }
        return HTTPRequestContent(events: events, refused: refused, sent: Sent(summary: sent, batch: batch))
    }

    func classify(_ response: HTTPResponse, content: HTTPRequestContent<Sent>) -> HTTPVerdict {
        let sent = content.sent.summary
        switch LokiResponse.classify(status: response.status, retryAfter: response.retryAfter, body: response.body, sent: sent) {
        case .delivered:
            return .settled(delivered: sent.entryCount)
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
            let letters = refused.sorted().map {
                DeadLetter(event: content.sent.batch[$0], stage: shipper.stage, reason: "loki refused the entry: \(reasons)")
            }
            return .settled(delivered: sent.entryCount - refused.count, letters: letters)
        case .refusedUnknown(let reason):
            shipper.logger.error("loki answered 400 for a batch without naming the entries; not retried", metadata: [
                "output": "\(name)", "reason": "\(reason.rawValue)", "entries": "\(sent.entryCount)",
            ])
            refusedUnnamed.add(sent.entryCount)
            return .settled(delivered: 0)
        case .invalidRequest:
            shipper.logger.error("loki could not read a push request; its entries are dead-lettered", metadata: [
                "output": "\(name)", "entries": "\(sent.entryCount)",
            ])
            return .settled(delivered: 0, letters: shipper.letters(content.events, reason: "loki could not read the request (HTTP 400)"))
        case .tooLarge:
            return .tooLarge
        case .retry(let after):
            return .retryAll(message: "loki did not take the batch", reason: "HTTP \(response.status)", retryAfter: after)
        case .failed(let status):
            return .retryAll(message: "loki did not take the batch", reason: "HTTP \(status)", retryAfter: nil)
        }
    }
}
