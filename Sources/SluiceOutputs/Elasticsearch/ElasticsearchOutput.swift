import CoreMetrics
import SluiceCore

extension ElasticsearchOptions: OutputOptions {
    public func makeOutput(name: String, context: OutputContext) throws -> any Output {
        try BatchingOutput(name: name, limits: batch, context: context) { stop in
            try ElasticsearchSender(name: name, options: self, stop: stop, context: context)
        }
    }

    /// The action line and document this output would send (the `_id` uses the file's id in
    /// place of its key: dry runs read no file identity).
    public func preview(_ event: Event, into out: inout [UInt8]) {
        BulkEncoder(action: action, index: index).encode(event, fileKey: UInt64(event.origin.fileID), into: &out)
        if out.last == 0x0A { out.removeLast() }
    }
}

/// Ships batches to Elasticsearch's `_bulk` API and settles every event by its item's answer.
///
/// | answer | events |
/// | --- | --- |
/// | item 2xx, item 409 (replay of a `create` with the same `_id`) | delivered |
/// | item 429 / 5xx / `es_rejected_execution_exception` / `cluster_block_exception` | sent again, alone, after a backoff |
/// | item other 4xx (e.g. `document_parsing_exception`) | dead-lettered with the error type |
/// | request 413 | the batch is split in halves; a single event too large is dead-lettered |
/// | request 429 / 5xx, unreadable 2xx, no answer | the whole request again after a backoff (`Retry-After` honoured) |
/// | request 401 / 403 / 404 / other 4xx | logged as a configuration problem, retried with backoff |
///
/// With `retry.max_attempts` set, events still failing after that many attempts are
/// dead-lettered (`retries exhausted`); by default retries never stop and the output holds
/// reading instead (backpressure).
///
/// Metrics: those of ``HTTPShipper``, and `sluice_elasticsearch_conflicts_total` (items
/// answered 409: delivered before), `sluice_elasticsearch_items_retried_total`.
final class ElasticsearchSender: BatchSender {
    let name: String
    let options: ElasticsearchOptions
    let shipper: HTTPShipper
    let encoder: BulkEncoder
    let bulkURL: String
    let conflicts: Counter, retriedItems: Counter

    init(name: String, options: ElasticsearchOptions, stop: StopSignal, context: OutputContext) throws {
        self.name = name
        self.options = options
        shipper = try HTTPShipper(
            output: name, connection: options.connection, contentType: "application/x-ndjson",
            retry: options.retry, stop: stop, context: context)
        encoder = BulkEncoder(action: options.action, index: options.index)
        bulkURL = options.url + "/_bulk" + (options.pipeline.map { "?pipeline=" + $0 } ?? "")
        conflicts = context.metrics.counter("sluice_elasticsearch_conflicts_total")
        retriedItems = context.metrics.counter("sluice_elasticsearch_items_retried_total")
    }

    /// Logs whether the cluster answers (never fatal: the first batch retries until it does).
    func start() {
        do {
            let response = try shipper.client.get(options.url + "/")
            if (200..<300).contains(response.status) {
                shipper.logger.info("elasticsearch answers", metadata: ["output": "\(name)", "url": "\(URLRedaction.safeForLogs(options.url))"])
            } else {
                shipper.logger.warning("elasticsearch answered the startup check with an error", metadata: [
                    "output": "\(name)", "url": "\(URLRedaction.safeForLogs(options.url))", "status": "\(response.status)",
                    "error_type": "\(BulkResponse.requestErrorType(response.body) ?? "none")",
                ])
            }
        } catch {
            shipper.logger.warning("elasticsearch does not answer yet; batches will be retried", metadata: [
                "output": "\(name)", "url": "\(URLRedaction.safeForLogs(options.url))", "error": "\(error)",
            ])
        }
    }

    func send(_ events: [Event]) -> Bool {
        shipper.settle(events, with: self)
    }
}

extension ElasticsearchSender: HTTPBackend {
    var url: String { bulkURL }
    var unreachableMessage: String { "cannot reach elasticsearch" }
    var tooLargeReason: String { "the document is larger than elasticsearch accepts (HTTP 413)" }

    func encode(_ events: [Event], into body: inout [UInt8]) -> HTTPRequestContent<Void> {
        encoder.encode(events, into: &body)
        return HTTPRequestContent(events: events, refused: [], sent: ())
    }

    func classify(_ response: HTTPResponse, content: HTTPRequestContent<Void>) -> HTTPVerdict {
        let events = content.events
        switch BulkResponse.parse(status: response.status, body: response.body, expectedItems: events.count) {
        case .allDelivered:
            return .settled(delivered: events.count)
        case .items(_, let items):
            var again: [Event] = []
            var letters: [DeadLetter] = []
            var delivered = 0, conflicted = 0
            for (event, item) in zip(events, items) {
                switch item.outcome {
                case .delivered:
                    delivered += 1
                    if item.status == 409 { conflicted += 1 }
                case .retry:
                    again.append(event)
                case .rejected(let type):
                    letters.append(DeadLetter(
                        event: event, stage: shipper.stage, reason: "elasticsearch rejected the document: \(type) (status \(item.status))"))
                }
            }
            conflicts.add(conflicted)
            retriedItems.add(again.count)
            return .settled(delivered: delivered, letters: letters, again: again, why: "item status 429/5xx")
        case .splitBatch:
            return .tooLarge
        case .retryAll(let reason):
            return .retryAll(message: "elasticsearch did not take the batch", reason: reason.description, retryAfter: response.retryAfter)
        case .requestFailed(let status, let type):
            // Credentials, permissions or a wrong URL: the events are fine, the
            // configuration is not. Hold them (backpressure) until it is fixed.
            let reason = "HTTP \(status)" + (type.map { " \($0)" } ?? "")
            return .retryAll(message: "elasticsearch refused the request", reason: reason, retryAfter: response.retryAfter)
        }
    }
}
