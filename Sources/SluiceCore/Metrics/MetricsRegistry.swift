import CoreMetrics

/// The metrics of one pipeline (or one dry run, or one test): the swift-metrics factory that
/// every component's handles come from, and their values read back in process.
///
/// ```
///  component ── Counter(label:dimensions:factory:) ──▶ SeriesLimiter ──▶ MultiplexMetricsHandler
///   (handles made once,                               (series per family    ├─▶ InProcessMetrics: read back here
///    incremented per batch)                            capped)               └─▶ backends: Prometheus (the runner's)
/// ```
///
/// Nothing goes through swift-metrics' global `MetricsSystem`: the factory is passed
/// explicitly (``MetricsScope``, in ``StageContext`` and ``OutputContext``), so tests and
/// dry runs each have registries of their own.
///
/// Names follow Prometheus conventions: `sluice_<subsystem>_<what>_total` for counters,
/// units in the name (`_bytes`, `_seconds`), no `_total` on gauges and histograms. Label
/// values name parts of the pipeline and kinds of outcome; they never hold event content.
public final class MetricsRegistry: Sendable {
    /// Series each family may have before new label sets share its overflow series.
    public static let defaultSeriesLimit = 500

    /// Where components make their handles.
    public let factory: any MetricsFactory
    private let values: InProcessMetrics

    /// A registry whose values are kept in process and also handed to `backends` (each a
    /// swift-metrics factory, e.g. swift-prometheus's `PrometheusMetricsFactory`), with at
    /// most `seriesLimit` series per family.
    public init(seriesLimit: Int = defaultSeriesLimit, backends: [any MetricsFactory] = []) {
        let values = InProcessMetrics()
        self.values = values
        let upstream: any MetricsFactory = backends.isEmpty ? values : MultiplexMetricsHandler(factories: [values] + backends)
        factory = SeriesLimiter(upstream: upstream, limit: seriesLimit)
    }

    /// A scope whose handles carry `dimensions` (e.g. `component`, `type`).
    public func scope(_ dimensions: KeyValuePairs<String, String> = [:]) -> MetricsScope {
        MetricsScope(factory: factory, dimensions: dimensions.map { ($0.key, $0.value) })
    }

    /// Every series, sorted by name, then labels.
    public func series() -> [MetricSeries] {
        values.series()
    }

    /// Every series that recorded something, as the samples Prometheus shows
    /// (`name{labels}`, value; a histogram as `_count` and `_sum`): the closing log line.
    public func samples() -> [(name: String, value: String)] {
        series().filter { !$0.isZero }.flatMap { $0.samples() }
    }

    /// The series of family `name` that have every label of `labels`.
    public func series(_ name: String, _ labels: [String: String] = [:]) -> [MetricSeries] {
        values.series().filter { $0.name == name && $0.has(labels) }
    }

    /// The total of counter `name` over its series that have every label of `labels` (0 when
    /// there is none).
    public func counter(_ name: String, _ labels: [String: String] = [:]) -> Int {
        Int(series(name, labels).reduce(0) { $0 + $1.value })
    }

    /// Counter `name` with exactly `labels`, resolved now so that each read is one atomic load:
    /// for a loop that asks often and must stay light. ``counter(_:_:)`` lists and sorts every
    /// series, which ran about 2 MB of code that then stayed resident in an agent at rest.
    public func counterReader(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> CounterReader {
        CounterReader(values.readableCounter(name, labels.map { ($0.key, $0.value) }))
    }

    /// The value of gauge `name` with `labels` (nil when there is no such series; the sum when
    /// several have those labels).
    public func gauge(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let found = series(name, labels)
        return found.isEmpty ? nil : found.reduce(0) { $0 + $1.value }
    }

    /// How many values histogram `name` observed over its series with `labels`, and their sum.
    public func histogram(_ name: String, _ labels: [String: String] = [:]) -> (count: Int, sum: Double) {
        series(name, labels).reduce((0, 0)) { ($0.0 + $1.count, $0.1 + $1.value) }
    }
}
