/// A label name and value of a stream as sent.
public struct LokiLabelPair: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One entry as sent: which event it came from, its timestamp and line length.
public struct LokiSentEntry: Sendable, Equatable {
    /// Index into the batch given to ``LokiPushEncoder/encode(_:now:into:)``.
    public var eventIndex: Int
    /// Nanoseconds since the epoch.
    public var timestamp: Int64
    /// Bytes of the line as sent.
    public var lineBytes: Int
}

/// One stream as sent, its entries in the order sent (by timestamp).
public struct LokiSentStream: Sendable, Equatable {
    public var labels: [LokiLabelPair]
    public var entries: [LokiSentEntry]
}

/// What a push body holds, to map Loki's answer back to events. The same for a batch
/// whichever ``LokiEncoding`` writes the body.
public struct LokiPushSummary: Sendable, Equatable {
    /// The streams in body order.
    public var streams: [LokiSentStream] = []
    /// Events put in the overflow stream because the batch already had `max_streams` streams.
    public var overflowCount = 0
    /// Events not sent, with the limit they break (dead-letter them).
    public var refused: [(eventIndex: Int, reason: LokiRefusalReason)] = []
    /// Events whose line was cut to Loki's line limit.
    public var truncatedCount = 0

    /// Number of entries in the body.
    public var entryCount: Int { streams.reduce(0) { $0 + $1.entries.count } }

    public static func == (a: Self, b: Self) -> Bool {
        a.streams == b.streams && a.overflowCount == b.overflowCount && a.truncatedCount == b.truncatedCount
            && a.refused.map(\.eventIndex) == b.refused.map(\.eventIndex) && a.refused.map(\.reason) == b.refused.map(\.reason)
    }
}
