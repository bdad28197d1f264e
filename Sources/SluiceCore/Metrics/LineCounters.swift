import CoreMetrics

/// The tailer's line counters, carried by a ``LineBlock`` so that the thread that cuts its
/// lines into events counts them: `sluice_tailer_lines_read_total` and
/// `sluice_tailer_lines_truncated_total` (lines longer than `max_line_bytes`, cut), and with
/// a source, `sluice_source_lines_read_total{source}` too.
public struct LineCounters: Sendable {
    public let read: Counter
    public let truncated: Counter
    /// The same lines counted for their source.
    let sourceRead: Counter?

    public init(_ scope: MetricsScope) {
        read = scope.counter("sluice_tailer_lines_read_total")
        truncated = scope.counter("sluice_tailer_lines_truncated_total")
        sourceRead = nil
    }

    /// These counters, also counting for `source`.
    public init(_ all: LineCounters, source: String, in scope: MetricsScope) {
        read = all.read
        truncated = all.truncated
        sourceRead = scope.counter("sluice_source_lines_read_total", ["source": source])
    }

    /// Adds one block's (or one chunk's) totals.
    public func add(lines: Int, truncated: Int) {
        read.add(lines)
        sourceRead?.add(lines)
        self.truncated.add(truncated)
    }
}
