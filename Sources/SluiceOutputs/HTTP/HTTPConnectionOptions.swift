/// How an HTTP output authenticates. Secrets come from `${ENV}` interpolation or `*_file`
/// keys in the pipeline file; ``description`` never shows them.
public enum HTTPAuth: Sendable, Equatable, CustomStringConvertible {
    case none
    /// HTTP basic authentication.
    case basic(user: String, password: String)
    /// `Authorization: ApiKey <key>` (Elasticsearch's base64 `id:api_key`).
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
public struct TLSOptions: Sendable, Equatable {
    /// PEM bundle of the CAs to trust (default: the system's).
    public var caFile: String?
    /// Client certificate (PEM), with ``keyFile``.
    public var certFile: String?
    /// Client private key (PEM), with ``certFile``.
    public var keyFile: String?
    /// Verify the server's certificate and host name.
    public var verify: Bool

    public init(caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil, verify: Bool = true) {
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
        self.verify = verify
    }
}

/// An extra request header.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Request body compression.
public enum HTTPCompression: String, Sendable, Equatable, CaseIterable {
    case gzip, none
}

/// When an output sends a batch: whichever limit is reached first.
public struct BatchLimits: Sendable, Equatable {
    public var maxEvents: Int
    /// Uncompressed body bytes (estimated from the events' line lengths).
    public var maxBytes: Int
    /// Seconds since the batch's first event.
    public var maxAge: Double

    public init(maxEvents: Int = 1000, maxBytes: Int = 5 << 20, maxAge: Double = 1) {
        self.maxEvents = maxEvents
        self.maxBytes = maxBytes
        self.maxAge = maxAge
    }
}

/// The connection settings every HTTP output shares.
public struct HTTPConnectionOptions: Sendable, Equatable {
    public var auth: HTTPAuth = .none
    public var tls = TLSOptions()
    /// Extra request headers, in file order.
    public var headers: [HTTPHeader] = []
    /// Off unless configured: gzip costs about as much CPU as everything else on the way
    /// (≈ 0.8 CPU-s per million events) to save bandwidth that is usually free inside a cluster.
    public var compression: HTTPCompression = .none
    /// Seconds for a whole request (connect, send, answer): a hung server cannot stall the
    /// output for longer (shutdown aborts a request in flight at its deadline).
    public var timeout: Double
    /// Seconds to establish a connection.
    public var connectTimeout: Double = 10

    public init(timeout: Double) {
        self.timeout = timeout
    }
}
