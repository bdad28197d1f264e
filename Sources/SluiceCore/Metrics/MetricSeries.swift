/// One label of a metric series: a dimension's name and its value.
///
/// Values name where something happened or which kind it was (`stages[0]`, `parse_json`,
/// `sampled_out`, `429`); they never hold event content.
public struct MetricLabel: Sendable, Hashable, Comparable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public static func < (a: Self, b: Self) -> Bool { (a.name, a.value) < (b.name, b.value) }
}

/// One series as read back in process (see ``MetricsRegistry/series()``): its family name,
/// its labels, and its value.
public struct MetricSeries: Sendable, Equatable {
    /// What a series measures, as Prometheus types it.
    public enum Kind: String, Sendable {
        /// Only ever grows (`…_total`).
        case counter
        /// Goes up and down: the last value set.
        case gauge
        /// A distribution: how many values were observed and their sum.
        case histogram
    }

    /// The family, e.g. `sluice_stage_events_dropped_total`.
    public var name: String
    /// Sorted by name.
    public var labels: [MetricLabel]
    public var kind: Kind
    /// A counter's total, a gauge's value, a histogram's sum.
    public var value: Double
    /// A histogram's number of observations (0 for counters and gauges).
    public var count: Int

    public init(name: String, labels: [MetricLabel], kind: Kind, value: Double, count: Int = 0) {
        self.name = name
        self.labels = labels
        self.kind = kind
        self.value = value
        self.count = count
    }

    /// The value of the label `name`, if the series has it.
    public func label(_ name: String) -> String? {
        labels.first { $0.name == name }?.value
    }

    /// Whether every label of `wanted` is one of the series' (other labels may be there too).
    public func has(_ wanted: [String: String]) -> Bool {
        wanted.allSatisfy { label($0.key) == $0.value }
    }

    /// The series as Prometheus names it, `name{a="x",b="y"}` (just `name` without labels),
    /// leaving out the labels named in `omitting`.
    public func selector(omitting: Set<String> = []) -> String {
        let shown = labels.filter { !omitting.contains($0.name) }
        guard !shown.isEmpty else { return name }
        return name + "{" + shown.map { "\($0.name)=\"\(PrometheusText.labelValue($0.value))\"" }.joined(separator: ",") + "}"
    }
}

extension MetricSeries {
    /// True when nothing was recorded (or a gauge reads 0).
    public var isZero: Bool { value == 0 && count == 0 }

    /// The series as the samples Prometheus shows, `(selector, value)`: one for a counter or
    /// a gauge, `name_count` and `name_sum` for a histogram; labels named in `omitting` left
    /// out. For the closing log line and the dry-run counter report.
    public func samples(omitting: Set<String> = []) -> [(name: String, value: String)] {
        switch kind {
        case .counter, .gauge:
            return [(selector(omitting: omitting), Self.format(value))]
        case .histogram:
            var count = self
            count.name += "_count"
            var sum = self
            sum.name += "_sum"
            return [(count.selector(omitting: omitting), String(self.count)), (sum.selector(omitting: omitting), Self.format(value))]
        }
    }

    /// Whole numbers without a fraction (counters are whole), others as Swift prints them.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
