import SluiceCore

/// One metric of a `metrics` stage, as configured: what it counts, from which field, with
/// which labels, for which events.
public struct LogMetric: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case counter, gauge, histogram
    }

    /// What a gauge does with the value: set it, or add or subtract it (1 without `value`).
    public enum GaugeAction: String, Sendable, CaseIterable {
        case set, inc, dec
    }

    /// A label's value: a field of the event, or a fixed text.
    public enum LabelValue: Sendable, Equatable {
        case field(FieldPath)
        case fixed(String)
    }

    /// The full name (prefix included).
    public var name: String
    public var kind: Kind
    public var help: String
    /// Labels in name order.
    public var labels: [(name: String, value: LabelValue)]
    /// The field whose number is added (counter), set (gauge) or observed (histogram); nil:
    /// a counter counts events, a gauge moves by 1.
    public var value: FieldPath?
    /// Multiplies the value (a unit conversion, e.g. 0.001 for ms → s).
    public var scale: Double
    public var gaugeAction: GaugeAction
    /// Histogram upper bounds, ascending (`+Inf` is implied).
    public var buckets: [Double]
    public var condition: Condition?
    public var maxSeries: Int
}
