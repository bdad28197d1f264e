import SluiceCore

/// The options of a Loki output as read from the pipeline file (strict: unknown keys are
/// errors that name the key and line).
///
/// Not registered in ``OutputTypes/all`` yet: there is no HTTP client to ship with, and a
/// type that cannot ship must not be selectable. Read it with ``init(from:)``.
public struct LokiOptions: Sendable, Equatable {
    /// The push path appended to `url` when missing.
    public static let pushPath = "/loki/api/v1/push"

    /// HTTP authentication.
    public enum Auth: Sendable, Equatable {
        case none
        case basic(user: String, password: String)
        case bearer(String)
    }

    /// TLS settings (files are absolute paths).
    public struct TLS: Sendable, Equatable {
        public var caFile: String?
        public var certFile: String?
        public var keyFile: String?
        public var insecureSkipVerify = false
    }

    /// When a batch is sent: whichever limit comes first.
    public struct BatchLimits: Sendable, Equatable {
        public var maxEvents = 1000
        public var maxBytes = 1 << 20
        /// Seconds.
        public var maxAge = 1.0
    }

    /// Backoff between retries.
    public struct Retry: Sendable, Equatable {
        /// Seconds.
        public var initialBackoff = 0.1
        /// Seconds.
        public var maxBackoff = 30.0
        /// 0: retry forever (backpressure holds the rest).
        public var maxAttempts = 0
    }

    /// The full push URL.
    public var url: String
    /// Sent as `X-Scope-OrgID`.
    public var tenant: String?
    public var labels: LokiLabels
    public var structuredMetadata: [FieldPath]
    public var removeLabelFields = false
    public var maxStreams = 1000
    public var limits = LokiLimits()
    public var auth = Auth.none
    public var tls = TLS()
    /// Extra headers, in file order.
    public var headers: [LokiLabelPair] = []
    public var batch = BatchLimits()
    /// `true` for gzip (the default), `false` for none.
    public var gzip = true
    /// Seconds per request.
    public var timeout = 10.0
    public var retry = Retry()

    /// The encoder these options describe.
    public var encoder: LokiPushEncoder {
        LokiPushEncoder(
            labels: labels, structuredMetadata: structuredMetadata, removeLabelFields: removeLabelFields,
            maxStreams: maxStreams, limits: limits)
    }

    /// Reads the output's keys (the `type` key is handled by the loader); nil when invalid,
    /// with every problem reported to the pipeline's diagnostics.
    public init?(from map: ConfigMapping) {
        url = map.required("url").flatMap(Self.readURL) ?? ""
        tenant = map["tenant"]?.nonEmptyString()
        labels = map.required("labels").flatMap(Self.readLabels) ?? LokiLabels.placeholder
        structuredMetadata = [FieldPath(key: "trace_id"), FieldPath(key: "span_id")]
        if let node = map["structured_metadata"], let names = node.stringList() {
            var paths: [FieldPath] = []
            for name in names {
                guard let path = FieldPath(name) else { node.error("\"\(name)\" is not a field path"); continue }
                paths.append(path)
            }
            if paths.count > limits.maxMetadataEntries {
                node.error("\(paths.count) fields; Loki allows at most \(limits.maxMetadataEntries) structured metadata entries")
            }
            structuredMetadata = paths
        }
        removeLabelFields = map["remove_label_fields"]?.bool() ?? false
        maxStreams = map["max_streams"]?.int(in: 1...100_000) ?? 1000
        if let age = map["max_age"]?.duration(in: 1...Double(Int64.max / LokiLimits.second)) {
            limits.maxAge = Int64(age * 1e9)
        }
        if let bytes = map["max_line_bytes"]?.byteSize(in: 1...(1 << 30)) { limits.maxLineBytes = bytes }
        if let policy = map["on_line_too_long"]?.oneOf(["dead_letter", "truncate"]) {
            limits.onLineTooLong = LokiLineTooLongPolicy(rawValue: policy) ?? .deadLetter
        }
        auth = map["auth"].flatMap(Self.readAuth) ?? .none
        tls = map["tls"].flatMap(Self.readTLS) ?? TLS()
        headers = map["headers"].flatMap(Self.readHeaders) ?? []
        batch = map["batch"].flatMap(Self.readBatch) ?? BatchLimits()
        gzip = (map["compression"]?.oneOf(["gzip", "none"]) ?? "gzip") == "gzip"
        timeout = map["timeout"]?.duration(in: 0.001...3600) ?? 10
        retry = map["retry"].flatMap(Self.readRetry) ?? Retry()
        map.finish()
        guard map.isValid else { return nil }
    }

    static func readURL(_ node: ConfigNode) -> String? {
        guard var url = node.nonEmptyString() else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            node.error("expected an http:// or https:// URL")
            return nil
        }
        while url.hasSuffix("/") { url.removeLast() }
        if !url.hasSuffix(pushPath) { url += pushPath }
        return url
    }

    static func readLabels(_ node: ConfigNode) -> LokiLabels? {
        guard let map = node.mapping() else { return nil }
        var pairs: [(name: String, value: String)] = []
        for (key, value) in map.entries {
            guard let text = value.string() else { continue }
            do throws(LokiLabelError) {
                _ = try LokiLabels([(key, text)])
            } catch where !error.label.isEmpty {
                value.error(error.message)
                continue
            } catch {}
            pairs.append((key, text))
        }
        guard map.isValid else { return nil }
        do throws(LokiLabelError) {
            return try LokiLabels(pairs)
        } catch {
            node.error(error.description)
            return nil
        }
    }

    static func readAuth(_ node: ConfigNode) -> Auth? {
        guard let map = node.mapping() else { return nil }
        var auth = Auth.none
        if let basic = map["basic"]?.mapping() {
            let user = basic.required("user")?.nonEmptyString()
            let password = basic.required("password")?.string()
            basic.finish()
            if let user, let password { auth = .basic(user: user, password: password) }
        }
        if let bearer = map["bearer"] {
            if case .basic = auth { bearer.error("give either basic or bearer, not both") }
            if let token = bearer.nonEmptyString() { auth = .bearer(token) }
        }
        map.finish()
        return map.isValid ? auth : nil
    }

    static func readTLS(_ node: ConfigNode) -> TLS? {
        guard let map = node.mapping() else { return nil }
        var tls = TLS()
        tls.caFile = map["ca_file"]?.filePath()
        tls.certFile = map["cert_file"]?.filePath()
        tls.keyFile = map["key_file"]?.filePath()
        tls.insecureSkipVerify = map["insecure_skip_verify"]?.bool() ?? false
        if (tls.certFile == nil) != (tls.keyFile == nil) { node.error("cert_file and key_file go together") }
        map.finish()
        return map.isValid ? tls : nil
    }

    static func readHeaders(_ node: ConfigNode) -> [LokiLabelPair]? {
        guard let map = node.mapping() else { return nil }
        var out: [LokiLabelPair] = []
        for (key, value) in map.entries {
            switch key.lowercased() {
            case "content-type", "content-encoding", "content-length":
                value.error("set by Sluice; remove it")
            case "x-scope-orgid":
                value.error("use tenant: instead")
            default:
                if let text = value.string() { out.append(LokiLabelPair(key, text)) }
            }
        }
        return map.isValid ? out : nil
    }

    static func readBatch(_ node: ConfigNode) -> BatchLimits? {
        guard let map = node.mapping() else { return nil }
        var batch = BatchLimits()
        batch.maxEvents = map["max_events"]?.int(in: 1...1_000_000) ?? batch.maxEvents
        batch.maxBytes = map["max_bytes"]?.byteSize(in: 1024...(64 << 20)) ?? batch.maxBytes
        batch.maxAge = map["max_age"]?.duration(in: 0.001...3600) ?? batch.maxAge
        map.finish()
        return map.isValid ? batch : nil
    }

    static func readRetry(_ node: ConfigNode) -> Retry? {
        guard let map = node.mapping() else { return nil }
        var retry = Retry()
        retry.initialBackoff = map["initial_backoff"]?.duration(in: 0.001...3600) ?? retry.initialBackoff
        retry.maxBackoff = map["max_backoff"]?.duration(in: 0.001...86400) ?? retry.maxBackoff
        retry.maxAttempts = map["max_attempts"]?.int(in: 0...1_000_000) ?? retry.maxAttempts
        if retry.maxBackoff < retry.initialBackoff { node.error("max_backoff is shorter than initial_backoff") }
        map.finish()
        return map.isValid ? retry : nil
    }
}

extension LokiLabels {
    /// Stands in for labels that failed validation while the rest of the options is read.
    static let placeholder: LokiLabels = try! LokiLabels([("sluice", "invalid")])
}
