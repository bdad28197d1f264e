import SluiceCore

/// Why a whole request must be sent again.
public enum BulkRetryReason: Sendable, Equatable, CustomStringConvertible {
    /// HTTP 429 or 5xx, with the body's `error.type` when it had one.
    case status(Int, errorType: String?)
    /// A 2xx whose item count differs from the request's: items cannot be matched to events,
    /// so none is trusted (replays are idempotent thanks to the deterministic `_id`).
    case itemCountMismatch(expected: Int, received: Int)
    /// A 2xx body that is not a `_bulk` response (not JSON, no `items` array, an item without
    /// an action or a status): e.g. a proxy page or a wrong URL path.
    case notABulkResponse(String)

    public var description: String {
        switch self {
        case .status(let status, let type): "HTTP \(status)" + (type.map { " \($0)" } ?? "")
        case .itemCountMismatch(let expected, let received):
            "the response has \(received) items for \(expected) requested"
        case .notABulkResponse(let why): "not a _bulk response (\(why))"
        }
    }
}

/// The meaning of a whole `_bulk` HTTP response.
///
/// | HTTP | body | result |
/// | --- | --- | --- |
/// | 2xx | `"errors":false` and an `items` array | ``allDelivered`` |
/// | 2xx | `"errors":true`, `items`, one per event | ``items(errors:_:)``, each item classified |
/// | 2xx | wrong item count / not a bulk body | ``retryAll(_:)`` |
/// | 413 | any | ``splitBatch`` (over `http.max_content_length`) |
/// | 429, 5xx | any | ``retryAll(_:)`` with `error.type` |
/// | other (400, 401, 403, 404…) | `{"error":{"type":…}}` | ``requestFailed(status:errorType:)`` |
///
/// A request-level failure (bad credentials, a malformed body) concerns every event alike:
/// the output decides whether to keep retrying with backoff (credentials can be fixed) or stop;
/// events are not dead-lettered for it. Reasons are never read (see ``BulkItemResult``).
public enum BulkResponse: Sendable, Equatable, CustomStringConvertible {
    /// `errors: false` with an `items` array: Elasticsearch's own word that every item
    /// succeeded, so the items are not read (cheaper; and sinks that answer
    /// `{"errors":false,"items":[]}` are taken at their word).
    case allDelivered
    /// Per-item results in request order; `errors` is the response's own flag.
    case items(errors: Bool, [BulkItemResult])
    /// The request was too large (413): send each half separately.
    case splitBatch
    /// Send the whole request again after a backoff.
    case retryAll(BulkRetryReason)
    /// The request as a whole was refused.
    case requestFailed(status: Int, errorType: String?)

    /// Classifies a response to a request of `expectedItems` events.
    public static func parse(status: Int, body: [UInt8], expectedItems: Int) -> BulkResponse {
        switch status {
        case 200..<300:
            return parseItems(body, expectedItems: expectedItems)
        case 413:
            return .splitBatch
        case 429, 500..<600:
            return .retryAll(.status(status, errorType: requestErrorType(body)))
        default:
            return .requestFailed(status: status, errorType: requestErrorType(body))
        }
    }

    public var description: String {
        switch self {
        case .items(let errors, let items):
            let retry = items.count(where: { $0.outcome == .retry })
            let rejected = items.count(where: { if case .rejected = $0.outcome { true } else { false } })
            return "\(items.count) items (errors: \(errors)): \(items.count - retry - rejected) delivered, "
                + "\(retry) to retry, \(rejected) rejected"
        case .allDelivered: return "all delivered (errors: false)"
        case .splitBatch: return "HTTP 413: request too large; split the batch"
        case .retryAll(let reason): return "retry all: \(reason)"
        case .requestFailed(let status, let type):
            return "request failed: HTTP \(status)" + (type.map { " \($0)" } ?? "")
        }
    }

    static let errorsKey: FieldKey = "errors"
    static let itemsKey: FieldKey = "items"
    static let statusKey: FieldKey = "status"
    static let errorTypePath = FieldPath("[error][type]")!
    static let actions: [FieldKey] = ["create", "index", "update", "delete"]

    static func parseItems(_ body: [UInt8], expectedItems: Int) -> BulkResponse {
        guard let top = try? JSONObject(parsing: body[...]) else { return .retryAll(.notABulkResponse("not a JSON object")) }
        guard let itemsIndex = top.index(of: itemsKey), top.withValue(at: itemsIndex, { kind, _ in kind }) == .array else {
            return .retryAll(.notABulkResponse("no items array"))
        }
        let errors = top.index(of: errorsKey).map { top.withValue(at: $0) { _, raw in raw.elementsEqual("true".utf8) } } ?? false
        let saysNoErrors = top.index(of: errorsKey).map { top.withValue(at: $0) { _, raw in raw.elementsEqual("false".utf8) } } ?? false
        if saysNoErrors { return .allDelivered }
        var results: [BulkItemResult] = []
        results.reserveCapacity(expectedItems)
        var bad: String?
        let scanned: Void? = top.withValue(at: itemsIndex) { _, raw in
            try? JSONScanner.forEachElement(ofArray: raw) { kind, element in
                guard bad == nil else { return }
                guard kind == .object else {
                    bad = "an item is not an object"
                    return
                }
                switch parseItem(element) {
                case .success(let item): results.append(item)
                case .failure(let why): bad = why.text
                }
            }
        }
        if scanned == nil { return .retryAll(.notABulkResponse("items is not valid JSON")) }
        if let bad { return .retryAll(.notABulkResponse(bad)) }
        guard results.count == expectedItems else {
            return .retryAll(.itemCountMismatch(expected: expectedItems, received: results.count))
        }
        return .items(errors: errors, results)
    }

    struct Malformed: Error {
        var text: String
    }

    /// `{"<action>":{"status":…,"error":{"type":…}}}`
    static func parseItem(_ element: UnsafeBufferPointer<UInt8>) -> Result<BulkItemResult, Malformed> {
        guard let item = try? JSONObject(parsing: ArraySlice(element)) else {
            return .failure(Malformed(text: "an item is not a JSON object"))
        }
        guard item.count == 1, let action = actions.first(where: { item.index(of: $0) != nil }) else {
            return .failure(Malformed(text: "an item does not hold exactly one known action"))
        }
        guard item.withValue(at: 0, { kind, _ in kind }) == .object,
            let inner = item.withValue(at: 0, { _, raw in try? JSONObject(parsing: ArraySlice(raw)) }) ?? nil
        else {
            return .failure(Malformed(text: "an item's \(action) is not an object"))
        }
        guard let statusIndex = inner.index(of: statusKey),
            let status = inner.withValue(at: statusIndex, { kind, raw in kind == .number ? parseStatus(raw) : nil })
        else {
            return .failure(Malformed(text: "an item has no numeric status"))
        }
        return .success(BulkItemResult(action: action.description, status: status, errorType: errorType(in: inner)))
    }

    /// `error.type` of a request-level error body, when it is JSON with one.
    static func requestErrorType(_ body: [UInt8]) -> String? {
        guard let top = try? JSONObject(parsing: body[...]) else { return nil }
        return errorType(in: top)
    }

    /// `error.type` when it is a safe identifier; `error` as a bare string (old versions) is
    /// a reason, not a type, and is ignored.
    static func errorType(in object: JSONObject) -> String? {
        object.withValue(errorTypePath) { kind, raw -> String? in
            guard kind == .string, raw.count >= 2, raw.count - 2 <= 128 else { return nil }
            let inner = raw[(raw.startIndex + 1)..<(raw.endIndex - 1)]
            guard !inner.isEmpty, inner.allSatisfy(isTypeByte) else { return nil }
            return String(decoding: inner, as: UTF8.self)
        } ?? nil
    }

    static func isTypeByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }

    /// A status written as a plain integer of at most three digits.
    static func parseStatus(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !raw.isEmpty, raw.count <= 3 else { return nil }
        var value = 0
        for b in raw {
            guard b &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(b &- UInt8(ascii: "0"))
        }
        return value
    }
}
