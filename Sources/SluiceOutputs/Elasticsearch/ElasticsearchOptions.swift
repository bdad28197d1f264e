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
///
/// Not registered in `OutputTypes.all` yet: there is no HTTP client to ship with, and a type
/// that validates but cannot send would be a stub.
public struct ElasticsearchOptions: Sendable {
    /// The `type:` that will select this output.
    public static let typeName = "elasticsearch"
    /// The default index template.
    public static let defaultIndex = "logs-%{+YYYY.MM.dd}"

    /// Base URL, `http://` or `https://`, without a trailing slash.
    public var url: String
    public var index: IndexTemplate
    public var action: BulkAction = .create
    /// Ingest pipeline, a URL parameter of the `_bulk` request.
    public var pipeline: String?
    public var auth: ElasticsearchAuth = .none
    public var tls = ElasticsearchTLS()
    /// Extra request headers, in file order.
    public var headers: [(name: String, value: String)] = []
    public var batch = ElasticsearchBatchLimits()
    public var compression: ElasticsearchCompression = .gzip
    /// Per-request timeout, in seconds.
    public var timeout: Double = 30
    public var retry = ElasticsearchRetry()

    public init(url: String, index: IndexTemplate) {
        self.url = url
        self.index = index
    }

    /// Headers the output sets itself.
    static let reservedHeaders: Set<String> = ["content-type", "content-encoding", "content-length", "host", "transfer-encoding"]

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
        let auth = map["auth"].flatMap(Self.readAuth)
        let tls = map["tls"].flatMap(Self.readTLS)
        let headers = map["headers"].flatMap(Self.readHeaders)
        let batch = map["batch"].flatMap(Self.readBatch)
        let compression = map["compression"]?.oneOf(["gzip", "none"]).flatMap(ElasticsearchCompression.init(rawValue:))
        let timeout = map["timeout"]?.duration(in: 0.001...3600)
        let retry = map["retry"].flatMap(Self.readRetry)
        if case .basic? = auth, let url, url.hasPrefix("http://") {
            map["auth"]?.warning("credentials are sent over plain http://; use https://")
        }
        map.finish()
        guard map.isValid, let url, let index else { return nil }
        self.init(url: url, index: index)
        if let action { self.action = action }
        self.pipeline = pipeline
        if let auth { self.auth = auth }
        if let tls { self.tls = tls }
        if let headers { self.headers = headers }
        if let batch { self.batch = batch }
        if let compression { self.compression = compression }
        if let timeout { self.timeout = timeout }
        if let retry { self.retry = retry }
    }

    static func readURL(_ node: ConfigNode) -> String? {
        guard var url = node.nonEmptyString() else { return nil }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.split(separator: "/").count >= 2 else {
            node.error("expected an http:// or https:// URL such as https://es.internal:9200, found \"\(url)\"")
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

    static func readAuth(_ node: ConfigNode) -> ElasticsearchAuth? {
        guard let map = node.mapping() else { return nil }
        var found: [ElasticsearchAuth] = []
        if let basic = map["basic"]?.mapping() {
            let user = basic.required("user")?.nonEmptyString()
            let password = basic.required("password")?.nonEmptyString()
            basic.finish()
            if let user, let password { found.append(.basic(user: user, password: password)) }
        }
        if let key = map["api_key"]?.nonEmptyString() { found.append(.apiKey(key)) }
        if let token = map["bearer"]?.nonEmptyString() { found.append(.bearer(token)) }
        map.finish()
        guard map.isValid else { return nil }
        guard found.count == 1 else {
            node.error(found.isEmpty ? "name one of basic, api_key or bearer" : "name only one of basic, api_key or bearer")
            return nil
        }
        return found[0]
    }

    static func readTLS(_ node: ConfigNode) -> ElasticsearchTLS? {
        guard let map = node.mapping() else { return nil }
        var tls = ElasticsearchTLS()
        tls.caFile = map["ca_file"]?.filePath()
        let certNode = map["cert_file"]
        tls.certFile = certNode?.filePath()
        let keyNode = map["key_file"]
        tls.keyFile = keyNode?.filePath()
        if let verify = map["verify"]?.bool() { tls.verify = verify }
        if (certNode == nil) != (keyNode == nil) {
            node.error("cert_file and key_file go together (a client certificate needs its key)")
        }
        if !tls.verify { map["verify"]?.warning("the server's certificate is not verified") }
        map.finish()
        return map.isValid ? tls : nil
    }

    static func readHeaders(_ node: ConfigNode) -> [(name: String, value: String)]? {
        guard let map = node.mapping() else { return nil }
        var headers: [(name: String, value: String)] = []
        for (name, value) in map.entries {
            _ = map[name]
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                value.error("\"\(name)\" is not a valid header name")
                continue
            }
            guard !reservedHeaders.contains(name.lowercased()) else {
                value.error("\(name) is set by the output itself")
                continue
            }
            guard let text = value.string() else { continue }
            guard !text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
                value.error("header values must not hold line breaks")
                continue
            }
            headers.append((name, text))
        }
        map.finish()
        return map.isValid ? headers : nil
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(b)
        }
    }

    static func readBatch(_ node: ConfigNode) -> ElasticsearchBatchLimits? {
        guard let map = node.mapping() else { return nil }
        var batch = ElasticsearchBatchLimits()
        if let v = map["max_events"]?.int(in: 1...1_000_000) { batch.maxEvents = v }
        // Elasticsearch refuses requests over http.max_content_length (100 MB by default).
        if let v = map["max_bytes"]?.byteSize(in: 1024...(100 << 20)) { batch.maxBytes = v }
        if let v = map["max_age"]?.duration(in: 0.001...3600) { batch.maxAge = v }
        map.finish()
        return map.isValid ? batch : nil
    }

    static func readRetry(_ node: ConfigNode) -> ElasticsearchRetry? {
        guard let map = node.mapping() else { return nil }
        var retry = ElasticsearchRetry()
        let initialNode = map["initial"]
        if let v = initialNode?.duration(in: 0.001...3600) { retry.initial = v }
        if let v = map["max"]?.duration(in: 0.001...86_400) { retry.max = v }
        if let v = map["max_attempts"]?.int(in: 0...1_000_000) { retry.maxAttempts = v }
        if retry.initial > retry.max { (initialNode ?? node).error("initial must not exceed max") }
        map.finish()
        return map.isValid ? retry : nil
    }
}
