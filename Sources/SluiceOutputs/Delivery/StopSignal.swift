import Glibc
import SluiceCore
import Synchronization

/// A one-way "give up now" flag that also ends waits early: retry backoffs sleep on it, and
/// the HTTP client's progress callback polls it to abort a request in flight.
public final class StopSignal: @unchecked Sendable {
    private let flag = Atomic<Bool>(false)
    // Guarded by `mutex`; `condition` is signalled when the flag is set.
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()

    public init() {
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

    /// True once ``stop()`` was called.
    public var isStopped: Bool { flag.load(ordering: .acquiring) }

    /// Sets the flag and wakes every sleeper.
    public func stop() {
        pthread_mutex_lock(&mutex)
        flag.store(true, ordering: .releasing)
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Sleeps `seconds` unless stopped first; returns false when stopped.
    public func sleep(_ seconds: Double) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        var deadline = BlockingQueue<Int>.deadline(after: max(0, seconds), clock: CLOCK_MONOTONIC)
        while !flag.load(ordering: .acquiring) {
            if pthread_cond_timedwait(&condition, &mutex, &deadline) == ETIMEDOUT { break }
        }
        return !flag.load(ordering: .acquiring)
    }
}
