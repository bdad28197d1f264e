import SluiceCore

/// The options of an Elasticsearch output (`type: elasticsearch`), read strictly: unknown keys,
/// wrong types and bad values are errors naming their key path.
///
/// ```yaml
/// type: elasticsearch
/// url: https://es.internal:9200          # required
/// index: logs-%{+YYYY.MM.dd}             # IndexTemplate; field references allowed
/// index_fallback: unknown                # written for a missing field reference
/// action: create                         # create | index
/// pipeline: my-ingest-pipeline           # sent as /_bulk?pipeline=…
/// auth: { api_key: "${ES_API_KEY}" }     # or basic: {user, password} | bearer
/// tls: { ca_file: ca.pem, cert_file: c.pem, key_file: k.pem, verify: true }
/// headers: { X-Team: logs }
/// batch: { max_events: 1000, max_bytes: 5MiB, max_age: 1s }
/// compression: gzip                      # gzip | none
/// timeout: 30s
/// retry: { initial: 100ms, max: 30s, max_attempts: 0 }   # 0: forever
/// ```
/// Secrets may also come from files: `password_file`, `api_key_file`, `bearer_file`.
public struct ElasticsearchOptions: Sendable {
    /// The `type:` that selects this output.
    public static let typeName = "elasticsearch"
    /// The default index template.
    public static let defaultIndex = "logs-%{+YYYY.MM.dd}"

    /// Base URL, `http://` or `https://`, without a trailing slash.
    public var url: String
    public var index: IndexTemplate
    public var action: BulkAction = .create
    /// Ingest pipeline, a URL parameter of the `_bulk` request.
    public var pipeline: String?
    /// Auth, TLS, headers, compression and timeouts.
    public var connection = HTTPConnectionOptions(timeout: 30)
    public var batch = BatchLimits(maxEvents: 1000, maxBytes: 5 << 20, maxAge: 1)
    public var retry = RetryPolicy()

    public init(url: String, index: IndexTemplate) {
        self.url = url
        self.index = index
    }

    /// Reads the keys of an output mapping (the `type` key is the loader's); nil when invalid.
    public init?(from map: ConfigMapping) {
        let url = map.required("url").flatMap(Self.readURL)
        let indexNode = map["index"]
        let fallbackNode = map["index_fallback"]
        var index: IndexTemplate?
        do {
            index = try IndexTemplate(
                indexNode?.nonEmptyString() ?? Self.defaultIndex, fallback: fallbackNode?.string() ?? "unknown")
        } catch {
            let node = if case .badFallback = error { fallbackNode } else { indexNode }
            (node ?? map.node).error(error.description)
        }
        let action = map["action"]?.oneOf(BulkAction.allCases.map(\.rawValue)).flatMap(BulkAction.init(rawValue:))
        let pipeline = map["pipeline"].flatMap(Self.readPipeline)
        var connection = HTTPConnectionOptions(timeout: 30)
        connection.read(from: map, apiKey: true)
        HTTPConnectionOptions.warnOnPlainCredentials(connection.auth, url: url, node: map["auth"])
        let batch = map["batch"].flatMap { BatchLimits.read($0, defaults: BatchLimits(), maxBytes: 100 << 20) }
        let retry = map["retry"].flatMap(RetryPolicy.read)
        map.finish()
        guard map.isValid, let url, let index else { return nil }
        self.init(url: url, index: index)
        if let action { self.action = action }
        self.pipeline = pipeline
        self.connection = connection
        if let batch { self.batch = batch }
        if let retry { self.retry = retry }
    }

    static func readURL(_ node: ConfigNode) -> String? {
        guard var url = node.nonEmptyString() else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.split(separator: "/").count >= 2 else {
            node.error("expected an http:// or https:// URL such as https://es.internal:9200, found \"\(URLRedaction.safeForLogs(url))\"")
            return nil
        }
        guard !url.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) else {
            node.error("the URL must not hold spaces, a query or a fragment")
            return nil
        }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    static func readPipeline(_ node: ConfigNode) -> String? {
        guard let name = node.nonEmptyString() else { return nil }
        guard name.utf8.allSatisfy({ BulkResponse.isTypeByte($0) || $0 == UInt8(ascii: "-") }) else {
            node.error("pipeline names here are limited to letters, digits, -, _ and .")
            return nil
        }
        return name
    }
}
