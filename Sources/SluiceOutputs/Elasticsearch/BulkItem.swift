/// What to do with one event after its `_bulk` item answered.
public enum BulkItemOutcome: Sendable, Equatable, CustomStringConvertible {
    /// Stored: 2xx, or 409 `version_conflict_engine_exception` (a replay of what already
    /// arrived under the same deterministic `_id`).
    case delivered
    /// Worth sending again later: 429 (including `cluster_block_exception` at the flood-stage
    /// watermark), any 5xx, or `es_rejected_execution_exception` or `cluster_block_exception`
    /// whatever its status (Elasticsearch 7 answered the flood-stage block with 403: a block is
    /// an operator's or the disk's condition, never a fault of the document).
    case retry
    /// Refused for good (other 4xx, e.g. 400 `document_parsing_exception`): dead-letter and
    /// count. Carries the error type only.
    case rejected(type: String)

    public var description: String {
        switch self {
        case .delivered: "delivered"
        case .retry: "retry"
        case .rejected(let type): "rejected (\(type))"
        }
    }
}

/// One item of a `_bulk` response: its action, status and error type, and what it means.
///
/// PRIVACY: Elasticsearch's error `reason` can quote the document (`Preview of field's value:
/// '…'`), so it is never read, kept or logged; only the `type` (an exception class name,
/// restricted to `[A-Za-z0-9_.]`, at most 128 bytes) and the status are.
public struct BulkItemResult: Sendable, Equatable, CustomStringConvertible {
    /// `create`, `index`, `update` or `delete`.
    public let action: String
    /// The item's HTTP status.
    public let status: Int
    /// The error's `type`, when the item failed.
    public let errorType: String?
    /// What to do with the event (derived from status and type by ``classify(status:errorType:)``).
    public let outcome: BulkItemOutcome

    public init(action: String, status: Int, errorType: String?) {
        self.action = action
        self.status = status
        self.errorType = errorType
        self.outcome = Self.classify(status: status, errorType: errorType)
    }

    /// The classification table (see ``BulkItemOutcome``).
    public static func classify(status: Int, errorType: String?) -> BulkItemOutcome {
        if (200..<300).contains(status) { return .delivered }
        if status == 409, errorType == "version_conflict_engine_exception" { return .delivered }
        if status == 429 || (500..<600).contains(status) || errorType == "es_rejected_execution_exception"
            || errorType == "cluster_block_exception"
        {
            return .retry
        }
        return .rejected(type: errorType ?? "status_\(status)")
    }

    public var description: String {
        "\(action) \(status)" + (errorType.map { " \($0)" } ?? "") + ": \(outcome)"
    }
}
