import SluiceCore

/// The series of a `metrics` stage's metrics: values by label set, with a cap per metric
/// (label sets past it share one series labelled `__overflow__`, counted) and idle expiry
/// (a series not updated for `maxIdle` seconds leaves, e.g. a finished workflow's).
///
/// Not thread-safe: ``MetricsStage`` guards it, taken once per batch by the worker and once
/// per scrape by the API.
struct LogMetricStore {
    struct Series {
        var value = 0.0
        /// Histogram: observations per bucket (not cumulative), the last for `+Inf`.
        var bucketCounts: [UInt64] = []
        var sum = 0.0
        var count: UInt64 = 0
        var lastUpdate: Double
    }

    let metrics: [LogMetric]
    let maxIdle: Double?
    /// Per metric: label values (joined) → series.
    private(set) var series: [[[String]: Series]]
    /// Per metric: label sets that went to the overflow series.
    private(set) var overflowed: [UInt64]
    private var lastExpiry = -Double.infinity

    static let overflowValue = "__overflow__"

    init(metrics: [LogMetric], maxIdle: Double?) {
        self.metrics = metrics
        self.maxIdle = maxIdle
        series = Array(repeating: [:], count: metrics.count)
        overflowed = Array(repeating: 0, count: metrics.count)
    }

    /// Applies `amount` to metric `m`'s series for `labels`.
    mutating func record(_ m: Int, labels: [String], amount: Double, now: Double) {
        var key = labels
        if series[m][key] == nil && series[m].count >= metrics[m].maxSeries {
            key = Array(repeating: Self.overflowValue, count: labels.count)
            if series[m][key] == nil { series[m][key] = Series(lastUpdate: now) }
            overflowed[m] += 1
        }
        let metric = metrics[m]
        var entry = series[m][key] ?? Series(lastUpdate: now)
        entry.lastUpdate = now
        switch metric.kind {
        case .counter:
            entry.value += amount
        case .gauge:
            switch metric.gaugeAction {
            case .set: entry.value = amount
            case .inc: entry.value += amount
            case .dec: entry.value -= amount
            }
        case .histogram:
            if entry.bucketCounts.isEmpty { entry.bucketCounts = Array(repeating: 0, count: metric.buckets.count + 1) }
            let bucket = metric.buckets.firstIndex { amount <= $0 } ?? metric.buckets.count
            entry.bucketCounts[bucket] += 1
            entry.sum += amount
            entry.count += 1
        }
        series[m][key] = entry
    }

    /// Drops series idle for longer than `maxIdle` (at most once a second).
    mutating func expire(now: Double) {
        guard let maxIdle, now - lastExpiry >= 1 else { return }
        lastExpiry = now
        for m in series.indices {
            series[m] = series[m].filter { now - $0.value.lastUpdate <= maxIdle }
        }
    }

    /// The families in the text exposition format.
    func exposition() -> String {
        var out = ""
        for (m, metric) in metrics.enumerated() {
            out += "# HELP \(metric.name) \(metric.help)\n# TYPE \(metric.name) \(metric.kind.rawValue)\n"
            for (labels, entry) in series[m].sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                let pairs = zip(metric.labels.map(\.name), labels).map { "\($0)=\"\(PrometheusText.labelValue($1))\"" }
                switch metric.kind {
                case .counter, .gauge:
                    out += "\(metric.name)\(Self.braces(pairs)) \(PrometheusText.number(entry.value))\n"
                case .histogram:
                    var cumulative: UInt64 = 0
                    for (i, bound) in (metric.buckets.map(PrometheusText.number) + ["+Inf"]).enumerated() {
                        cumulative += entry.bucketCounts.isEmpty ? 0 : entry.bucketCounts[i]
                        out += "\(metric.name)_bucket\(Self.braces(pairs + ["le=\"\(bound)\""])) \(cumulative)\n"
                    }
                    out += "\(metric.name)_sum\(Self.braces(pairs)) \(PrometheusText.number(entry.sum))\n"
                    out += "\(metric.name)_count\(Self.braces(pairs)) \(entry.count)\n"
                }
            }
        }
        return out
    }

    static func braces(_ pairs: [String]) -> String {
        pairs.isEmpty ? "" : "{" + pairs.joined(separator: ",") + "}"
    }
}
