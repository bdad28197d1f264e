import Glibc

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
    /// Set by ``interruptTake()``: the next take that would wait returns nil at once.
    private var interrupted = false
    private let capacity: Int
    // One condition for "not empty" and "not full": at any moment the waiters are takers
    // (queue empty) or putters (queue full), so a broadcast wakes only those who can go on.
    private let condition = MonotonicCondition()

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        slots = Array(repeating: nil, count: self.capacity)
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
        put(element, until: .infinity)
    }

    /// Like ``put(_:)`` but gives up after `timeout` seconds; returns false then.
    public func put(_ element: Element, timeout: Double) -> Bool {
        put(element, until: Monotonic.now() + timeout)
    }

    private func put(_ element: Element, until deadline: Double) -> Bool {
        condition.locked {
            while count >= capacity && !closed && Monotonic.now() < deadline { condition.wait(until: deadline) }
            if closed || count >= capacity { return false }
            append(element)
            condition.broadcast()
            return true
        }
    }

    /// Removes the oldest element, waiting up to `timeout` seconds (nil: forever). Returns
    /// nil on timeout, or when the queue is closed and empty.
    public func take(timeout: Double? = nil) -> Element? {
        let deadline = timeout.map { Monotonic.now() + $0 } ?? .infinity
        return condition.locked {
            while count == 0 && !closed && !interrupted && Monotonic.now() < deadline { condition.wait(until: deadline) }
            interrupted = false
            guard count > 0 else { return nil }
            let element = slots[head].take()
            head = (head + 1) % capacity
            count -= 1
            condition.broadcast()
            return element
        }
    }

    /// Makes a taker waiting on the empty queue (or the next one to wait) return nil now, as
    /// on a timeout: the worker then looks at what was asked of it between batches.
    public func interruptTake() {
        condition.locked {
            interrupted = true
            condition.broadcast()
        }
    }

    /// No more puts; takers drain what is left, then get nil.
    public func close() {
        condition.locked {
            closed = true
            condition.broadcast()
        }
    }

    /// True once ``close()`` was called.
    public var isClosed: Bool {
        condition.locked { closed }
    }

    /// Elements waiting.
    public var pending: Int {
        condition.locked { count }
    }
}
