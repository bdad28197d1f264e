/// How the Elasticsearch output authenticates. Secrets come from `${ENV}` interpolation in the
/// pipeline file; ``description`` never shows them.
public enum ElasticsearchAuth: Sendable, Equatable, CustomStringConvertible {
    case none
    /// HTTP basic authentication.
    case basic(user: String, password: String)
    /// `Authorization: ApiKey <key>` (the base64 `id:api_key` Elasticsearch issues).
    case apiKey(String)
    /// `Authorization: Bearer <token>`.
    case bearer(String)

    public var description: String {
        switch self {
        case .none: "none"
        case .basic(let user, _): "basic (user \(user), password hidden)"
        case .apiKey: "api_key (hidden)"
        case .bearer: "bearer (hidden)"
        }
    }
}

/// TLS settings, handed to libcurl.
public struct ElasticsearchTLS: Sendable, Equatable {
    /// PEM bundle of the CAs to trust (default: the system's).
    public var caFile: String?
    /// Client certificate (PEM), with ``keyFile``.
    public var certFile: String?
    /// Client private key (PEM), with ``certFile``.
    public var keyFile: String?
    /// Verify the server's certificate and host name.
    public var verify: Bool = true

    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, verify: Bool = true) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.verify = verify
    }
}

/// When a batch is sent: whichever limit is reached first.
public struct ElasticsearchBatchLimits: Sendable, Equatable {
    public var maxEvents: Int = 1000
    /// Uncompressed body bytes.
    public var maxBytes: Int = 5 << 20
    /// Seconds since the batch's first event.
    public var maxAge: Double = 1

    public init(maxEvents: Int = 1000, maxBytes: Int = 5 << 20, maxAge: Double = 1) {
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        self.maxAge = maxAge
    }
}

/// Exponential backoff with jitter between attempts.
public struct ElasticsearchRetry: Sendable, Equatable {
    /// First delay, in seconds.
    public var initial: Double = 0.1
    /// Largest delay, in seconds.
    public var max: Double = 30
    /// Attempts before giving up; 0 retries forever (backpressure holds the rest).
    public var maxAttempts: Int = 0

    public init(initial: Double = 0.1, max: Double = 30, maxAttempts: Int = 0) {
        self.initial = initial
        self.max = max
        self.maxAttempts = maxAttempts
    }
}

/// Request body compression.
public enum ElasticsearchCompression: String, Sendable, Equatable {
    case gzip, none
}
