#if canImport(Glibc)
import Glibc
#endif

/// A bounded multi-producer, multi-consumer queue for handing batches between threads.
///
/// `put` blocks while the queue is full: that is the backpressure that stops the tailer from
/// reading when outputs fall behind, so memory stays flat and the file remains the buffer.
public final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    // Guarded by `mutex`. A ring of `capacity` slots; a slot is emptied as its element is
    // taken, so the queue never keeps a taken element (and what it references) alive.
    private var slots: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    private let capacity: Int
    private var mutex = pthread_mutex_t()
    private var notEmpty = pthread_cond_t()
    private var notFull = pthread_cond_t()

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        slots = Array(repeating: nil, count: self.capacity)
        pthread_mutex_init(&mutex, nil)
        // Timed waits measure against the monotonic clock: a wall-clock step cannot stretch them.
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(&notEmpty, &attributes)
        pthread_cond_init(&notFull, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
        pthread_cond_destroy(&notEmpty)
        pthread_cond_destroy(&notFull)
    }

    /// Stores `element` in the slot after the last one (the caller checked there is room).
    private func append(_ element: Element) {
        slots[(head + count) % capacity] = element
        count += 1
    }

    /// Appends `element`, waiting while the queue is full. Returns false (dropping nothing
    /// the caller still holds) when the queue was closed.
    @discardableResult
    public func put(_ element: Element) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while count >= capacity && !closed { pthread_cond_wait(&notFull, &mutex) }
        if closed { return false }
        append(element)
        pthread_cond_signal(&notEmpty)
        return true
    }

    /// Like ``put(_:)`` but gives up after `timeout` seconds; returns false then.
    public func put(_ element: Element, timeout: Double) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        var deadline = Self.monotonicDeadline(after: timeout)
        while count >= capacity && !closed {
            if pthread_cond_timedwait(&notFull, &mutex, &deadline) == ETIMEDOUT { break }
        }
        if closed || count >= capacity { return false }
        append(element)
        pthread_cond_signal(&notEmpty)
        return true
    }

    /// Removes the oldest element, waiting up to `timeout` seconds (nil: forever). Returns
    /// nil on timeout, or when the queue is closed and empty.
    public func take(timeout: Double? = nil) -> Element? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        var deadline = Self.monotonicDeadline(after: timeout ?? 0)
        while count == 0 && !closed {
            if timeout == nil {
                pthread_cond_wait(&notEmpty, &mutex)
            } else if pthread_cond_timedwait(&notEmpty, &mutex, &deadline) == ETIMEDOUT {
                break
            }
        }
        guard count > 0 else { return nil }
        let element = slots[head].take()
        head = (head + 1) % capacity
        count -= 1
        pthread_cond_signal(&notFull)
        return element
    }

    /// No more puts; takers drain what is left, then get nil.
    public func close() {
        pthread_mutex_lock(&mutex)
        closed = true
        pthread_cond_broadcast(&notEmpty)
        pthread_cond_broadcast(&notFull)
        pthread_mutex_unlock(&mutex)
    }

    /// True once ``close()`` was called.
    public var isClosed: Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return closed
    }

    /// Elements waiting.
    public var pending: Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return count
    }

    /// The `CLOCK_MONOTONIC` time `seconds` from now, for this queue's timed waits.
    static func monotonicDeadline(after seconds: Double) -> timespec {
        deadline(after: seconds, clock: CLOCK_MONOTONIC)
    }

    /// The time `seconds` from now on `clock` (`CLOCK_REALTIME` for `sem_timedwait`).
    public static func deadline(after seconds: Double, clock: clockid_t = CLOCK_REALTIME) -> timespec {
        var now = timespec()
        clock_gettime(clock, &now)
        let total = Int64(now.tv_nsec) + Int64(seconds * 1e9)
        return timespec(tv_sec: now.tv_sec + Int(total / 1_000_000_000), tv_nsec: Int(total % 1_000_000_000))
    }
}
