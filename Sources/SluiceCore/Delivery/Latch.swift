import Synchronization

/// A one-way "it has happened" flag that other threads can wait for until a deadline: a
/// thread has ended, say, and shutdown waits for that no longer than its deadline.
public final class Latch: Sendable {
    private let flag = Atomic<Bool>(false)
    private let condition = MonotonicCondition()

    public init() {}

    /// True once ``open()`` was called.
    public var isOpen: Bool { flag.load(ordering: .acquiring) }

    /// Sets the flag and wakes every waiter.
    public func open() {
        condition.locked {
            flag.store(true, ordering: .releasing)
            condition.broadcast()
        }
    }

    /// Waits until the latch is open or `deadline` (seconds on ``Monotonic/now()``) passes;
    /// returns whether it is open.
    public func wait(until deadline: Double) -> Bool {
        condition.locked {
            while !isOpen && Monotonic.now() < deadline { condition.wait(until: deadline) }
            return isOpen
        }
    }
}
