/// Why Loki refuses (or would refuse) an entry. Content-free: safe to log and count.
public enum LokiRefusalReason: String, Sendable, Equatable, CaseIterable {
    /// Older than `reject_old_samples_max_age` (168 h by default).
    case tooOld = "too_old"
    /// More than `creation_grace_period` (10 min by default) in the future.
    case tooNew = "too_new"
    /// Older than the newest entry of its stream by more than `max_chunk_age / 2`.
    case tooFarBehind = "too_far_behind"
    /// The line is longer than `max_line_size` (256 KB by default).
    case lineTooLong = "line_too_long"
    /// More structured metadata entries or bytes than Loki allows.
    case metadataTooLarge = "metadata_too_large"
    /// Loki could not read the request at all (bad JSON, bad label, wrong content type):
    /// nothing of the batch was stored.
    case invalidRequest = "invalid_request"
    /// A 400 whose text names no reason Sluice knows.
    case unknown = "unknown"
}

/// What to do with a line longer than ``LokiLimits/maxLineBytes``.
public enum LokiLineTooLongPolicy: String, Sendable, Equatable {
    /// Write the event to the dead-letter file (`line_too_long`).
    case deadLetter = "dead_letter"
    /// Send the first `maxLineBytes` bytes, cut on a UTF-8 character boundary (the line is
    /// then no longer a whole JSON document).
    case truncate = "truncate"
}

/// The verdict on one entry before sending.
public enum LokiLimitVerdict: Sendable, Equatable {
    /// Send as it is.
    case send
    /// Send the first `bytes` bytes of the line.
    case truncate(bytes: Int)
    /// Do not send: dead-letter with this reason.
    case refuse(LokiRefusalReason)
}

/// Loki's default per-entry limits, checked before sending so that entries Loki would refuse
/// are dead-lettered without a round trip. Out-of-order refusals (`too_far_behind`) depend on
/// what the server already holds and can only be learnt from its answer (``LokiResponse``).
/// The label-count limit is enforced on the configuration (``LokiLabels``).
public struct LokiLimits: Sendable, Equatable {
    /// One second in nanoseconds.
    public static let second: Int64 = 1_000_000_000
    /// Entries older than this (ns) before now are refused (Loki: `reject_old_samples_max_age`).
    public var maxAge: Int64 = 168 * 3600 * second
    /// Entries newer than now plus this (ns) are refused (Loki: `creation_grace_period`).
    public var maxFuture: Int64 = 600 * second
    /// Longest line Loki accepts (Loki: `max_line_size`).
    public var maxLineBytes = 262_144
    /// What to do with a longer line.
    public var onLineTooLong: LokiLineTooLongPolicy = .deadLetter
    /// Most structured metadata entries per entry (Loki: `max_structured_metadata_entries_count`).
    public var maxMetadataEntries = 128
    /// Most structured metadata bytes (names and values) per entry (Loki: `max_structured_metadata_size`).
    public var maxMetadataBytes = 65_536

    /// Loki's defaults.
    public init() {}

    /// The verdict for an entry at `timestamp` (ns since the epoch) with a line of `lineBytes`
    /// bytes and the given structured metadata, at `now` (ns since the epoch).
    public func check(timestamp: Int64, lineBytes: Int, metadataEntries: Int, metadataBytes: Int, now: Int64) -> LokiLimitVerdict {
        if timestamp < now &- maxAge { return .refuse(.tooOld) }
        if timestamp > now &+ maxFuture { return .refuse(.tooNew) }
        if metadataEntries > maxMetadataEntries || metadataBytes > maxMetadataBytes { return .refuse(.metadataTooLarge) }
        if lineBytes > maxLineBytes {
            return onLineTooLong == .truncate ? .truncate(bytes: maxLineBytes) : .refuse(.lineTooLong)
        }
        return .send
    }
}
