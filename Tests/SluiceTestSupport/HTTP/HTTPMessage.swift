/// One request as the loopback server received it.
public struct HTTPRequest: Sendable {
    /// Which accepted connection carried it (numbered from 1 per server): equal numbers on two
    /// requests mean the client reused a keep-alive connection.
    public var connectionID: Int
    public var method: String
    /// The request target as sent: path and query (`/_bulk?pipeline=x`).
    public var target: String
    /// Header names lowercased; repeated headers joined with ", ".
    public var headers: [String: String]
    /// The body after removing chunked framing and `Content-Encoding: gzip`.
    public var body: [UInt8]
    /// The body's size on the wire (after de-chunking, before gunzip).
    public var rawBodySize: Int

    /// The target without its query.
    public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

    /// The query string (after `?`), or nil without one.
    public var query: String? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    /// The value of a query parameter (`pipeline` in `?pipeline=x`).
    public func queryItem(_ name: String) -> String? {
        for pair in (query ?? "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv.first.map(String.init) == name { return kv.count == 2 ? String(kv[1]) : "" }
        }
        return nil
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The decoded body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What the handler decides to do with a request.
public enum HTTPReply: Sendable {
    /// Answer with a status, headers and body; `Content-Length` is always added.
    case respond(status: Int, headers: [String: String], body: [UInt8])
    /// Never answer; keep the connection open until the client closes it or the server stops.
    case hang
    /// Close the connection without answering.
    case close

    /// A reply with a UTF-8 text body.
    public static func text(_ status: Int, _ body: String, contentType: String = "text/plain; charset=utf-8",
                            headers: [String: String] = [:]) -> HTTPReply {
        var all = headers
        all["Content-Type"] = contentType
        return .respond(status: status, headers: all, body: Array(body.utf8))
    }
}

/// Reason phrases for the status line.
enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 409: "Conflict"
        case 413: "Request Entity Too Large"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
