import CoreMetrics
import Synchronization

/// A swift-metrics backend whose values can be read back in process: the closing `stopped`
/// log line, the dry-run counter report and the tests read them here.
///
/// Why a backend of our own: swift-prometheus keeps its values private (it only renders them
/// as exposition text), and parsing that text back would be slower and more fragile than
/// these few classes. It is kept deliberately small — a counter is one atomic, a gauge and a
/// histogram a lock around two numbers (no buckets: Prometheus has those) — and runs beside
/// the Prometheus backend through swift-metrics' `MultiplexMetricsHandler` (see
/// ``MetricsRegistry``). Handles made twice for the same name and labels share one series.
final class InProcessMetrics: MetricsFactory {
    /// A series' identity: its name and sorted labels.
    struct Key: Hashable {
        var name: String
        var labels: [MetricLabel]
    }

    private let stored = Mutex<[Key: any ReadableSeries]>([:])

    init() {}

    /// Every series, sorted by name and labels.
    func series() -> [MetricSeries] {
        let all = stored.withLock { Array($0) }
        return all.map { key, series in
            let (value, count) = series.reading
            return MetricSeries(name: key.name, labels: key.labels, kind: series.kind, value: value, count: count)
        }
        .sorted { a, b in a.name != b.name ? a.name < b.name : a.labels.lexicographicallyPrecedes(b.labels) }
    }

    /// The series `name` with `dimensions`, made by `make` the first time.
    private func series<S: ReadableSeries>(_ name: String, _ dimensions: [(String, String)], _ make: () -> S) -> S {
        let key = Key(name: name, labels: dimensions.map { MetricLabel($0.0, $0.1) }.sorted())
        return stored.withLock { stored in
            if let existing = stored[key] as? S { return existing }
            let made = make()
            stored[key] = made
            return made
        }
    }

    /// The counter `name` with `dimensions`, made the first time (shared with the handles
    /// components make for it).
    func readableCounter(_ name: String, _ dimensions: [(String, String)]) -> ReadableCounter {
        series(name, dimensions) { ReadableCounter() }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        series(label, dimensions) { ReadableCounter() }
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        series(label, dimensions) { ReadableCounter() }
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        series(label, dimensions) { ReadableGauge() }
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        aggregate ? series(label, dimensions) { ReadableHistogram() } : series(label, dimensions) { ReadableGauge() }
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        series(label, dimensions) { ReadableHistogram() }
    }

    // Series live as long as the registry: nothing to release early.
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}

/// A series of ``InProcessMetrics``: what it is and its current value.
protocol ReadableSeries: AnyObject, Sendable {
    var kind: MetricSeries.Kind { get }
    /// The value (a histogram's sum) and, for a histogram, the number of observations.
    var reading: (value: Double, count: Int) { get }
}

/// A counter: one atomic for whole increments (the only kind Sluice makes), a lock-guarded
/// remainder for fractional ones.
final class ReadableCounter: CounterHandler, FloatingPointCounterHandler, ReadableSeries {
    private let whole = Atomic<Int64>(0)
    private let fraction = Mutex<Double>(0)

    var kind: MetricSeries.Kind { .counter }
    /// The whole increments so far.
    var total: Int { Int(whole.load(ordering: .relaxed)) }

    var reading: (value: Double, count: Int) {
        (Double(whole.load(ordering: .relaxed)) + fraction.withLock { $0 }, 0)
    }

    func increment(by amount: Int64) {
        whole.wrappingAdd(amount, ordering: .relaxed)
    }

    func increment(by amount: Double) {
        fraction.withLock { $0 += amount }
    }

    func reset() {
        whole.store(0, ordering: .relaxed)
        fraction.withLock { $0 = 0 }
    }
}

/// A gauge: the last value set, or moved up and down.
final class ReadableGauge: MeterHandler, RecorderHandler, ReadableSeries {
    private let value = Mutex<Double>(0)

    var kind: MetricSeries.Kind { .gauge }
    var reading: (value: Double, count: Int) { (value.withLock { $0 }, 0) }

    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) { self.value.withLock { $0 = value } }
    func record(_ value: Int64) { set(Double(value)) }
    func record(_ value: Double) { set(value) }
    func increment(by amount: Double) { value.withLock { $0 += amount } }
    func decrement(by amount: Double) { value.withLock { $0 -= amount } }
}

/// A histogram: how many values were observed and their sum (durations in seconds).
final class ReadableHistogram: RecorderHandler, TimerHandler, ReadableSeries {
    private let state = Mutex<(count: Int, sum: Double)>((0, 0))

    var kind: MetricSeries.Kind { .histogram }
    var reading: (value: Double, count: Int) {
        let (count, sum) = state.withLock { $0 }
        return (sum, count)
    }

    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        state.withLock {
            $0.count += 1
            $0.sum += value
        }
    }
    func recordNanoseconds(_ duration: Int64) { record(Double(duration) / 1e9) }
}
