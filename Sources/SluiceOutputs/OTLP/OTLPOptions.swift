import SluiceCore

/// The options of an `otlp` output (OTLP/HTTP logs: an OpenTelemetry Collector, Loki's
/// `/otlp/v1/logs`, any OTLP backend) as read from the pipeline file (strict: unknown keys
/// are errors that name the key and line).
///
/// ```yaml
/// type: otlp
/// url: http://otel-collector:4318     # the path is added when missing
/// path: /v1/logs                      # Loki: /otlp/v1/logs
/// encoding: protobuf                  # | json (OTLP/JSON: hex ids, 64-bit integers as strings)
/// body: event                         # a field, or a list tried in order (default [event, message, msg]); whole_event: the event as a map
/// severity_field: level               # "" for none
/// numeric_levels: python              # python | bunyan | syslog | none
/// trace_id_field: trace_id
/// span_id_field: span_id
/// resource:                           # static, ${ENV} (the downward API) or %{[field]} per event
///   service.name: ai-workflow
///   k8s.pod.name: ${POD_NAME}
///   k8s.namespace.name: ${POD_NAMESPACE}
/// ```
/// plus the connection keys every HTTP output shares (``HTTPConnectionOptions``: auth, tls,
/// headers, compression, timeout, connect_timeout, batch, retry).
public struct OTLPOptions: Sendable {
    /// The `type:` that selects this output.
    public static let typeName = "otlp"
    /// The OTLP/HTTP logs path.
    public static let defaultPath = "/v1/logs"

    /// The full export URL.
    public var url: String
    public var encoder = OTLPLogsEncoder()
    public var connection = HTTPConnectionOptions(timeout: 10)
    public var batch = BatchLimits(maxEvents: 1000, maxBytes: 1 << 20, maxAge: 1)
    public var retry = RetryPolicy()

    public init?(from map: ConfigMapping) {
        var base = ""
        if let node = map.required("url"), let text = node.nonEmptyString() {
            if text.hasPrefix("http://") || text.hasPrefix("https://") { base = text } else { node.error("expected an http:// or https:// URL") }
        }
        var path = Self.defaultPath
        if let node = map["path"], let text = node.nonEmptyString() {
            if text.hasPrefix("/") { path = text } else { node.error("expected a path starting with /, e.g. /v1/logs or /otlp/v1/logs") }
        }
        while base.hasSuffix("/") { base.removeLast() }
        url = base.hasSuffix(path) || map["path"] == nil && base.hasSuffix("/v1/logs") ? base : base + path
        if let e = map["encoding"]?.oneOf(OTLPLogsEncoder.Encoding.allCases.map(\.rawValue)).flatMap(OTLPLogsEncoder.Encoding.init) {
            encoder.encoding = e
        }
        if let node = map["body"], let names = node.stringList() {
            if names == ["whole_event"] {
                encoder.body = .wholeEvent
            } else {
                var paths: [FieldPath] = []
                for name in names {
                    if let path = FieldPath(name) { paths.append(path) } else { node.error("\"\(name)\" is not a field path") }
                }
                if paths.isEmpty { node.error("give a field (e.g. event), a list of fields, or whole_event") }
                encoder.body = .field(paths)
            }
        }
        if let node = map["severity_field"], let name = node.string() {
            if name.isEmpty {
                encoder.severityField = nil
            } else if let path = FieldPath(name) {
                encoder.severityField = path
            } else {
                node.error("\"\(name)\" is not a field path")
            }
        }
        if let s = map["numeric_levels"]?.oneOf(LevelNormalizer.NumericScheme.allCases.map(\.rawValue)),
            let scheme = LevelNormalizer.NumericScheme(rawValue: s)
        {
            encoder.levels = LevelNormalizer(numeric: scheme)
        }
        for (key, keyPath) in [("trace_id_field", \OTLPLogsEncoder.traceIDField), ("span_id_field", \OTLPLogsEncoder.spanIDField)] {
            guard let node = map[key], let name = node.nonEmptyString() else { continue }
            if let path = FieldPath(name) { encoder[keyPath: keyPath] = path } else { node.error("\"\(name)\" is not a field path") }
        }
        if let node = map["resource"], let resource = node.mapping() {
            for (key, value) in resource.entries {
                guard let text = value.string() else { continue }
                guard !key.isEmpty else {
                    value.error("a resource attribute needs a name")
                    continue
                }
                guard let reference = FieldReference(text) else {
                    value.error("a value is either static text or one field reference such as %{[service]}")
                    continue
                }
                encoder.resource.append((key, reference))
            }
        }
        connection.read(from: map, apiKey: false)
        HTTPConnectionOptions.warnOnPlainCredentials(connection.auth, url: url, node: map["auth"])
        batch = map["batch"].flatMap { BatchLimits.read($0, defaults: batch, maxBytes: 64 << 20) } ?? batch
        retry = map["retry"].flatMap(RetryPolicy.read) ?? retry
        map.finish()
        guard map.isValid else { return nil }
    }
}

extension OTLPOptions: OutputOptions {
    public func makeOutput(name: String, context: OutputContext) throws -> any Output {
        try BatchingOutput(name: name, limits: batch, context: context) { stop in
            try OTLPSender(name: name, options: self, stop: stop, context: context)
        }
    }

    /// The request this output would send for `event` alone, in OTLP/JSON (readable, whatever
    /// the configured encoding).
    public func preview(_ event: Event, into out: inout [UInt8]) {
        var json = encoder
        json.encoding = .json
        json.encode([event], into: &out)
    }
}
