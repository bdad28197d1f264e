import CoreMetrics
import Synchronization

/// Cardinality control in front of the backends: at most `limit` series per metric family.
///
/// A family is a metric name; each distinct set of label values is a series. Handles are
/// made once (at a component's start, or the first time a label value such as an HTTP
/// status is seen), so the check costs nothing per increment. Beyond the limit, a new label
/// set is not given a series of its own: its handle records into the family's one overflow
/// series, whose label values are all `_overflow`, and the refusal is counted in
/// `sluice_metrics_series_dropped_total{metric="<family>",reason="over_limit"}`.
///
/// A family keeps the type and label names it was first made with (Prometheus would refuse
/// to mix them, and swift-prometheus stops the process when asked to). A handle asked for
/// with another type or other label names is a programming error: it records nothing, and is
/// counted with `reason="conflict"`.
///
/// Labels are passed on sorted by name, so the same set always names the same series.
final class SeriesLimiter: MetricsFactory {
    /// What a family holds, as Prometheus types it (a counter of either number type is one
    /// Prometheus counter; a meter and a gauge are both gauges).
    enum Kind: Equatable {
        case counter, gauge, histogram, timer
    }

    struct Family {
        var kind: Kind
        var labelNames: [String]
        /// Label values of each series admitted, in the order of `labelNames`.
        var series: Set<[String]>
    }

    /// The family counting label sets refused a series of their own.
    static let droppedName = "sluice_metrics_series_dropped_total"
    /// Every label value of a family's overflow series.
    static let overflowValue = "_overflow"

    let upstream: any MetricsFactory
    let limit: Int
    private let families = Mutex<[String: Family]>([:])

    init(upstream: any MetricsFactory, limit: Int) {
        self.upstream = upstream
        self.limit = max(1, limit)
    }

    /// The labels the series of `name` with `dimensions` is made with: the same, sorted; the
    /// overflow labels when the family is full; nil for a conflicting request.
    func admit(_ name: String, _ dimensions: [(String, String)], _ kind: Kind) -> [(String, String)]? {
        let sorted = dimensions.sorted { $0.0 < $1.0 }
        let names = sorted.map(\.0)
        let values = sorted.map(\.1)
        var refused: String?
        let admitted: [(String, String)]? = families.withLock { families in
            guard var family = families[name] else {
                families[name] = Family(kind: kind, labelNames: names, series: [values])
                return sorted
            }
            guard family.kind == kind, family.labelNames == names else {
                refused = "conflict"
                return nil
            }
            if family.series.contains(values) { return sorted }
            if family.series.count < limit {
                family.series.insert(values)
                families[name] = family
                return sorted
            }
            refused = "over_limit"
            return names.map { ($0, Self.overflowValue) }
        }
        if let refused {
            upstream.makeCounter(label: Self.droppedName, dimensions: [("metric", name), ("reason", refused)]).increment(by: 1)
        }
        return admitted
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let labels = admit(label, dimensions, .counter) else { return NOOPMetricsHandler.instance }
        return upstream.makeCounter(label: label, dimensions: labels)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let labels = admit(label, dimensions, .counter) else { return NOOPMetricsHandler.instance }
        return upstream.makeFloatingPointCounter(label: label, dimensions: labels)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let labels = admit(label, dimensions, .gauge) else { return NOOPMetricsHandler.instance }
        return upstream.makeMeter(label: label, dimensions: labels)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let labels = admit(label, dimensions, aggregate ? .histogram : .gauge) else { return NOOPMetricsHandler.instance }
        return upstream.makeRecorder(label: label, dimensions: labels, aggregate: aggregate)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let labels = admit(label, dimensions, .timer) else { return NOOPMetricsHandler.instance }
        return upstream.makeTimer(label: label, dimensions: labels)
    }

    func destroyCounter(_ handler: any CounterHandler) { upstream.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { upstream.destroyFloatingPointCounter(handler) }
    func destroyMeter(_ handler: any MeterHandler) { upstream.destroyMeter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { upstream.destroyRecorder(handler) }
    func destroyTimer(_ handler: any TimerHandler) { upstream.destroyTimer(handler) }
}
