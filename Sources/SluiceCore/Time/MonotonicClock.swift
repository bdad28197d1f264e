import Synchronization

/// Where time-based rules (`rotate_wait`, `partial_line_timeout`, the checkpoint interval, the
/// deletion deadline, rescans) read the time: the system's monotonic clock in the agent, a
/// ``ManualClock`` in tests, which then move time by hand instead of waiting it out.
public protocol MonotonicClock: Sendable {
    /// Seconds on a clock that never jumps (only differences mean anything).
    func now() -> Double
    /// Calls `action` whenever the clock is moved by hand (a ``ManualClock``), so that a
    /// component asleep in a wait looks at its rules again at once. The system clock never
    /// calls it: its time passes on its own.
    func whenAdvanced(_ action: @escaping @Sendable () -> Void)
}

/// `CLOCK_MONOTONIC` (``Monotonic/now()``).
public struct SystemClock: MonotonicClock {
    public init() {}
    public func now() -> Double { Monotonic.now() }
    public func whenAdvanced(_ action: @escaping @Sendable () -> Void) {}
}

/// A clock that stands still until ``advance(by:)`` moves it: tests drive time rules with it.
public final class ManualClock: MonotonicClock {
    private let state: Mutex<(now: Double, observers: [@Sendable () -> Void])>

    /// Starts at `start` seconds (far from zero, like a real monotonic clock after boot).
    public init(start: Double = 1_000) {
        state = Mutex((start, []))
    }

    public func now() -> Double { state.withLock { $0.now } }

    public func whenAdvanced(_ action: @escaping @Sendable () -> Void) {
        state.withLock { $0.observers.append(action) }
    }

    /// Moves the clock `seconds` forward and wakes whoever asked (``whenAdvanced(_:)``).
    public func advance(by seconds: Double) {
        let observers = state.withLock { s in
            s.now += seconds
            return s.observers
        }
        for observer in observers { observer() }
    }
}
