import SluiceCore

/// Whether the pipeline is alive (its threads make progress) and ready (its outputs deliver),
/// as `/health` and `/ready` answer.
extension PipelineRunner {
    /// Read and not yet acknowledged by every output: with the delivered, dropped and
    /// dead-lettered counts, every line read is exactly one of these.
    public var inFlight: AckTracker.InFlight { tracker.inFlight }

    /// An output failing past the readiness window.
    public struct FailingOutput: Sendable, Equatable {
        public var name: String
        /// Seconds since its last attempts began failing.
        public var failingForSeconds: Double
        /// When that was, seconds since the epoch.
        public var failingSince: Double?
        public var consecutiveFailures: Int
    }

    /// Readiness: the pipeline runs, and every output either has nothing to send or has not
    /// been failing for longer than `window` seconds. Having no file to tail is ready.
    public func readiness(window: Double) -> (ready: Bool, notRunning: Bool, failing: [FailingOutput]) {
        guard running.load(ordering: .acquiring), !workerEnded.isOpen else { return (false, true, []) }
        var failing: [FailingOutput] = []
        for output in outputs where !output.isIdle {
            guard let health = outputHealth[output.name], let seconds = health.failingFor(), seconds > window else { continue }
            let snapshot = health.snapshot()
            failing.append(FailingOutput(
                name: output.name, failingForSeconds: seconds, failingSince: snapshot.failingSinceWallClock,
                consecutiveFailures: snapshot.consecutiveFailures))
        }
        return (failing.isEmpty, false, failing)
    }

    /// Liveness: the pipeline's threads are waiting or working on a step for at most
    /// `stallAfter` seconds. A backend outage never fails it (the threads wait).
    public func liveness(stallAfter: Double) -> (alive: Bool, threads: [(name: String, state: Heartbeat.State)]) {
        let beats = [tailer.heartbeat, workerHeartbeat]
        let threads = beats.map { ($0.name, $0.state) }
        guard running.load(ordering: .acquiring) else { return (true, threads) }
        return (!beats.contains { $0.isStalled(after: stallAfter) }, threads)
    }
}
