import CoreMetrics
import Synchronization
import SluiceCore

/// `metrics`: turns events into Prometheus metrics served on `/metrics` (log to metric, as
/// Promtail's `metrics` stage and Vector's `log_to_metric` do). Events pass through unchanged.
///
/// ```yaml
/// - type: metrics
///   prefix: ai_workflow_
///   max_series: 1000          # per metric; more label sets share one __overflow__ series
///   max_idle: 1h              # a series not updated this long leaves
///   metrics:
///     - { name: step_errors_total, type: counter, labels: { step: "%{[step]}" }, when: { level: error } }
///     - { name: inference_seconds, type: histogram, value: latency_ms, scale: 0.001, buckets: [0.1, 0.5, 1, 5] }
///     - { name: queue_depth, type: gauge, value: queue.depth }
/// ```
///
/// Label values come from event fields: place the stage after `redact`, and choose fields of
/// bounded cardinality (step, model, status), never ids. Values are cut to 128 bytes.
///
/// Costs one lock per batch (the scrape takes the same lock once); per event, each metric's
/// condition and a dictionary update. Its own counters:
/// `sluice_metrics_stage_series_overflow_total{metric}` (label sets folded into `__overflow__`),
/// `sluice_metrics_stage_values_missing_total{metric}` (events without a numeric value).
public final class MetricsStage: Stage, ExposesMetrics {
    public let name: String
    let metrics: [LogMetric]
    let clock: any MonotonicClock
    private let store: Mutex<LogMetricStore>
    let overflowCounters: [Counter]
    let missingCounters: [Counter]

    static let maxLabelBytes = 128

    init(options: Options, context: StageContext, clock: any MonotonicClock = SystemClock()) {
        name = context.name
        metrics = options.metrics
        self.clock = clock
        store = Mutex(LogMetricStore(metrics: options.metrics, maxIdle: options.maxIdle))
        overflowCounters = options.metrics.map { context.metrics.counter("sluice_metrics_stage_series_overflow_total", ["metric": $0.name]) }
        missingCounters = options.metrics.map { context.metrics.counter("sluice_metrics_stage_values_missing_total", ["metric": $0.name]) }
    }

    public func process(_ batch: inout Batch) {
        guard !batch.events.isEmpty else { return }
        let now = clock.now()
        let scratch = RegexScratch()
        // Counted per batch, not per event.
        var missing = Array(repeating: 0, count: metrics.count)
        var folded = Array(repeating: 0, count: metrics.count)
        var key: [UInt8] = []
        key.reserveCapacity(512)
        store.withLock { store in
            for event in batch.events {
                for (m, metric) in metrics.enumerated() {
                    if let condition = metric.condition, !condition.holds(for: event.fields, using: scratch) { continue }
                    var amount = 1.0
                    if let field = metric.value {
                        guard let number = Self.number(event.fields, field) else {
                            missing[m] += 1
                            continue
                        }
                        amount = number * metric.scale
                    }
                    key.removeAll(keepingCapacity: true)
                    for label in metric.labels {
                        if case .field(let path) = label.value { Self.appendLabelValue(path, event.fields, to: &key) }
                    }
                    if key.withUnsafeBufferPointer({ store.record(m, key: $0, amount: amount, now: now) }) { folded[m] += 1 }
                }
            }
            store.expire(now: now)
        }
        for m in metrics.indices {
            if missing[m] > 0 { missingCounters[m].add(missing[m]) }
            if folded[m] > 0 { overflowCounters[m].add(folded[m]) }
        }
    }

    public func exposition() -> String {
        let now = clock.now()
        return store.withLock { store in
            store.expire(now: now)
            return store.exposition()
        }
    }

    /// The number at `path`: a JSON number, or a string holding one.
    static func number(_ fields: JSONObject, _ path: FieldPath) -> Double? {
        let parsed: Double?? = fields.withValue(path) { kind, bytes in
            switch kind {
            case .number: return NumberBytes.parse(bytes)
            case .string: return bytes.count >= 2 ? NumberBytes.parse(UnsafeBufferPointer(rebasing: bytes.dropFirst().dropLast())) : nil
            default: return nil
            }
        }
        guard let value = parsed ?? nil, value.isFinite else { return nil }
        return value
    }

    /// Appends the value at `path` as label text (a string decoded, a number or boolean as
    /// written, nothing for objects, arrays and absent fields), cut to 128 bytes of whole
    /// UTF-8 characters, then the 0xFF separator.
    static func appendLabelValue(_ path: FieldPath, _ fields: JSONObject, to key: inout [UInt8]) {
        let start = key.count
        fields.withValue(path) { kind, raw in
            switch kind {
            case .string: if raw.count >= 2 { JSONStringCodec.decode(UnsafeBufferPointer(rebasing: raw.dropFirst().dropLast()), into: &key) }
            case .number, .bool: key.append(contentsOf: raw)
            case .object, .array, .null: break
            }
        }
        if key.count - start > maxLabelBytes {
            key.removeSubrange((start + maxLabelBytes)...)
            // Whole UTF-8 characters: drop a last one the cut left incomplete.
            var lead = key.count - 1
            while lead > start && key[lead] & 0xC0 == 0x80 { lead -= 1 }
            let b = key[lead]
            let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
            if lead + length > key.count { key.removeSubrange(lead...) }
        }
        key.append(0xFF)
    }
}
