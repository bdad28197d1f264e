import Synchronization

/// One redaction as `sluice dry-run --explain` shows it.
///
/// Holds ORIGINAL event content: it exists only for local debugging, is never logged, and is
/// only collected when a recorder is attached (dry runs with `--explain`).
public struct Redaction: Sendable, Equatable {
    /// The event's origin (file id and offset), to line it up with its input line.
    public var origin: Origin
    /// The stage, e.g. `stages[1] (redact)`.
    public var stage: String
    /// The rule (`email`, `sensitive_key`, `field`, `truncated`, …).
    public var rule: String
    /// Where in the event, e.g. `msg` or `user.contacts[].email`.
    public var path: String
    /// The value or part of a value that was replaced (decoded bytes).
    public var original: [UInt8]
    /// What replaced it (empty for a dropped field).
    public var replacement: [UInt8]

    public init(origin: Origin, stage: String, rule: String, path: String, original: [UInt8], replacement: [UInt8]) {
        self.origin = origin
        self.stage = stage
        self.rule = rule
        self.path = path
        self.original = original
        self.replacement = replacement
    }
}

/// Collects ``Redaction``s for `--explain`. Handed to the stages (``StageContext/redactions``)
/// only for local debugging; redaction stages record into it once per batch.
public final class RedactionRecorder: Sendable {
    private let items = Mutex<[Redaction]>([])

    public init() {}

    /// Adds one batch's redactions.
    public func append(_ batch: [Redaction]) {
        guard !batch.isEmpty else { return }
        items.withLock { $0.append(contentsOf: batch) }
    }

    /// Returns and forgets everything recorded so far.
    public func take() -> [Redaction] {
        items.withLock { items in
            defer { items.removeAll() }
            return items
        }
    }
}
