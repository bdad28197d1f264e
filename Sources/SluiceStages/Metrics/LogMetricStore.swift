import SluiceCore

/// The series of a `metrics` stage's metrics: values by label set, with a cap per metric
/// (label sets past it share one series labelled `__overflow__`, counted) and idle expiry
/// (a series not updated for `maxIdle` seconds leaves, e.g. a finished workflow's).
///
/// Series are found by their label values' bytes (FNV-1a, then compared), so recording into
/// an existing series allocates nothing; label strings are made once, for a new series.
/// Not thread-safe: ``MetricsStage`` guards it, taken once per batch by the worker and once
/// per scrape by the API.
struct LogMetricStore {
    struct Series {
        /// The label values' bytes, each followed by 0xFF (never in UTF-8).
        var key: [UInt8]
        var labels: [String]
        var value = 0.0
        /// Histogram: observations per bucket (not cumulative), the last for `+Inf`.
        var bucketCounts: [UInt64]
        var sum = 0.0
        var count: UInt64 = 0
        var lastUpdate: Double
    }

    struct Family {
        var series: [Series] = []
        /// Key hash → indices into `series`.
        var index: [UInt64: [Int]] = [:]
    }

    let metrics: [LogMetric]
    let maxIdle: Double?
    private(set) var families: [Family]
    private var lastExpiry = -Double.infinity

    static let overflowValue = "__overflow__"

    init(metrics: [LogMetric], maxIdle: Double?) {
        self.metrics = metrics
        self.maxIdle = maxIdle
        families = Array(repeating: Family(), count: metrics.count)
    }

    /// Applies `amount` to metric `m`'s series whose label values are `key` (see
    /// ``Series/key``). Returns true when the label set was new past the cap and went to the
    /// overflow series.
    @discardableResult
    mutating func record(_ m: Int, key: UnsafeBufferPointer<UInt8>, amount: Double, now: Double) -> Bool {
        let hash = FNV1a.hash(UnsafeRawBufferPointer(key))
        var at = families[m].index[hash]?.first { families[m].series[$0].key.elementsEqual(key) }
        var overflowed = false
        if at == nil {
            if families[m].series.count < metrics[m].maxSeries {
                at = add(m, key: Array(key), hash: hash, now: now)
            } else {
                overflowed = true
                let labels = metrics[m].labels.count
                var overflowKey: [UInt8] = []
                for _ in 0..<labels { overflowKey += Array(Self.overflowValue.utf8) + [0xFF] }
                let overflowHash = FNV1a.hash(overflowKey.withUnsafeBytes { $0 })
                at = families[m].index[overflowHash]?.first { families[m].series[$0].key == overflowKey }
                    ?? add(m, key: overflowKey, hash: overflowHash, now: now)
            }
        }
        apply(m, at!, amount, now)
        return overflowed
    }

    private mutating func add(_ m: Int, key: [UInt8], hash: UInt64, now: Double) -> Int {
        var labels = key.split(separator: 0xFF, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
        // Fixed labels are not part of the key: put their text in their places.
        var fieldLabel = 0
        labels = metrics[m].labels.map { label in
            if case .fixed(let text) = label.value { return text }
            defer { fieldLabel += 1 }
            return fieldLabel < labels.count ? labels[fieldLabel] : ""
        }
        let buckets = metrics[m].kind == .histogram ? Array(repeating: UInt64(0), count: metrics[m].buckets.count + 1) : []
        families[m].series.append(Series(key: key, labels: labels, bucketCounts: buckets, lastUpdate: now))
        let at = families[m].series.count - 1
        families[m].index[hash, default: []].append(at)
        return at
    }

    private mutating func apply(_ m: Int, _ at: Int, _ amount: Double, _ now: Double) {
        let metric = metrics[m]
        families[m].series[at].lastUpdate = now
        switch metric.kind {
        case .counter:
            families[m].series[at].value += amount
        case .gauge:
            switch metric.gaugeAction {
            case .set: families[m].series[at].value = amount
            case .inc: families[m].series[at].value += amount
            case .dec: families[m].series[at].value -= amount
            }
        case .histogram:
            let bucket = metric.buckets.firstIndex { amount <= $0 } ?? metric.buckets.count
            families[m].series[at].bucketCounts[bucket] += 1
            families[m].series[at].sum += amount
            families[m].series[at].count += 1
        }
    }

    /// Drops series idle for longer than `maxIdle` (at most once a second).
    mutating func expire(now: Double) {
        guard let maxIdle, now - lastExpiry >= 1 else { return }
        lastExpiry = now
        for m in families.indices where families[m].series.contains(where: { now - $0.lastUpdate > maxIdle }) {
            let kept = families[m].series.filter { now - $0.lastUpdate <= maxIdle }
            families[m].series = kept
            families[m].index = [:]
            for (i, series) in kept.enumerated() {
                families[m].index[FNV1a.hash(series.key.withUnsafeBytes { $0 }), default: []].append(i)
            }
        }
    }

    /// The families in the text exposition format.
    func exposition() -> String {
        var out = ""
        for (m, metric) in metrics.enumerated() {
            out += "# HELP \(metric.name) \(metric.help)\n# TYPE \(metric.name) \(metric.kind.rawValue)\n"
            for entry in families[m].series.sorted(by: { $0.labels.lexicographicallyPrecedes($1.labels) }) {
                let pairs = zip(metric.labels.map(\.name), entry.labels).map { "\($0)=\"\(PrometheusText.labelValue($1))\"" }
                switch metric.kind {
                case .counter, .gauge:
                    out += "\(metric.name)\(Self.braces(pairs)) \(PrometheusText.number(entry.value))\n"
                case .histogram:
                    var cumulative: UInt64 = 0
                    for (i, bound) in (metric.buckets.map(PrometheusText.number) + ["+Inf"]).enumerated() {
                        cumulative += entry.bucketCounts[i]
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
