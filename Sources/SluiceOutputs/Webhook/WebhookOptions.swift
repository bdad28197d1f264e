import SluiceCore

/// The options of an `http` output (a generic webhook: Slack, PagerDuty Events v2, an
/// Alertmanager-style receiver, your own service) as read from the pipeline file.
///
/// ```yaml
/// type: http
/// url: https://hooks.slack.com/services/…     # POSTed to as given
/// format: ndjson                               # ndjson (one line per event) | json_array | template (one request per event)
/// template: '{"text": "%{[level]}: %{[msg]}"}' # with format: template
/// when: { level: error }                       # the events this output sends; the others are settled at once
/// max_per_minute: 60                           # 0: no limit; events past it are dropped and counted
/// ```
/// plus the connection keys every HTTP output shares (``HTTPConnectionOptions``: auth, tls,
/// headers, compression, timeout, connect_timeout, batch, retry).
public struct WebhookOptions: Sendable {
    public static let typeName = "http"

    public enum Format: String, Sendable, CaseIterable {
        case ndjson
        case jsonArray = "json_array"
        case template
    }

    public var url: String
    public var format: Format = .ndjson
    public var template: WebhookTemplate?
    public var condition: Condition?
    /// Events per minute at most; 0: no limit.
    public var maxPerMinute = 0
    public var connection = HTTPConnectionOptions(timeout: 30)
    public var batch = BatchLimits(maxEvents: 500, maxBytes: 1 << 20, maxAge: 1)
    public var retry = RetryPolicy()

    public init?(from map: ConfigMapping) {
        url = ""
        if let node = map.required("url"), let text = node.nonEmptyString() {
            if text.hasPrefix("http://") || text.hasPrefix("https://") { url = text } else { node.error("expected an http:// or https:// URL") }
        }
        if let f = map["format"]?.oneOf(Format.allCases.map(\.rawValue)).flatMap(Format.init(rawValue:)) { format = f }
        if let node = map["template"], let text = node.nonEmptyString() {
            var problem: String?
            if let parsed = WebhookTemplate(text, problem: &problem) {
                template = parsed
                if format != .template { node.error("a template is used with format: template") }
            } else {
                node.error(problem ?? "not a template")
            }
        } else if format == .template {
            map.node.error("format: template needs template: the body of each request, e.g. '{\"text\": \"%{[msg]}\"}'")
        }
        condition = map["when"].flatMap(Condition.read)
        maxPerMinute = map["max_per_minute"]?.int(in: 0...1_000_000) ?? 0
        connection.read(from: map, apiKey: false)
        HTTPConnectionOptions.warnOnPlainCredentials(connection.auth, url: url, node: map["auth"])
        batch = map["batch"].flatMap { BatchLimits.read($0, defaults: batch, maxBytes: 64 << 20) } ?? batch
        retry = map["retry"].flatMap(RetryPolicy.read) ?? retry
        map.finish()
        guard map.isValid else { return nil }
    }
}

extension WebhookOptions: OutputOptions {
    public func makeOutput(name: String, context: OutputContext) throws -> any Output {
        try BatchingOutput(name: name, limits: batch, context: context) { stop in
            try WebhookSender(name: name, options: self, stop: stop, context: context)
        }
    }

    /// The body this output would send for `event` alone.
    public func preview(_ event: Event, into out: inout [UInt8]) {
        WebhookSender.encode([event], format: format, template: template, into: &out)
        if out.last == 0x0A { out.removeLast() }
    }
}
