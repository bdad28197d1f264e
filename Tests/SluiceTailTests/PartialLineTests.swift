import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// A last line without its newline, in a file that stays in place: shipped after
/// `partial_line_timeout`; what the writer adds later starts a line of its own, so no byte is
/// lost or sent twice.
@Suite struct PartialLineTests {
    @Test func aQuietLastLineWithoutNewlineIsShippedAndItsRestFollowsOnce() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        try h.start()
        try h.append("app.log", "a-0\na-1\n{\"event\":\"half")
        #expect(h.waitFor(3, timeout: 10), "the partial line was never shipped")
        try h.append("app.log", "-written\"}\nb-0\n")
        #expect(h.waitFor(5))
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        try h.stop()
        #expect(h.received.map(\.text) == ["a-0", "a-1", "{\"event\":\"half", "-written\"}", "b-0"])
        #expect(h.received.map(\.offset) == [0, 4, 8, 22, 33])
        #expect(h.metrics.counter("sluice_tailer_partial_lines_flushed_total") == 1)
    }

    /// On the tailer's clock: quiescent before `partial_line_timeout` has passed, the line is
    /// held (an exact count, not a wait that times out); one tick past it, shipped.
    @Test func thePartialLineTimeoutRunsOnTheTailersClock() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        let clock = ManualClock()
        h.settings.clock = clock
        h.source.partialLineTimeout = 3600  // an hour: only the clock moved by hand reaches it
        try h.start()
        try h.append("app.log", "a-0\nhalf")
        #expect(h.waitFor(1))
        clock.advance(by: 3599.9)
        #expect(h.waitUntilQuiet())
        #expect(h.received.map(\.text) == ["a-0"], "held before the timeout")
        clock.advance(by: 0.2)
        #expect(h.waitFor(2))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text) == ["a-0", "half"])
        #expect(h.metrics.counter("sluice_tailer_partial_lines_flushed_total") == 1)
    }

    /// `run --once` caught up: the last line is the end of the input, shipped at once.
    @Test func endOfInputShipsTheLastLineAtOnce() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        h.source.partialLineTimeout = 3600
        try h.append("app.log", "a-0\nlast")
        try h.start()
        #expect(h.waitFor(1))
        #expect(waitUntil { h.tailer?.holdsPartialLines == true })
        h.tailer?.endOfInput()
        #expect(h.waitFor(2, timeout: 10))
        try h.stop()
        #expect(h.received.map(\.text) == ["a-0", "last"])
    }
}
