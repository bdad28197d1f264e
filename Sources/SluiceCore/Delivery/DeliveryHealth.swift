import CoreMetrics
import Synchronization

/// How one output's deliveries go: when it last delivered, since when it has been failing
/// and how many attempts in a row failed. Outputs report each attempt (a request, a write);
/// readiness and the metrics read it.
///
/// Metrics (the output's scope): `sluice_output_last_delivery_timestamp_seconds` (wall
/// clock, seconds since the epoch), `sluice_output_consecutive_failures`.
public final class DeliveryHealth: Sendable {
    /// What ``snapshot()`` returns.
    public struct Snapshot: Sendable, Equatable {
        /// When the last attempt succeeded (``clock`` seconds), if one did.
        public var lastSuccess: Double?
        /// When the current run of failures began (``clock`` seconds); nil when the last
        /// attempt succeeded or none was made.
        public var failingSince: Double?
        /// Failed attempts since the last success.
        public var consecutiveFailures: Int
        /// Wall-clock time of ``failingSince``, seconds since the epoch (for answers to people).
        public var failingSinceWallClock: Double?
    }

    let clock: any MonotonicClock
    private let state = Mutex(Snapshot(lastSuccess: nil, failingSince: nil, consecutiveFailures: 0, failingSinceWallClock: nil))
    private let lastDelivery: Gauge
    private let consecutive: Gauge

    public init(clock: any MonotonicClock = SystemClock(), metrics: MetricsScope = .discarding) {
        self.clock = clock
        lastDelivery = metrics.gauge("sluice_output_last_delivery_timestamp_seconds")
        consecutive = metrics.gauge("sluice_output_consecutive_failures")
    }

    /// An attempt delivered (the backend took the request, or the write completed).
    public func succeeded() {
        let now = clock.now()
        state.withLock { s in
            s.lastSuccess = now
            s.failingSince = nil
            s.failingSinceWallClock = nil
            s.consecutiveFailures = 0
        }
        lastDelivery.record(Double(FileIO.nowNanoseconds()) / 1e9)
        consecutive.record(0)
    }

    /// An attempt failed (no answer, an answer meaning "not taken", a failed write).
    public func failed() {
        let now = clock.now()
        let failures = state.withLock { s in
            if s.failingSince == nil {
                s.failingSince = now
                s.failingSinceWallClock = Double(FileIO.nowNanoseconds()) / 1e9
            }
            s.consecutiveFailures += 1
            return s.consecutiveFailures
        }
        consecutive.record(failures)
    }

    public func snapshot() -> Snapshot {
        state.withLock { $0 }
    }

    /// Seconds the output has been failing without a success, or nil when it is not.
    public func failingFor() -> Double? {
        snapshot().failingSince.map { clock.now() - $0 }
    }
}
