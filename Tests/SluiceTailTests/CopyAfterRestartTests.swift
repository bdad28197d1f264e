import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// A copytruncate soon after a restart: the copy holds lines already shipped. They are not
/// shipped again, and where they must be read again (not yet acknowledged at a crash), they
/// carry the ids they had (Elasticsearch answers 409 for them), whichever name they are read
/// under.
@Suite struct CopyAfterRestartTests {
    func numbered(_ stream: String, _ range: Range<Int>) -> String {
        range.map { "\(stream)-\($0)\n" }.joined()
    }

    /// copytruncate: copies `path` to `copy`, truncates it in place and writes `refill`.
    func copytruncate(_ path: String, to copy: String, refill: String) throws {
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try writer.truncate(atOffset: 0)
        try writer.write(contentsOf: Data(refill.utf8))
        try writer.close()
    }

    /// Restarts `h` after a crash (checkpoints every 100 ms), waits for the 1,000 `old-` and
    /// 10 `new-` lines and the end of reading, and stops it: every line arrived, each under
    /// one id (key and offset) however often it was read.
    func restartAndExpectEveryLineUnderOneId(_ h: TailerHarness) throws {
        h.settings.checkpointInterval = 0.1
        try h.start()
        #expect(waitUntil { Set(h.received.map(\.text)).count == 1010 })
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        try h.stop()
        let expected = Set(numbered("old", 0..<1000).split(separator: "\n").map(String.init) + (0..<10).map { "new-\($0)" })
        #expect(Set(h.received.map(\.text)) == expected)
        var ids: [String: Set<String>] = [:]
        for line in h.received { ids[line.text, default: []].insert("\(line.key)/\(line.offset)") }
        let underSeveralIds = ids.values.filter { $0.count > 1 }.count
        #expect(underSeveralIds == 0, "lines shipped under more than one id")
    }

    /// Resumed at the end of `app.log` after a stop or a crash, the tailer has read nothing of
    /// it when copytruncate runs: the copy in the glob is the generation it has shipped, not a
    /// new file.
    @Test(arguments: [("app.log*", false), ("app.log*", true), ("*", false), ("*", true)])
    func aCopyMadeBeforeTheFirstReadAfterARestartIsNotShippedAgain(include: String, crash: Bool) throws {
        let h = try TailerHarness(include: [include])
        defer { h.finish() }
        try h.append("app.log", numbered("old", 0..<1000))
        try h.start()
        #expect(h.waitFor(1000))
        if crash {
            let end = UInt64(numbered("old", 0..<1000).utf8.count)
            let store = CheckpointStore(directory: h.dataDir)
            #expect(waitUntil { (try? store.load().checkpoints.first?.offset) == end }, "the whole file is checkpointed")
            h.crash()
        } else {
            try h.stop()
        }
        try h.start()
        #expect(h.metrics.counter("sluice_tailer_files_resumed_total") == 1)
        let path = h.log("app.log")
        try copytruncate(path, to: path + ".1", refill: numbered("new", 0..<10))
        #expect(h.waitFor(1010))
        // The copy is opened (recognised, or read: before the fix, 1,000 lines again).
        #expect(waitUntil { h.metrics.counter("sluice_tailer_copies_recognized_total") == 1 || h.received.count > 1010 })
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        try h.stop()
        let texts = h.received.map(\.text)
        #expect(texts.count == 1010, "\(texts.count) lines for 1010")
        #expect(texts == (0..<1000).map { "old-\($0)" } + (0..<10).map { "new-\($0)" })
    }

    /// A crash before the first checkpoint after the file was opened, soon after a
    /// copytruncate: on disk, the file's checkpoint is the one written when it was opened
    /// (unless opening the copy in the globs wrote a newer one). After the restart, what is
    /// read again from the copy keeps the ids its lines had, whether the copy sorts after the
    /// original or before it: every line has one id (`*.log` with `app.log.1` reads all 1,000
    /// again; before the fix, under new ids).
    @Test(arguments: [("app.log", "app.log.1", "*.log"), ("app.log", "app.log.1", "app.log*"), ("z.log", "a.log", "*.log")])
    func linesReadAgainFromTheCopyKeepTheirIds(original: String, copy: String, include: String) throws {
        let h = try TailerHarness(include: [include])
        defer { h.finish() }
        h.settings.checkpointInterval = 3600
        try h.append(original, numbered("old", 0..<1000))
        try h.start()
        #expect(h.waitFor(1000))
        let path = h.log(original)
        try copytruncate(path, to: h.log(copy), refill: numbered("new", 0..<10))
        h.crash()

        try restartAndExpectEveryLineUnderOneId(h)
    }

    /// A file empty when the tailer started: the checkpoint written then holds no fingerprint
    /// and no key. Its lines are shipped, it is copytruncated, and the agent crashes before
    /// the next periodic checkpoint. After the restart, the copy holds lines shipped under the
    /// file's key: read again, they keep their ids (before the fix, the copy was read as a
    /// file of its own, under its own inode's key: the chaos test's 1,598 lines stored twice).
    @Test(arguments: ["*.log", "app.log*"])
    func aFileEmptyAtStartKeepsItsIdsInItsCopyAfterACrash(include: String) throws {
        let h = try TailerHarness(include: [include])
        defer { h.finish() }
        h.settings.checkpointInterval = 3600
        try h.append("app.log", "")
        try h.start()
        try h.append("app.log", numbered("old", 0..<1000))
        #expect(h.waitFor(1000))
        let path = h.log("app.log")
        try copytruncate(path, to: path + ".1", refill: numbered("new", 0..<10))
        h.crash()

        try restartAndExpectEveryLineUnderOneId(h)
    }

    /// The checkpoint holds a copy in the globs followed at its end while it was still being
    /// written, and the generation it copies, acknowledged further on. The restart reads the
    /// rest of that generation from the copy once, under the generation's id, and does not
    /// open the copy a second time from its own entry.
    @Test func aCopyCheckpointedWhileBeingWrittenIsReadOnceUnderTheGenerationsId() throws {
        let h = try TailerHarness(include: ["app.log*"])
        defer { h.finish() }
        let path = h.log("app.log")
        try h.append("app.log", numbered("old", 0..<1000))
        let oldFD = try FileIO.open(path, O_RDONLY)
        let old = try FileIdentity.of(oldFD, path: path, cap: h.settings.fingerprintBytes)
        close(oldFD)
        try copytruncate(path, to: path + ".1", refill: numbered("new", 0..<10))
        let copyFD = try FileIO.open(path + ".1", O_RDONLY)
        let copy = try FileIdentity.of(copyFD, path: path + ".1", cap: h.settings.fingerprintBytes)
        let copyEnd = UInt64(numbered("old", 0..<500).utf8.count)
        let check = try FileIdentity.readAt(copyFD, offset: copyEnd - 64, count: 64, path: path + ".1")
        close(copyFD)
        try FileManager.default.createDirectory(atPath: h.dataDir, withIntermediateDirectories: true)
        try CheckpointStore(directory: h.dataDir).save([
            Checkpoint(path: path, identity: old, offset: UInt64(numbered("old", 0..<800).utf8.count), checkLength: 0, check: 0),
            Checkpoint(path: path + ".1", identity: copy, offset: copyEnd, checkLength: 64, check: check.withUnsafeBytes { FNV1a.hash($0) }),
        ])
        try h.start()
        #expect(h.waitFor(210))
        #expect(waitUntil { h.tailer?.isCaughtUp == true })
        try h.stop()
        let texts = h.received.map(\.text)
        #expect(texts.count == 210, "\(texts.count) lines for 210")
        #expect(Set(texts) == Set((800..<1000).map { "old-\($0)" } + (0..<10).map { "new-\($0)" }))
        let keys = Set(h.received.filter { $0.text.hasPrefix("old-") }.map(\.key))
        #expect(keys == [old.key], "the generation's lines under its own key")
    }
}
