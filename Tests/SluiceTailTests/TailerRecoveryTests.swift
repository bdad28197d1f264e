import CSluiceSystem
import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

@Suite struct TailerRecoveryTests {
    func numbered(_ stream: String, _ range: Range<Int>) -> String {
        range.map { "\(stream)-\($0)\n" }.joined()
    }

    /// kill -9: every line at least once; duplicates only from after the last checkpoint.
    @Test func crashRereadsOnlyWhatWasNotCheckpointed() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try h.start()
        try h.append("a.log", numbered("a", 0..<5000))
        #expect(h.waitFor(5000))
        let byteOffset = { (n: Int) -> Int in (0..<n).reduce(0) { $0 + "a-\($1)\n".utf8.count } }
        // Let a periodic checkpoint cover those, then write more and crash at once.
        #expect(waitUntil { checkpointOffset(h) >= byteOffset(5000) })
        try h.append("a.log", numbered("a", 5000..<10000))
        let checkpointAtCrash = checkpointOffset(h)
        h.crash()
        try h.start()
        #expect(h.waitFor(10000))
        #expect(h.waitUntilQuiet())
        try h.stop()
        let numbers = h.received.map { Int($0.text.split(separator: "-")[1])! }
        #expect(Set(numbers) == Set(0..<10000), "every line at least once")
        // Lines before the checkpoint offset at crash time were never sent twice.
        var seen: Set<Int> = []
        for n in numbers where !seen.insert(n).inserted {
            #expect(byteOffset(n) >= checkpointAtCrash, "line \(n) duplicated although checkpointed")
        }
    }

    /// A file is in the checkpoint as soon as it is opened, not at the next interval: a crash
    /// after it was renamed out of the globs (a writer rotating faster than the interval)
    /// still finds it on restart. Both for a file there at start and one created later.
    @Test(arguments: [true, false])
    func aFileRenamedAwayBeforeTheIntervalIsFoundAfterACrash(presentAtStart: Bool) throws {
        let h = try TailerHarness()
        defer { h.finish() }
        h.settings.checkpointInterval = 3600
        if presentAtStart { try h.append("a.log", numbered("a", 0..<100)) }
        try h.start()
        h.stallConsumer()
        if !presentAtStart { try h.append("a.log", numbered("a", 0..<100)) }
        var st = stat()
        #expect(stat(h.log("a.log"), &st) == 0)
        let inode = "\(st.st_ino)"
        #expect(waitUntil {
            let text = (try? String(contentsOfFile: h.dataDir + "/checkpoints", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").dropFirst().contains { $0.split(separator: "\t")[2] == inode }
        }, "the file is checkpointed at once")
        try FileManager.default.moveItem(atPath: h.log("a.log"), toPath: h.log("a.log.1"))
        h.crash()
        try h.start()
        #expect(waitUntil { Set(h.received.map(\.text)).count >= 100 })
        try h.stop()
        #expect(Set(h.received.map(\.text)) == Set((0..<100).map { "a-\($0)" }))
    }

    /// While Sluice was down the writer went on and rotated twice: the first file was
    /// checkpointed (found by inode), the second never seen (created after the last checkpoint,
    /// renamed out of the globs): read whole. Older rotations and compressed ones are not.
    @Test func aFileRotatedWhileStoppedAndNeverSeenIsReadWhole() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try h.append("a.log.old", numbered("old", 0..<10))  // rotated before Sluice ever ran
        try h.start()
        try h.append("a.log", numbered("a", 0..<100))
        #expect(h.waitFor(100))
        try h.stop()
        try FileManager.default.moveItem(atPath: h.log("a.log"), toPath: h.log("a.log.1"))
        try h.append("a.log", numbered("b", 0..<100))
        try FileManager.default.moveItem(atPath: h.log("a.log"), toPath: h.log("a.log.2"))
        try h.append("a.log.2.gz", "\u{1f}binary\n")
        try h.append("a.log", numbered("c", 0..<100))
        try h.start()
        #expect(h.waitFor(300))
        #expect(h.waitUntilQuiet())
        try h.stop()
        let texts = h.received.map(\.text)
        if sluice_birth_time_ns(h.log("a.log.2")) >= 0 {
            #expect(texts.count == 300, "\(texts.count) lines for 300")
            #expect(Set(texts) == Set((numbered("a", 0..<100) + numbered("b", 0..<100) + numbered("c", 0..<100)).split(separator: "\n").map(String.init)))
            #expect(h.metrics.counter("sluice_tailer_rotation_cases_total", ["case": "unseen_drained"]) == 1)
        } else {
            // No creation times on this file system: the never-seen rotation cannot be told
            // from an old one and is left alone.
            #expect(texts.count == 200)
        }
    }

    func checkpointOffset(_ h: TailerHarness) -> Int {
        checkpointOffsets(dataDir: h.dataDir).max() ?? 0
    }

    /// Killed before its first checkpoint write (nothing was opened yet), while a file was
    /// created and renamed out of the globs: the restart has no checkpoint file, only the
    /// previous run's start, and reads what was created since then. Before, with no
    /// checkpoint file, rotated files were never looked for and these lines were lost.
    @Test func aFileRotatedAwayBeforeTheFirstCheckpointIsReadAfterACrash() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try h.start()
        h.crash()  // nothing opened, no checkpoint written: only `started` is on disk
        #expect(!FileManager.default.fileExists(atPath: h.dataDir + "/checkpoints"))
        try h.append("a.log", numbered("a", 0..<20))
        try FileManager.default.moveItem(atPath: h.log("a.log"), toPath: h.log("a.log.1"))
        try h.append("a.log", numbered("b", 0..<5))
        try h.start()
        #expect(h.waitFor(25))
        #expect(h.waitUntilQuiet())
        try h.stop()
        // Creation times (statx) are what tells files created since; every file system CI uses has them.
        #expect(sluice_birth_time_ns(h.log("a.log.1")) >= 0)
        #expect(Set(h.received.map(\.text)) == Set((numbered("a", 0..<20) + numbered("b", 0..<5)).split(separator: "\n").map(String.init)))
        #expect(h.received.count == 25)
    }

    @Test func startAtEndSkipsWhatIsThereAndBeginsOnALineBoundary() throws {
        let h = try TailerHarness(startAt: .end)
        defer { h.finish() }
        try h.append("a.log", numbered("old", 0..<100) + "old-partial")
        try h.start()
        try h.append("a.log", "-rest\n" + numbered("new", 0..<3))
        #expect(h.waitFor(4))
        try h.stop()
        #expect(h.received.map(\.text) == ["old-partial-rest", "new-0", "new-1", "new-2"])
    }

    /// start_at is for the first run: a file created while Sluice was stopped is new, and is
    /// read from its beginning after the restart.
    @Test func startAtEndDoesNotSkipFilesCreatedWhileStopped() throws {
        let h = try TailerHarness(startAt: .end)
        defer { h.finish() }
        try h.append("a.log", numbered("old", 0..<5))
        try h.start()
        try h.append("a.log", numbered("a", 0..<2))
        #expect(h.waitFor(2))
        try h.stop()
        try h.append("b.log", numbered("b", 0..<3))
        try h.start()
        #expect(h.waitFor(5))
        try h.stop()
        #expect(h.received.map(\.text) == ["a-0", "a-1", "b-0", "b-1", "b-2"])
    }

    @Test func partialLastLineOfARotatedFileIsFlushedAfterTheTimeout() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try h.start()
        try h.append("a.log", "one\nno newline")
        #expect(h.waitFor(1))
        try FileManager.default.moveItem(atPath: h.log("a.log"), toPath: h.log("a.log.1"))
        #expect(h.waitFor(2))
        try h.stop()
        #expect(h.received.map(\.text) == ["one", "no newline"])
    }

    @Test func longLinesAreCutAndCrlfRemovedThroughTheTailer() throws {
        let h = try TailerHarness(maxLineBytes: 300)
        defer { h.finish() }
        try h.start()
        try h.append("a.log", String(repeating: "x", count: 5000) + "\r\nshort\r\n")
        #expect(h.waitFor(2))
        try h.stop()
        #expect(h.received.map(\.text.count) == [300, 5])
        #expect(h.metrics.counter("sluice_tailer_lines_truncated_total") == 1)
    }

    @Test func corruptCheckpointsRecoverFromThePreviousGenerationOnStart() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try h.start()
        try h.append("a.log", numbered("a", 0..<10))
        #expect(h.waitFor(10))
        try h.stop()
        try h.start()
        try h.append("a.log", numbered("a", 10..<20))
        #expect(h.waitFor(20))
        try h.stop()  // two generations now: offsets of 10 and 20 lines
        let current = h.dataDir + "/checkpoints"
        try Data(repeating: 0, count: 300).write(to: URL(fileURLWithPath: current))
        try h.start()
        try h.append("a.log", numbered("a", 20..<25))
        // The previous generation holds the offset after line 10: lines 10… are read again.
        #expect(h.waitFor(35))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.count == 35)
        #expect(h.received.suffix(15).map(\.text) == (10..<25).map { "a-\($0)" })
        #expect(h.metrics.counter("sluice_tailer_checkpoint_recoveries_total", ["result": "recovered"]) == 1)
    }

    @Test func bothGenerationsCorruptRefusesToStartByDefault() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try FileManager.default.createDirectory(atPath: h.dataDir, withIntermediateDirectories: true)
        try Data(repeating: 0, count: 64).write(to: URL(fileURLWithPath: h.dataDir + "/checkpoints"))
        try Data(repeating: 0, count: 64).write(to: URL(fileURLWithPath: h.dataDir + "/checkpoints.prev"))
        #expect { try h.start() } throws: { "\($0)".contains("checkpoints.on_corrupt") }
        h.settings.onCorruptCheckpoints = .startAtBeginning
        try h.append("a.log", numbered("a", 0..<3))
        try h.start()
        #expect(h.waitFor(3))
    }
}
