import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// Sources replaced while running (``Tailer/replaceSources(_:)``, for hot reload): new globs
/// take files there already and files appearing later; files no longer selected are drained
/// like rotated files, then closed; files kept are not read again. Exact counts at quiescence
/// (``TailerHarness/waitUntilQuiet(timeout:)``), the time rules on a clock moved by hand.
@Suite struct SourceReplacementTests {
    @Test func aNewSourcesGlobTakesAnExistingFileAndANewOne() throws {
        let h = try TailerHarness(include: ["a.log"])
        defer { h.finish() }
        try h.append("a.log", "a-0\n")
        try h.append("b.txt", "b-0\nb-1\n")
        try h.start()
        #expect(h.waitFor(1))
        #expect(h.waitUntilQuiet())
        #expect(h.received.map(\.text) == ["a-0"], "b.txt is not selected yet")

        var extra = h.source
        extra.name = "extra"
        extra.include = [h.log("*.txt")]
        h.tailer?.replaceSources([h.source, extra])
        #expect(h.waitFor(3))
        #expect(h.waitUntilQuiet())
        try h.append("c.txt", "c-0\n")
        try h.append("a.log", "a-1\n")
        #expect(h.waitFor(5))
        #expect(h.waitUntilQuiet())
        try h.stop()
        let lines = h.received.map { "\(Directory.name(of: $0.path)):\($0.text)" }
        #expect(lines.sorted() == ["a.log:a-0", "a.log:a-1", "b.txt:b-0", "b.txt:b-1", "c.txt:c-0"])
    }

    /// An existing file a new source selects starts as that source's `start_at` says (here at
    /// its end); what is written to it afterwards is read.
    @Test func aNewSourceWithStartAtEndTakesAnExistingFileAtItsEnd() throws {
        let h = try TailerHarness(include: ["a.log"])
        defer { h.finish() }
        try h.append("a.log", "a-0\n")
        try h.append("b.txt", "old-0\nold-1\n")
        try h.start()
        #expect(h.waitFor(1))
        var extra = h.source
        extra.name = "extra"
        extra.include = [h.log("b.txt")]
        extra.startAt = .end
        h.tailer?.replaceSources([h.source, extra])
        #expect(h.waitUntilQuiet())
        try h.append("b.txt", "new-0\n")
        #expect(h.waitFor(2))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text) == ["a-0", "new-0"])
    }

    /// A file whose glob is dropped is read to its end (also what its writer adds before
    /// `rotate_wait` passes), then closed: what is written to it later is not read, and its
    /// checkpoint is kept, so that selecting it again after a restart resumes where reading
    /// stopped (nothing lost, nothing twice).
    @Test func aDroppedGlobsFileIsDrainedThenClosedAndNotReadFurther() throws {
        let h = try TailerHarness(include: ["a.log", "b.log"])
        defer { h.finish() }
        let clock = ManualClock()
        h.settings.clock = clock
        let both = h.source
        try h.append("a.log", "a-0\n")
        try h.append("b.log", "b-0\n")
        try h.start()
        #expect(h.waitFor(2))
        #expect(h.waitUntilQuiet())

        var onlyA = h.source
        onlyA.include = [h.log("a.log")]
        h.tailer?.replaceSources([onlyA])
        try h.append("b.log", "b-1\n")
        #expect(h.waitFor(3), "written before the replacement: read, whichever comes first")
        #expect(h.waitUntilQuiet())
        // Within rotate_wait (the clock has not moved): still followed, like a rotated file.
        try h.append("b.log", "b-2\n")
        #expect(h.waitFor(4), "a dropped file is drained while its writer may still write")
        #expect(h.waitUntilQuiet())
        #expect(h.metrics.counter("sluice_tailer_files_closed_total", ["reason": "finished"]) == 0)

        clock.advance(by: 1)  // past rotate_wait (0.5 s)
        #expect(waitUntil { h.metrics.counter("sluice_tailer_files_closed_total", ["reason": "finished"]) == 1 })
        #expect(h.waitUntilQuiet())
        try h.append("b.log", "b-late\n")
        try h.append("a.log", "a-1\n")
        #expect(h.waitFor(5))
        #expect(h.waitUntilQuiet())
        #expect(h.received.map(\.text).sorted() == ["a-0", "a-1", "b-0", "b-1", "b-2"], "closed: b-late is not read")
        try h.stop()

        // Selected again after a restart: resumed where reading stopped.
        h.source = both
        try h.start()
        #expect(h.waitFor(6))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text).sorted() == ["a-0", "a-1", "b-0", "b-1", "b-2", "b-late"])
    }

    /// A file selected before and after (its source's settings changed) keeps its position:
    /// not read again, now or after a restart.
    @Test func aFileKeptAcrossTheReplacementIsNotReadAgain() throws {
        let h = try TailerHarness(include: ["*.log"])
        defer { h.finish() }
        try h.append("a.log", "a-0\na-1\n")
        try h.start()
        #expect(h.waitFor(2))
        #expect(h.waitUntilQuiet())

        var changed = h.source
        changed.include = [h.log("a.log"), h.log("*.txt")]
        changed.rotateWait = 0.7
        changed.partialLineTimeout = 0.3
        h.tailer?.replaceSources([changed])
        #expect(h.waitUntilQuiet())
        #expect(h.received.map(\.text) == ["a-0", "a-1"])
        try h.append("a.log", "a-2\n")
        #expect(h.waitFor(3))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text) == ["a-0", "a-1", "a-2"])
        #expect(h.received.map(\.offset) == [0, 4, 8])

        h.source = changed
        try h.start()
        try h.append("a.log", "a-3\n")
        #expect(h.waitFor(4))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text) == ["a-0", "a-1", "a-2", "a-3"])
    }

    /// More files than descriptors: files closed for want of one (dormant) and no longer
    /// selected are opened again to be drained like rotated files, then closed; nothing
    /// written before they closed is lost, nothing after is read.
    @Test func droppedFilesClosedForWantOfDescriptorsAreDrainedToo() throws {
        let h = try TailerHarness(include: ["*.log"])
        defer { h.finish() }
        let clock = ManualClock()
        h.settings.clock = clock
        h.settings.maxOpenFiles = 2
        for file in 0..<4 { try h.append("d\(file).log", (0..<5).map { "d\(file)-\($0)\n" }.joined()) }
        try h.start()
        #expect(h.waitFor(20))
        #expect(h.waitUntilQuiet())
        #expect(h.metrics.counter("sluice_tailer_files_closed_total", ["reason": "idle"]) > 0, "some files are dormant")

        var onlyD0 = h.source
        onlyD0.include = [h.log("d0.log")]
        h.tailer?.replaceSources([onlyD0])
        for file in 1..<4 { try h.append("d\(file).log", "d\(file)-5\n") }
        // Each dropped file closes after rotate_wait of quiet, freeing a descriptor for the next.
        #expect(waitUntil {
            clock.advance(by: 0.2)
            return h.received.count >= 23 && h.metrics.counter("sluice_tailer_files_closed_total", ["reason": "finished"]) == 3
        })
        #expect(h.waitUntilQuiet())
        for file in 1..<4 { try h.append("d\(file).log", "d\(file)-late\n") }
        try h.append("d0.log", "d0-5\n")
        #expect(h.waitFor(24))
        #expect(h.waitUntilQuiet())
        try h.stop()
        let expected = (0..<4).flatMap { file in (0..<6).map { "d\(file)-\($0)" } }
        #expect(h.received.map(\.text).sorted() == expected.sorted())
    }
}
