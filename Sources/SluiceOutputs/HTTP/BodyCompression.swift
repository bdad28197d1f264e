/// How an HTTP output compresses its request bodies, and what the request declares about it.
///
/// | case | compressor | header |
/// | --- | --- | --- |
/// | ``none`` | — | — |
/// | ``gzip`` (`compression: gzip`) | ``GzipCompressor`` | `Content-Encoding: gzip` |
/// | ``snappy`` (Loki's `encoding: protobuf`) | ``SnappyCompressor`` (block format) | none: the content type implies it |
public enum BodyCompression: Sendable, Equatable {
    case none
    case gzip
    case snappy

    /// What the shared `compression:` key asks for.
    public init(_ configured: HTTPCompression) {
        switch configured {
        case .none: self = .none
        case .gzip: self = .gzip
        }
    }

    /// The `Content-Encoding` header to send; nil for none.
    public var contentEncoding: String? {
        self == .gzip ? "gzip" : nil
    }

    /// A compressor (reused across requests), or nil when bodies go out as encoded.
    public func makeCompressor() -> (any RequestBodyCompressor)? {
        switch self {
        case .none: nil
        case .gzip: GzipCompressor()
        case .snappy: SnappyCompressor()
        }
    }
}

/// Compresses one whole request body at a time into a buffer the caller reuses.
public protocol RequestBodyCompressor {
    /// Replaces `out` with the compressed form of `input`.
    func compress(_ input: [UInt8], into out: inout [UInt8])
}
