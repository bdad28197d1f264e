import Synchronization
import Testing
@testable import SluiceCore

/// The shutdown deadline: sleeps end by it (at once when they would end after it), a
/// deadline set later wakes them, handlers hear of it, and latches are awaited until it.
@Suite struct StopSignalTests {
    @Test func withoutADeadlineASleepRunsItsCourse() {
        let stop = StopSignal()
        #expect(stop.remaining == .infinity && !stop.isStopped)
        let started = Monotonic.now()
        #expect(stop.sleep(0.02))
        #expect(Monotonic.now() - started >= 0.02)
    }

    @Test func aSleepThatWouldEndAfterTheDeadlineGivesUpAtOnce() {
        let stop = StopSignal()
        stop.stop(at: Monotonic.now() + 60)
        let started = Monotonic.now()
        #expect(!stop.sleep(120))
        #expect(Monotonic.now() - started < 1)
        #expect(stop.sleep(0.001), "a retry before the deadline still happens")
        #expect(!stop.isStopped && stop.remaining > 59)
    }

    @Test func aDeadlineSetDuringASleepEndsIt() throws {
        let stop = StopSignal()
        let ended = Latch()
        let slept = Atomic<Bool>(true)
        try NativeThread.start(name: "sleeper") {
            slept.store(stop.sleep(60), ordering: .relaxed)
            ended.open()
        }.detach()
        stop.stop(at: Monotonic.now() + 0.05)
        #expect(ended.wait(until: Monotonic.now() + 10))
        #expect(slept.load(ordering: .relaxed) == false)
    }

    @Test func theDeadlineOnlyMovesCloserAndHandlersHearEachMove() {
        let stop = StopSignal()
        let calls = Atomic<Int>(0)
        let token = stop.onChange { calls.add(1, ordering: .relaxed) }
        let deadline = Monotonic.now() + 60
        stop.stop(at: deadline)
        stop.stop(at: deadline + 10)  // later: ignored
        #expect(stop.deadline == deadline && calls.load(ordering: .relaxed) == 1)
        stop.removeHandler(token)
        stop.stop()
        #expect(stop.isStopped && stop.remaining == 0)
        #expect(calls.load(ordering: .relaxed) == 1, "a removed handler does not run")
    }

    @Test func aLatchIsAwaitedUntilADeadline() throws {
        let latch = Latch()
        let started = Monotonic.now()
        #expect(!latch.wait(until: started + 0.05))
        #expect(Monotonic.now() - started >= 0.05)
        try NativeThread.start(name: "opener") { latch.open() }.detach()
        #expect(latch.wait(until: Monotonic.now() + 10) && latch.isOpen)
    }
}
