import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// Many files written without pause: the wait between passes grows with the files a pass
/// reads, and while writes outnumber the files the kernel stops reporting them and every
/// pass looks at every file's size instead. No line is missed either way.
@Suite struct PolledWritesTests {
    @Test func theWaitGrowsWithTheFilesAPassReadUpToFourTimes() {
        var settings = TailerSettings()
        #expect(settings.coalesceInterval == 0.25 && settings.filesPerCoalescedPass == 128 && settings.coalesceGrowth == 4)
        #expect(Tailer.coalesceWindow(after: 0, settings) == 0.25)
        #expect(Tailer.coalesceWindow(after: 128, settings) == 0.25)
        #expect(Tailer.coalesceWindow(after: 256, settings) == 0.5)
        #expect(Tailer.coalesceWindow(after: 500, settings) == 0.25 * 500 / 128)
        #expect(Tailer.coalesceWindow(after: 5000, settings) == 1.0)
        settings.coalesceInterval = 0
        #expect(Tailer.coalesceWindow(after: 5000, settings) == 0, "coalesce_reads: 0s reads at once, however many files")
    }

    /// A pass sooner than the wait (a file left unread, a look asked for) read only what was
    /// written meanwhile: it lengthens the wait at most. Else 500 files written 20 times a
    /// second settle at passes of 125 files every 250 ms.
    @Test func aPassSoonerThanTheWaitDoesNotShortenIt() {
        let settings = TailerSettings()
        let early = Tailer.coalesceWindow(after: 22, sincePreviousPass: 0.008, was: 0.9765625, settings)
        #expect(early.0 == 0.9765625 && !early.1)
        let longer = Tailer.coalesceWindow(after: 1000, sincePreviousPass: 0.008, was: 0.5, settings)
        #expect(longer.0 == 1.0 && !longer.1)
        let whole = Tailer.coalesceWindow(after: 100, sincePreviousPass: 0.98, was: 0.9765625, settings)
        #expect(whole.0 == 0.25 && whole.1)
        let atOnce = Tailer.coalesceWindow(after: 500, sincePreviousPass: 0.251, was: 0.25, settings)
        #expect(atOnce.0 == 0.9765625 && atOnce.1)
    }

    @Test func writesArePolledWhileTheyOutnumberTheFilesTwice() {
        let settings = TailerSettings()
        // 500 files, 20 writes a second each, a 1 s window: 10,000 events.
        #expect(Tailer.pollsWrites(writeEvents: 10_000, filesRead: 500, files: 500, polling: false, settings))
        #expect(!Tailer.pollsWrites(writeEvents: 999, filesRead: 500, files: 500, polling: false, settings))
        // One file: its writes' events merge in the kernel's queue, and a few are not worth it.
        #expect(!Tailer.pollsWrites(writeEvents: 255, filesRead: 1, files: 1, polling: false, settings))
        // Polling goes on while a quarter of the files or more are read at each look.
        #expect(Tailer.pollsWrites(writeEvents: 0, filesRead: 125, files: 500, polling: true, settings))
        #expect(!Tailer.pollsWrites(writeEvents: 0, filesRead: 124, files: 500, polling: true, settings))
        #expect(!Tailer.pollsWrites(writeEvents: 0, filesRead: 0, files: 500, polling: true, settings))
    }

    /// A harness over four files of one line each, followed and quiet, whose writes are
    /// polled once a window of 50 ms holds 16 (`switches` records each switch); `include` as
    /// ``TailerHarness/init(include:startAt:maxLineBytes:)``. No fallback look or scan comes:
    /// they are a minute off. `padding`: bytes added to each first line; `chunkSize`, when
    /// given, the reads' chunk.
    func started(include: [String] = ["*.log"], switches: RecordedValues<Bool>, padding: Int = 0, chunkSize: Int? = nil) throws -> TailerHarness {
        let h = try TailerHarness(include: include)
        if let chunkSize { h.settings.chunkSize = chunkSize }
        h.settings.pollInterval = 60
        h.settings.scanInterval = 60
        h.source.rotateWait = 60
        h.settings.coalesceInterval = 0.05
        h.settings.polledWritesFloor = 16
        h.settings.pollingWrites = { switches.record($0) }
        for index in 0..<4 { try h.append("app-\(index).log", "first of \(index)\(String(repeating: "x", count: padding))\n") }
        try h.start()
        #expect(h.waitFor(4))
        #expect(h.waitUntilQuiet())
        return h
    }

    /// Writes a line `line R of I` to each file, round after round, until the writes are
    /// polled (and as many rounds again when `asLongAgain`); returns the rounds written. The
    /// pauses are the writer's pace, not a synchronisation.
    func writeUntilPolled(_ h: TailerHarness, _ switches: RecordedValues<Bool>, asLongAgain: Bool = false) throws -> Int {
        var rounds = 0
        var polledAt: Int?
        let deadline = Monotonic.now() + 15
        while Monotonic.now() < deadline {
            if let polledAt, !asLongAgain || rounds >= 2 * polledAt { break }
            for index in 0..<4 { try h.append("app-\(index).log", "line \(rounds) of \(index)\n") }
            rounds += 1
            if polledAt == nil, switches.all.contains(true) { polledAt = rounds }
            usleep(2_000)
        }
        #expect(polledAt != nil, "writes polled: \(switches.all)")
        return rounds
    }

    /// Four files written in turn without pause: writes are polled (nothing is missed), then
    /// reported again once writing stops, and a lone write after that is read at once (no
    /// fallback look comes: it is a minute off).
    @Test func polledWritesAreAllReadAndReportedAgainAfterwards() throws {
        let switches = RecordedValues<Bool>()
        let h = try started(switches: switches)
        defer { h.finish() }
        let rounds = try writeUntilPolled(h, switches, asLongAgain: true)
        #expect(h.waitFor(4 + 4 * rounds))
        let deadline = Monotonic.now() + 15
        while switches.all != [true, false] && Monotonic.now() < deadline { usleep(10_000) }
        #expect(switches.all == [true, false], "polled, then reported again: \(switches.all)")
        try h.append("app-2.log", "after\n")
        #expect(h.waitFor(4 + 4 * rounds + 1))
        #expect(h.received.last?.text == "after")
        let texts = h.received.map(\.text)
        for round in 0..<rounds {
            for index in 0..<4 { #expect(texts.contains("line \(round) of \(index)")) }
        }
        #expect(texts.count == 4 + 4 * rounds + 1, "each line once")
    }

    /// Renamed and replaced while its writes are polled (`app-0.log` to `app-0.log.1`, a new
    /// `app-0.log`, both written on): the rename is still reported, and every line of both
    /// generations is read once.
    @Test func aFileRotatedWhileWritesArePolledLosesNothing() throws {
        let switches = RecordedValues<Bool>()
        let h = try started(include: ["app-*.log", "app-*.log.1"], switches: switches)
        defer { h.finish() }
        var expected = try 4 + 4 * writeUntilPolled(h, switches)
        // The rotation, while writes are polled: the old file is written on under its new name.
        #expect(rename(h.log("app-0.log"), h.log("app-0.log.1")) == 0)
        for round in 0..<30 {
            try h.append("app-0.log.1", "late old \(round)\n")
            for index in 0..<4 { try h.append("app-\(index).log", "after \(round) of \(index)\n") }
            expected += 5
            usleep(2_000)
        }
        #expect(h.waitFor(expected))
        let texts = h.received.map(\.text)
        #expect(texts.count == expected, "each line once")
        #expect(Set(texts).count == texts.count)
        for round in 0..<30 {
            #expect(texts.contains("late old \(round)"))
            for index in 0..<4 { #expect(texts.contains("after \(round) of \(index)")) }
        }
    }

    /// Copied and truncated while its writes are polled, with lines written since the last
    /// look (a window is longer than a write apart): those are in the copy only, and are read
    /// from it; the truncated file's new lines are read too, each line once.
    @Test func aFileCopytruncatedWhileWritesArePolledLosesNothing() throws {
        let switches = RecordedValues<Bool>()
        let h = try started(include: ["app-*.log", "app-*.log.1"], switches: switches)
        defer { h.finish() }
        var expected = try 4 + 4 * writeUntilPolled(h, switches)
        // Lines the polling has not looked at yet, then the copy and the truncation at once.
        try h.append("app-0.log", "unread 1\nunread 2\n")
        expected += 2
        try FileManager.default.copyItem(atPath: h.log("app-0.log"), toPath: h.log("app-0.log.1"))
        #expect(truncate(h.log("app-0.log"), 0) == 0)
        for after in 0..<20 {
            for index in 0..<4 { try h.append("app-\(index).log", "after \(after) of \(index)\n") }
            expected += 4
            usleep(2_000)
        }
        #expect(h.waitFor(expected))
        #expect(h.waitUntilQuiet())
        let texts = h.received.map(\.text)
        #expect(texts.count == expected, "each line once")
        #expect(Set(texts).count == texts.count)
        #expect(texts.contains("unread 1") && texts.contains("unread 2"))
        for after in 0..<20 {
            for index in 0..<4 { #expect(texts.contains("after \(after) of \(index)")) }
        }
    }

    /// While writes are polled, a file is read without its size asked first: a burst larger
    /// than that read's buffer (half a chunk) is read on to its end, and a file truncated and
    /// refilled past where it was read is read as a new generation, its old lines not again
    /// - all while the writes stay polled (the other files written on), so by those reads,
    /// not by a look at every file's size (the fallback is a minute off).
    @Test func aBurstAndARefillAreReadWithoutTheSizeAskedFirst() throws {
        let switches = RecordedValues<Bool>()
        // First lines longer than a fingerprint (1 KB): no file's fingerprint grows any more.
        let h = try started(switches: switches, padding: 1100, chunkSize: 8192)
        defer { h.finish() }
        var expected = try 4 + 4 * writeUntilPolled(h, switches)
        // 40 KB at once: ten times what one read without the size takes.
        try h.append("app-1.log", (0..<1000).map { "burst \($0) of 1\n" }.joined())
        expected += 1000
        // Truncated and refilled past the old end, with other lines (what it held unread is
        // lost with no copy: only its new lines are counted).
        #expect(truncate(h.log("app-2.log"), 0) == 0)
        try h.append("app-2.log", (0..<2000).map { "refill \($0) of 2\n" }.joined())
        // The others written on until those lines are in.
        var round = 0
        let deadline = Monotonic.now() + 15
        while Monotonic.now() < deadline {
            let texts = Set(h.received.map(\.text))
            if texts.contains("burst 999 of 1") && texts.contains("refill 1999 of 2") { break }
            for index in [0, 3] { try h.append("app-\(index).log", "after \(round) of \(index)\n") }
            round += 1
            usleep(2_000)
        }
        #expect(switches.all == [true], "polled all along: \(switches.all)")
        let texts = h.received.map(\.text)
        #expect(Set(texts).count == texts.count, "each line once")
        let missing = (0..<1000).map { "burst \($0) of 1" }.filter { !texts.contains($0) } + (0..<2000).map { "refill \($0) of 2" }.filter { !texts.contains($0) }
        #expect(missing.count == 0, "missing: \(missing.prefix(10))")
        #expect(texts.count >= expected + 2000 - 1, "at most the last line written before the truncation lost")
    }
}
