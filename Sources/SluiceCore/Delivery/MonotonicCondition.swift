import Glibc

/// A mutex and a condition variable whose timed waits measure against the monotonic clock
/// (a wall-clock step cannot stretch them): the one blocking wait under the queue, the stop
/// signal and the latch.
///
/// Both live in memory allocated once for the object's life: pthread objects must not move,
/// and Swift does not promise a stable address for a stored `var` passed with `&`.
public final class MonotonicCondition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        mutex.initialize(to: pthread_mutex_t())
        condition.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(condition)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` holding the mutex.
    public func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits (holding the mutex, from inside ``locked(_:)``) until signalled or until
    /// `deadline` (seconds on ``Monotonic/now()``; infinity: no limit). Wakes may be spurious:
    /// callers check their condition in a loop.
    public func wait(until deadline: Double) {
        if deadline == .infinity {
            pthread_cond_wait(condition, mutex)
        } else {
            var time = Monotonic.time(at: max(0, deadline))
            _ = pthread_cond_timedwait(condition, mutex, &time)
        }
    }

    /// Wakes every waiter (call from inside ``locked(_:)``).
    public func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
