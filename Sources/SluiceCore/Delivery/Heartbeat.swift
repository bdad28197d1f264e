import Synchronization

/// Whether a pipeline thread is making progress, for liveness: the thread says when it starts
/// working (reading files, running stages) and when it waits for something legitimate (new
/// lines, a full queue ahead of it, an output's backpressure). A thread working on one step
/// for longer than a bound is wedged; waiting, however long, is not (a backend down for an
/// hour holds the pipeline but must not get the agent restarted).
public final class Heartbeat: Sendable {
    /// The thread's name in answers (`tailer`, `worker`).
    public let name: String
    let clock: any MonotonicClock
    /// ``clock`` seconds when the current step began, as bits; 0 while waiting.
    private let workingSince = Atomic<UInt64>(0)
    /// Set when the thread has ended.
    private let ended = Atomic<Bool>(false)

    public init(_ name: String, clock: any MonotonicClock = SystemClock()) {
        self.name = name
        self.clock = clock
    }

    /// The thread starts a step of work.
    @inline(__always)
    public func working() {
        workingSince.store(max(clock.now(), .leastNonzeroMagnitude).bitPattern, ordering: .relaxed)
    }

    /// The thread waits for something outside it.
    @inline(__always)
    public func waiting() {
        workingSince.store(0, ordering: .relaxed)
    }

    /// The thread has ended.
    public func end() {
        ended.store(true, ordering: .releasing)
    }

    /// What the thread is doing now.
    public enum State: Sendable, Equatable {
        case waiting
        case working(seconds: Double)
        case ended
    }

    public var state: State {
        if ended.load(ordering: .acquiring) { return .ended }
        let bits = workingSince.load(ordering: .relaxed)
        guard bits != 0 else { return .waiting }
        return .working(seconds: max(0, clock.now() - Double(bitPattern: bits)))
    }

    /// True when the thread has been on one step for more than `seconds`, or has ended.
    public func isStalled(after seconds: Double) -> Bool {
        switch state {
        case .waiting: false
        case .working(let busy): busy > seconds
        case .ended: true
        }
    }
}
