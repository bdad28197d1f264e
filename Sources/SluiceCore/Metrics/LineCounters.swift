import CoreMetrics

/// The tailer's line counters, carried by a ``LineBlock`` so that the thread that cuts its
/// lines into events counts them: `sluice_tailer_lines_read_total` and
/// `sluice_tailer_lines_truncated_total` (lines longer than `max_line_bytes`, cut).
public struct LineCounters: Sendable {
    public let read: Counter
    public let truncated: Counter

    public init(_ scope: MetricsScope) {
        read = scope.counter("sluice_tailer_lines_read_total")
        truncated = scope.counter("sluice_tailer_lines_truncated_total")
    }

    /// Adds one block's (or one chunk's) totals.
    public func add(lines: Int, truncated: Int) {
        read.add(lines)
        self.truncated.add(truncated)
    }
}
