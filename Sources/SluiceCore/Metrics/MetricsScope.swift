import CoreMetrics

/// What a component records its metrics with: an explicit swift-metrics factory and the
/// dimensions that say which component it is (`component="stages[0]"`, `type="parse_json"`;
/// `output="es"`, `type="elasticsearch"`).
///
/// A component makes its handles once, when it is built, adding the dimensions of its own
/// (`reason`, `status`…), and then adds per-batch totals to them — never per event:
///
/// ```swift
/// let parsed = context.metrics.counter("sluice_parse_json_events_parsed_total")
/// let sampledOut = context.metrics.counter("sluice_stage_events_dropped_total", ["reason": "sampled_out"])
/// …
/// parsed.add(tally.parsed)  // once per batch
/// ```
public struct MetricsScope: Sendable {
    /// Where the handles are made (a ``MetricsRegistry``'s factory).
    public let factory: any MetricsFactory
    /// Carried by every handle of the scope.
    public let dimensions: [(String, String)]

    public init(factory: any MetricsFactory, dimensions: [(String, String)] = []) {
        self.factory = factory
        self.dimensions = dimensions
    }

    /// Records nothing: for components built on their own (benchmarks, tests that do not
    /// look at metrics).
    public static let discarding = MetricsScope(factory: NOOPMetricsHandler.instance)

    /// This scope with `labels` added to every handle.
    public func adding(_ labels: KeyValuePairs<String, String>) -> MetricsScope {
        MetricsScope(factory: factory, dimensions: with(labels))
    }

    /// A counter (`…_total`).
    public func counter(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Counter {
        Counter(label: name, dimensions: with(labels), factory: factory)
    }

    /// A gauge: a value set from time to time (a queue's depth, files followed).
    public func gauge(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Gauge {
        Gauge(label: name, dimensions: with(labels), factory: factory)
    }

    /// A histogram of plain values (events per batch).
    public func histogram(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> Recorder {
        Recorder(label: name, dimensions: with(labels), aggregate: true, factory: factory)
    }

    /// A histogram of durations, exposed in seconds (name it `…_seconds`).
    public func timer(_ name: String, _ labels: KeyValuePairs<String, String> = [:]) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: name, dimensions: with(labels), factory: factory)
    }

    /// Counters of family `name` told apart by `label`, whose values are only known as they
    /// come (an HTTP status, a parse error's reason).
    public func counters(_ name: String, by label: String) -> CounterFamily {
        CounterFamily(scope: self, name: name, label: label)
    }

    private func with(_ labels: KeyValuePairs<String, String>) -> [(String, String)] {
        labels.isEmpty ? dimensions : dimensions + labels.map { ($0.key, $0.value) }
    }
}

extension Counter {
    /// Adds a per-batch total; nothing when it is zero (as most totals of most batches are).
    @inlinable
    public func add(_ amount: Int) {
        if amount > 0 { increment(by: amount) }
    }
}
