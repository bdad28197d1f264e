import CoreMetrics
import Prometheus
import SluiceCore
import Synchronization

/// `--mode metrics`: what one increment of a metrics handle costs, on one thread, against
/// the per-name counters it replaced (a lock around a dictionary keyed by name). Components
/// add per-batch totals, a few per stage per batch: the figure to compare is the cost per
/// batch of 1,024 events, next to the microseconds a stage spends on such a batch.
enum MetricsBenchmark {
    /// The counters Sluice had before swift-metrics, kept here as the reference.
    final class NamedCounters: Sendable {
        private let values = Mutex<[String: UInt64]>([:])
        func add(_ name: String, _ amount: Int) {
            guard amount != 0 else { return }
            values.withLock { $0[name, default: 0] &+= UInt64(amount) }
        }
        func value(_ name: String) -> UInt64 { values.withLock { $0[name] ?? 0 } }
    }

    static let increments = 10_000_000
    /// Increments a stage makes per batch (the trace stage's seven totals).
    static let perBatch = 7

    static func run(rounds: Int) {
        func measure(_ name: String, _ work: () -> Int) {
            var best = Double.infinity
            var check = 0
            for _ in 0..<rounds {
                let t0 = Monotonic.now()
                check &+= work()
                best = min(best, Monotonic.now() - t0)
            }
            let ns = best / Double(increments) * 1e9
            print(name.padding(toLength: 52, withPad: " ", startingAt: 0)
                + "\(String(format: "%6.1f", ns)) ns per increment, \(String(format: "%6.2f", ns * Double(perBatch) / 1000)) µs per batch (\(perBatch) increments; checksum \(check & 0xFFFF))")
        }
        let named = NamedCounters()
        measure("per-name counters (lock + dictionary)") {
            for i in 0..<increments { named.add("found", i & 3 | 1) }
            return Int(named.value("found"))
        }
        let alone = MetricsRegistry()
        let counter = alone.scope(["component": "stages[0]", "type": "trace"]).counter("sluice_trace_events_with_id_total")
        measure("swift-metrics Counter, in process") {
            for i in 0..<increments { counter.add(i & 3 | 1) }
            return alone.counter("sluice_trace_events_with_id_total")
        }
        let prometheus = PrometheusCollectorRegistry()
        let both = MetricsRegistry(backends: [PrometheusMetricsFactory(registry: prometheus)])
        let multiplexed = both.scope(["component": "stages[0]", "type": "trace"]).counter("sluice_trace_events_with_id_total")
        measure("swift-metrics Counter, in process + Prometheus") {
            for i in 0..<increments { multiplexed.add(i & 3 | 1) }
            return both.counter("sluice_trace_events_with_id_total")
        }
    }
}
