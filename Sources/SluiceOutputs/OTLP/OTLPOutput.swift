import CoreMetrics
import SluiceCore

/// Exports batches as OTLP/HTTP log requests (`POST {url}/v1/logs`, protobuf or JSON, gzip
/// with `compression: gzip`) and settles every event by the answer, as the OTLP
/// specification says:
///
/// | answer | events |
/// | --- | --- |
/// | 2xx | delivered; `partial_success.rejected_log_records` counted (`sluice_otlp_records_rejected_total`) and the receiver's message logged, not retried |
/// | 429, 502, 503, 504, 408, no answer | the same body again after a backoff (`Retry-After` honoured) |
/// | 413 | the batch is split in halves; one event too large is dead-lettered |
/// | 401, 403, 404, 405, 407 | a configuration problem: logged, retried with backoff (fixing it loses nothing) |
/// | 400 and any other status | dead-lettered (the receiver will not take them), its message logged |
///
/// Metrics: those of ``HTTPShipper``, and `sluice_otlp_records_rejected_total`.
final class OTLPSender: BatchSender {
    let name: String
    let options: OTLPOptions
    let shipper: HTTPShipper
    let rejected: Counter

    init(name: String, options: OTLPOptions, stop: StopSignal, context: OutputContext) throws {
        self.name = name
        self.options = options
        shipper = try HTTPShipper(
            output: name, connection: options.connection, contentType: options.encoder.encoding.contentType,
            retry: options.retry, stop: stop, context: context)
        rejected = context.metrics.counter("sluice_otlp_records_rejected_total")
    }

    func send(_ events: [Event]) -> Bool {
        shipper.settle(events, with: self)
    }
}

extension OTLPSender: HTTPBackend {
    var url: String { options.url }
    var unreachableMessage: String { "cannot reach the otlp receiver" }
    var tooLargeReason: String { "the record is larger than the otlp receiver accepts (HTTP 413)" }

    func encode(_ batch: [Event], into body: inout [UInt8]) -> HTTPRequestContent<Void> {
        options.encoder.encode(batch, into: &body)
        return HTTPRequestContent(events: batch, refused: [], sent: ())
    }

    func classify(_ response: HTTPResponse, content: HTTPRequestContent<Void>) -> HTTPVerdict {
        let records = content.events.count
        switch OTLPResponse.classify(status: response.status, retryAfter: response.retryAfter, body: response.body) {
        case .delivered(let refused, let message):
            if refused > 0 {
                // The receiver does not say which records it refused: they cannot be
                // dead-lettered, only counted (the OTLP specification: not retried).
                rejected.add(Int(clamping: refused))
                shipper.logger.warning("the otlp receiver rejected some records of a batch; they are not retried", metadata: [
                    "output": "\(name)", "rejected": "\(refused)", "records": "\(records)", "message": "\(message ?? "")",
                ])
            }
            return .settled(delivered: records - Int(clamping: min(Int64(records), max(0, refused))))
        case .retry(let after):
            return .retryAll(message: "the otlp receiver did not take the batch", reason: "HTTP \(response.status)", retryAfter: after)
        case .tooLarge:
            return .tooLarge
        case .misconfigured(let status, let message):
            return .retryAll(
                message: "the otlp receiver refused the request; check url, path and credentials",
                reason: "HTTP \(status)" + (message.map { ": \($0)" } ?? ""), retryAfter: nil)
        case .refused(let status, let message):
            shipper.logger.error("the otlp receiver refused a batch; its records are dead-lettered", metadata: [
                "output": "\(name)", "status": "\(status)", "records": "\(records)", "message": "\(message ?? "")",
            ])
            return .settled(delivered: 0, letters: shipper.letters(content.events, reason: "the otlp receiver refused the batch (HTTP \(status))"))
        }
    }
}
