import SluiceCore

/// What the API serves, supplied by the runtime: each answer is computed from what the
/// pipeline already counts, never from event content.
public protocol APIRoutes: Sendable {
    /// `GET /metrics`: the Prometheus text exposition.
    func metrics() -> String
    /// `GET /health`: liveness.
    func health() -> APIResponse
    /// `GET /ready`: readiness.
    func ready() -> APIResponse
    /// `POST /-/reload`: reads the pipeline file again and applies it. May block until the
    /// swap is done: it runs off the server's event loop.
    func reload() -> APIResponse
}

/// An answer: status, content type and body.
public struct APIResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String = "application/json", body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// A JSON answer with status `status`; `body` is JSON text the caller built (strings
    /// quoted with ``JSONText/quoted(_:)``).
    public static func json(_ status: Int, _ body: String) -> APIResponse {
        APIResponse(status: status, body: body)
    }

    /// A one-field JSON error, `{"error":"<message>"}`.
    public static func error(_ status: Int, _ message: String) -> APIResponse {
        APIResponse(status: status, body: #"{"error":"# + JSONText.quoted(message) + "}")
    }
}

/// JSON string literals for the API's small answers.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        JSONStringCodec.appendQuoted(Array(text.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
