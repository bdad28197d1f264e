import Synchronization
import Testing
import SluiceTestSupport
@testable import SluiceCore

/// The bounded queue between the tailer and the worker: order, backpressure, close.
struct BlockingQueueTests {
    @Test func elementsComeOutInTheOrderTheyWentIn() {
        let queue = BlockingQueue<Int>(capacity: 3)
        for n in 0..<3 { #expect(queue.put(n)) }
        #expect(queue.pending == 3)
        #expect((0..<3).map { _ in queue.take(timeout: 0) } == [0, 1, 2])
        #expect(queue.take(timeout: 0) == nil)
    }

    @Test func aFullQueueRefusesAPutWithoutWaiting() {
        let queue = BlockingQueue<Int>(capacity: 2)
        #expect(queue.put(1, timeout: 0))
        #expect(queue.put(2, timeout: 0))
        #expect(!queue.put(3, timeout: 0))
        #expect(queue.pending == 2)
    }

    /// Backpressure: a put blocked on the full queue goes on as soon as one element is taken.
    @Test func aBlockedPutGoesOnWhenAnElementIsTaken() throws {
        let queue = BlockingQueue<Int>(capacity: 1)
        queue.put(1)
        let putReturned = Atomic<Bool>(false)
        let producer = try NativeThread.start(name: "test-put") {
            queue.put(2)
            putReturned.store(true, ordering: .releasing)
        }
        #expect(queue.take() == 1)
        #expect(waitUntil(timeout: 10) { putReturned.load(ordering: .acquiring) })
        producer.join()
        #expect(queue.take(timeout: 0) == 2)
    }

    /// Close: takers drain what is left, then get nil; a put after close is refused; a
    /// taker blocked on the empty queue wakes.
    @Test func closeDrainsThenEnds() throws {
        let queue = BlockingQueue<Int>(capacity: 4)
        queue.put(1)
        queue.close()
        #expect(queue.isClosed)
        #expect(!queue.put(2))
        #expect(queue.take() == 1)
        #expect(queue.take() == nil)

        let empty = BlockingQueue<Int>(capacity: 1)
        let got = Mutex<Int??>(nil)
        let taker = try NativeThread.start(name: "test-take") {
            let element = empty.take()
            got.withLock { $0 = .some(element) }
        }
        empty.close()
        taker.join()
        #expect(got.withLock { $0 } == .some(nil))
    }

    /// A put blocked on a full queue returns false when the queue is closed under it.
    @Test func closeReleasesABlockedPut() throws {
        let queue = BlockingQueue<Int>(capacity: 1)
        queue.put(1)
        let result = Mutex<Bool?>(nil)
        let producer = try NativeThread.start(name: "test-put") {
            let accepted = queue.put(2)
            result.withLock { $0 = accepted }
        }
        queue.close()
        producer.join()
        #expect(result.withLock { $0 } == false)
        #expect(queue.take() == 1)
        #expect(queue.take() == nil)
    }

    /// A timed take on an empty queue returns nil once its deadline passed.
    @Test func aTimedTakeOnAnEmptyQueueReturnsNil() {
        let queue = BlockingQueue<Int>(capacity: 1)
        let start = Monotonic.now()
        #expect(queue.take(timeout: 0.05) == nil)
        #expect(Monotonic.now() - start >= 0.05)
    }
}
