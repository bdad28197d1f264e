import Foundation
import SluiceCore
import SluiceTestSupport
import Synchronization
import Testing
@testable import SluiceTail

/// Files written without pause are read in passes at least `coalesce_reads` apart (a file's
/// lines in one read, every file's in one batch), and a pass that waits for more writes
/// still ends at once for a stop or a look asked for.
@Suite struct CoalescedReadsTests {
    /// Whether a pass began to wait for more writes.
    final class Gathering: Sendable {
        let began = Atomic<Bool>(false)
    }

    /// A harness over `count` files of one line each, read and quiet; no timer pass (the
    /// fallback and the scans are far off), so only events make passes.
    func started(files count: Int, coalesce: Double, gathering: Gathering? = nil) throws -> TailerHarness {
        let h = try TailerHarness()
        if let gathering { h.settings.gathering = { gathering.began.store(true, ordering: .releasing) } }
        h.settings.pollInterval = 60
        h.settings.scanInterval = 60
        h.source.rotateWait = 60
        h.settings.coalesceInterval = coalesce
        for index in 0..<count { try h.append("app-\(index).log", "first of \(index)\n") }
        try h.start()
        #expect(h.waitFor(count))
        #expect(h.waitUntilQuiet())
        return h
    }

    @Test func theDefaultIsAQuarterOfASecond() {
        #expect(TailerSettings().coalesceInterval == 0.25)
        #expect(PipelineConfig.defaultCoalesceReads == 0.25)
    }

    /// 20 files written in turn, a line every 5 ms for about 0.6 s: at 5 ms a pass each few
    /// writes (120 in a run with this test at 5 ms), here one per 0.25 s of writing, plus the
    /// first.
    @Test func filesWrittenWithoutPauseAreReadInFewPasses() throws {
        let h = try started(files: 20, coalesce: 0.25)
        defer { h.finish() }
        let tailer = try #require(h.tailer)
        let passesBefore = tailer.passesCompleted
        let began = Monotonic.now()
        for round in 0..<6 {
            for index in 0..<20 {
                try h.append("app-\(index).log", "line \(round) of \(index)\n")
                usleep(5_000)  // the writer's pace, not a synchronisation
            }
        }
        let wrote = Monotonic.now() - began
        #expect(h.waitFor(20 + 120))
        let passes = tailer.passesCompleted - passesBefore
        // Passes woken by writes begin at least 0.25 s apart, and one more runs after the last
        // write (reading what the pause gathered): at most wrote / 0.25 + 2. A few more when
        // the consumer falls behind (a full queue has the tailer look again at once), none of
        // them near the hundred that reading every few writes takes.
        #expect(passes >= 1)
        #expect(Double(passes) <= wrote / 0.25 + 8, "\(passes) passes over \(wrote) s of writing")
        // Each file's lines in order, none lost or repeated.
        for index in 0..<20 {
            let texts = h.received.filter { $0.path == h.log("app-\(index).log") }.map(\.text)
            #expect(texts == ["first of \(index)"] + (0..<6).map { "line \($0) of \(index)" })
        }
    }

    /// Two files read and quiet, with a 30 s `coalesce_reads`; then `text` written to `name`,
    /// and the pass it woke waiting for more writes.
    func pausedAfterWriting(_ name: String, _ text: String) throws -> TailerHarness {
        let gathering = Gathering()
        let h = try started(files: 2, coalesce: 30, gathering: gathering)
        try h.append(name, text)
        #expect(waitUntil(timeout: 10) { gathering.began.load(ordering: .acquiring) })
        return h
    }

    /// A pass waiting (30 s) for more writes ends when a look is asked for: the line
    /// written just before arrives long before the pause would have ended.
    @Test func aLookEndsThePause() throws {
        let h = try pausedAfterWriting("app-1.log", "during the pause\n")
        defer { h.finish() }
        let began = Monotonic.now()
        h.tailer?.look()
        #expect(h.waitFor(3, timeout: 20))
        #expect(h.received.last?.text == "during the pause")
        #expect(Monotonic.now() - began < 20)
    }

    /// A rename during the pause ends it: a rotation is seen at once, not 30 s later.
    @Test func aRenameEndsThePause() throws {
        let h = try pausedAfterWriting("app-0.log", "before the rename\n")
        defer { h.finish() }
        let began = Monotonic.now()
        try FileManager.default.moveItem(atPath: h.log("app-0.log"), toPath: h.log("app-0.log.1"))
        #expect(waitUntil(timeout: 20) { h.metrics.counter("sluice_tailer_rotations_total") == 1 })
        #expect(h.waitFor(3))
        #expect(Monotonic.now() - began < 20)
    }

    /// A stop ends the pause too: stopping does not wait for the 30 s.
    @Test func aStopEndsThePause() throws {
        let h = try pausedAfterWriting("app-0.log", "written before the stop\n")
        defer { h.finish() }
        let began = Monotonic.now()
        try h.stop()
        #expect(Monotonic.now() - began < 20)
    }
}
