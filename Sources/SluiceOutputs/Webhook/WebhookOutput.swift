import CoreMetrics
import SluiceCore

/// Sends events to a webhook (`http` output) and settles them by the answer:
///
/// | answer | events |
/// | --- | --- |
/// | 2xx | delivered |
/// | 408, 429, 5xx, no answer | the same body again after a backoff (`Retry-After` honoured) |
/// | 413 | split in halves; one event alone too large is dead-lettered |
/// | 400, 422 (the receiver refuses the body) | dead-lettered |
/// | 401, 403, 404, other | logged as a configuration problem, retried with backoff |
///
/// Events its `when:` does not select are settled at once; past `max_per_minute`, events are
/// dropped and counted. Metrics: those of ``HTTPShipper``, and
/// `sluice_webhook_events_not_selected_total`, `sluice_webhook_events_rate_limited_total`.
final class WebhookSender: BatchSender {
    let name: String
    let options: WebhookOptions
    let shipper: HTTPShipper
    let notSelected: Counter, rateLimited: Counter
    /// Send times (monotonic seconds) of the last minute's events, for `max_per_minute`.
    private var recent: [Double] = []
    private var recentStart = 0

    init(name: String, options: WebhookOptions, stop: StopSignal, context: OutputContext) throws {
        self.name = name
        self.options = options
        let contentType = options.format == .ndjson ? "application/x-ndjson" : "application/json"
        shipper = try HTTPShipper(output: name, connection: options.connection, contentType: contentType, retry: options.retry, stop: stop, context: context)
        notSelected = context.metrics.counter("sluice_webhook_events_not_selected_total")
        rateLimited = context.metrics.counter("sluice_webhook_events_rate_limited_total")
    }

    func send(_ events: [Event]) -> Bool {
        var selected = events
        if let condition = options.condition {
            let scratch = RegexScratch()
            selected = events.filter { condition.holds(for: $0.fields, using: scratch) }
            notSelected.add(events.count - selected.count)
        }
        selected = admitted(selected, now: Monotonic.now())
        guard !selected.isEmpty else { return true }
        if options.format == .template {
            for event in selected {
                guard shipper.settle([event], with: self) else { return false }
            }
            return true
        }
        return shipper.settle(selected, with: self)
    }

    /// The events `max_per_minute` lets through now; the rest are counted as dropped.
    func admitted(_ events: [Event], now: Double) -> [Event] {
        let limit = options.maxPerMinute
        guard limit > 0, !events.isEmpty else { return events }
        while recentStart < recent.count && now - recent[recentStart] >= 60 { recentStart += 1 }
        if recentStart > 1024 {
            recent.removeFirst(recentStart)
            recentStart = 0
        }
        let room = max(0, limit - (recent.count - recentStart))
        let taken = min(room, events.count)
        recent.append(contentsOf: repeatElement(now, count: taken))
        if taken < events.count {
            rateLimited.add(events.count - taken)
            shipper.logger.warning("webhook rate limit reached; events dropped", metadata: [
                "output": "\(name)", "dropped": "\(events.count - taken)", "max_per_minute": "\(limit)",
            ])
        }
        return Array(events.prefix(taken))
    }

    static func encode(_ events: [Event], format: WebhookOptions.Format, template: WebhookTemplate?, into body: inout [UInt8]) {
        switch format {
        case .ndjson:
            for event in events {
                event.serialize(into: &body)
                body.append(0x0A)
            }
        case .jsonArray:
            body.append(UInt8(ascii: "["))
            for (i, event) in events.enumerated() {
                if i > 0 { body.append(UInt8(ascii: ",")) }
                event.serialize(into: &body)
            }
            body.append(UInt8(ascii: "]"))
        case .template:
            for event in events { template?.render(event, into: &body) }
        }
    }
}

extension WebhookSender: HTTPBackend {
    var url: String { options.url }
    var unreachableMessage: String { "cannot reach the webhook" }
    var tooLargeReason: String { "the event is larger than the webhook accepts (HTTP 413)" }

    func encode(_ events: [Event], into body: inout [UInt8]) -> HTTPRequestContent<Void> {
        Self.encode(events, format: options.format, template: options.template, into: &body)
        return HTTPRequestContent(events: events, refused: [], sent: ())
    }

    func classify(_ response: HTTPResponse, content: HTTPRequestContent<Void>) -> HTTPVerdict {
        switch response.status {
        case 200..<300:
            return .settled(delivered: content.events.count)
        case 408, 429, 500...599:
            return .retryAll(message: "the webhook did not take the request", reason: "HTTP \(response.status)", retryAfter: response.retryAfter)
        case 413:
            return .tooLarge
        case 400, 422:
            shipper.logger.error("the webhook refused a request; its events are dead-lettered", metadata: [
                "output": "\(name)", "status": "\(response.status)", "events": "\(content.events.count)",
            ])
            return .settled(delivered: 0, letters: shipper.letters(content.events, reason: "the webhook refused the request (HTTP \(response.status))"))
        default:
            return .retryAll(message: "the webhook refused the request", reason: "HTTP \(response.status)", retryAfter: response.retryAfter)
        }
    }
}
