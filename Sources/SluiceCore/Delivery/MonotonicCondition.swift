#if canImport(Glibc)
import Glibc
#endif

/// A mutex and a condition variable whose timed waits measure against the monotonic clock
/// (a wall-clock step cannot stretch them), for the waits that shutdown bounds.
final class MonotonicCondition: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()

    init() {
        pthread_mutex_init(&mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(&condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&condition)
    }

    /// Runs `body` holding the mutex.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    /// Waits (holding the mutex, from inside ``locked(_:)``) until signalled or until
    /// `deadline` (seconds on ``Monotonic/now()``; infinity: no limit). Wakes may be spurious:
    /// callers check their condition in a loop.
    func wait(until deadline: Double) {
        if deadline == .infinity {
            pthread_cond_wait(&condition, &mutex)
        } else {
            var time = Monotonic.time(at: max(0, deadline))
            _ = pthread_cond_timedwait(&condition, &mutex, &time)
        }
    }

    /// Wakes every waiter (call from inside ``locked(_:)``).
    func broadcast() {
        pthread_cond_broadcast(&condition)
    }
}
