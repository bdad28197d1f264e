/// The body format of a Loki push request (`encoding:`).
///
/// | encoding | body | headers |
/// | --- | --- | --- |
/// | `protobuf` (default) | `logproto.PushRequest`, snappy block format (as Promtail and Grafana Alloy send it) | `Content-Type: application/x-protobuf`, no `Content-Encoding` |
/// | `json` | `{"streams":[{"stream":{…},"values":[["<ns>","<line>",{…}]]}]}`, gzipped with `compression: gzip` | `Content-Type: application/json` |
public enum LokiEncoding: String, Sendable, Equatable, CaseIterable {
    case json
    case protobuf

    /// The request's `Content-Type`.
    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .protobuf: "application/x-protobuf"
        }
    }
}
