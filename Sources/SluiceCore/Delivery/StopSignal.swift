import Synchronization

/// The shutdown deadline: one absolute time, set once when shutdown begins, that every wait
/// shutdown must bound takes — the worker's dead-letter retries and blocked submits, the
/// outputs' backoffs, dead-letter retries and HTTP requests in flight, the joins of threads.
///
/// ```
///  running ── stop(at: now + shutdown_timeout) ──▶ draining ── the deadline passes, or stop() ──▶ stopped
///             (SIGTERM)                              waits end by the deadline;     every wait ends now;
///                                                    a retry that would come after  nothing more is
///                                                    it gives up at once            acknowledged
/// ```
///
/// Timed waits (``sleep(_:)``, ``Latch``, an HTTP client's poll) end at the deadline by
/// themselves; waits without a time limit (a full queue) are ended by whoever calls
/// ``stop()`` at the deadline (the pipeline's shutdown). Handlers registered with
/// ``onChange(_:)`` run when the deadline is set or moved closer, so a wait in progress can
/// take the new deadline into account (an HTTP client wakes its poll).
public final class StopSignal: Sendable {
    /// How long a wait that gave up at the deadline may take to unwind (a request being
    /// aborted, a thread returning from a system call) before shutdown goes on without it.
    public static let grace = 0.2

    private let deadlineBits = Atomic<UInt64>(Double.infinity.bitPattern)
    private let condition = MonotonicCondition()
    /// Handlers run under this lock, so one removed is not running any more.
    private let handlers = Mutex<(next: Int, all: [Int: @Sendable () -> Void])>((0, [:]))

    public init() {}

    /// The deadline in seconds on ``Monotonic/now()``; infinity until ``stop(at:)``.
    public var deadline: Double { Double(bitPattern: deadlineBits.load(ordering: .acquiring)) }

    /// Seconds left until the deadline (0 once it passed, infinity when none is set).
    public var remaining: Double {
        let deadline = deadline
        return deadline == .infinity ? .infinity : max(0, deadline - Monotonic.now())
    }

    /// True once the deadline has passed: give up now.
    public var isStopped: Bool {
        let deadline = deadline
        return deadline != .infinity && Monotonic.now() >= deadline
    }

    /// Sets the deadline to `deadline` (seconds on ``Monotonic/now()``) unless an earlier one
    /// is set, and wakes every wait so it takes it into account.
    public func stop(at deadline: Double) {
        condition.locked {
            guard deadline < self.deadline else { return }
            deadlineBits.store(deadline.bitPattern, ordering: .releasing)
            condition.broadcast()
            handlers.withLock { for handler in $0.all.values { handler() } }
        }
    }

    /// The deadline is now: every wait gives up.
    public func stop() {
        stop(at: Monotonic.now())
    }

    /// Sleeps `seconds` and returns true, unless the deadline comes first: then returns false,
    /// at once when the sleep would end after a deadline already set (a retry that late is
    /// pointless), or as soon as one is set that comes before the sleep's end.
    public func sleep(_ seconds: Double) -> Bool {
        let wake = Monotonic.now() + max(0, seconds)
        return condition.locked {
            while true {
                if wake >= deadline { return false }
                if Monotonic.now() >= wake { return true }
                condition.wait(until: wake)
            }
        }
    }

    /// Runs `handler` each time the deadline is set or moved closer (on the thread doing so,
    /// while the signal's lock is held: it must be quick and must not call back into the
    /// signal). Returns a token for ``removeHandler(_:)``.
    public func onChange(_ handler: @escaping @Sendable () -> Void) -> Int {
        handlers.withLock { state in
            state.next += 1
            state.all[state.next] = handler
            return state.next
        }
    }

    /// Unregisters a handler; once this returns, it is not running and will not run again.
    public func removeHandler(_ token: Int) {
        _ = handlers.withLock { $0.all.removeValue(forKey: token) }
    }
}
