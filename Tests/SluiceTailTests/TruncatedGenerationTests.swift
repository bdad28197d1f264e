import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// A copytruncated file: bytes of its new generation are never taken for the old one's, and
/// both generations' positions survive a crash.
@Suite struct TruncatedGenerationTests {
    func numbered(_ stream: String, _ range: Range<Int>) -> String {
        range.map { "\(stream)-\($0)\n" }.joined()
    }

    func byteOffset(_ stream: String, _ n: Int) -> UInt64 {
        UInt64((0..<n).reduce(0) { $0 + "\(stream)-\($1)\n".utf8.count })
    }

    func write(_ path: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Truncates `path` in place and writes `text` as its new generation (after copying it to
    /// `copy`, as copytruncate does, when given).
    func truncate(_ path: String, copyTo copy: String? = nil, refill text: String) throws {
        if let copy { try FileManager.default.copyItem(atPath: path, toPath: copy) }
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try writer.truncate(atOffset: 0)
        try writer.write(contentsOf: Data(text.utf8))
        try writer.close()
    }

    /// Truncated and refilled past the read offset between two reads (a fast writer during a
    /// long catch-up): the size says nothing, the read succeeds; the bytes must be refused.
    @Test func aReadAfterATruncationRefilledPastTheOffsetIsRefused() throws {
        let dir = try TempDirectory("sluice-truncated")
        defer { dir.remove() }
        let path = dir.path + "/app.log"
        try write(path, numbered("old", 0..<2000))
        let (file, fd) = try tailedFile(path)
        defer { close(fd) }
        guard case .lines(let first) = try file.readChunk(chunkSize: 4096, readTime: 0, counters: nil) else {
            Issue.record("the first read gave no lines")
            return
        }
        let offset = file.readOffset
        let emitted = file.emittedUpTo
        #expect(first.end == emitted && emitted > 0)

        // copytruncate, then the new generation grows past the old read offset.
        try truncate(path, refill: numbered("new", 0..<2000))

        guard case .rewritten = try file.readChunk(chunkSize: 4096, readTime: 0, counters: nil) else {
            Issue.record("bytes of the new generation were taken for the old one's")
            return
        }
        #expect(file.readOffset == offset, "the refused bytes are not counted as read")
        #expect(file.emittedUpTo == emitted, "nor are their lines")
    }

    /// The same with a new generation that starts with the old one's first bytes (the whole
    /// fingerprinted prefix): the bytes just before the read offset, read in the same `pread`
    /// as the new ones (a small read: `size` says little is there) or apart (a large one),
    /// tell the generations apart.
    @Test(arguments: [false, true])
    func theBytesBeforeTheOffsetTellARefillWithTheSamePrefix(smallRead: Bool) throws {
        let dir = try TempDirectory("sluice-truncated")
        defer { dir.remove() }
        let path = dir.path + "/app.log"
        let header = numbered("header", 0..<200)
        #expect(header.utf8.count > 1024, "the fingerprint covers header lines only")
        try write(path, header + numbered("old", 0..<2000))
        let (file, fd) = try tailedFile(path)
        defer { close(fd) }
        guard case .lines = try file.readChunk(chunkSize: 4096, readTime: 0, counters: nil) else {
            Issue.record("the first read gave no lines")
            return
        }
        let offset = file.readOffset
        let emitted = file.emittedUpTo
        #expect(offset > UInt64(header.utf8.count))

        try truncate(path, refill: header + numbered("new", 0..<2000))
        #expect(try file.prefixStillMatches(), "the first bytes do not tell")

        let size: UInt64? = smallRead ? offset + 100 : nil
        guard case .rewritten = try file.readChunk(chunkSize: 4096, size: size, readTime: 0, counters: nil) else {
            Issue.record("bytes of the new generation were taken for the old one's")
            return
        }
        #expect(file.readOffset == offset && file.emittedUpTo == emitted)
    }

    /// Reads that ask for only the bytes `fstat` saw, a line at a time (a file written
    /// slowly), give every line once, in order.
    @Test func smallReadsOfASlowlyWrittenFileGiveEveryLine() throws {
        let dir = try TempDirectory("sluice-truncated")
        defer { dir.remove() }
        let path = dir.path + "/app.log"
        try write(path, "")
        let (file, fd) = try tailedFile(path)
        defer { close(fd) }
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var lines: [String] = []
        for n in 0..<300 {
            try writer.seekToEnd()
            try writer.write(contentsOf: Data("slow-\(n)\n".utf8))
            let size = FileBytes.size(fd)
            while case .lines(var read) = try file.readChunk(chunkSize: 4096, size: size, readTime: 0, counters: nil) {
                var batch = Batch(events: read.events, lines: read.lines)
                read.lines = nil
                batch.cutLines()
                lines += batch.events.map { String(decoding: $0.line, as: UTF8.self) }
                if read.reachedEnd { break }
            }
        }
        try writer.close()
        #expect(lines == (0..<300).map { "slow-\($0)" })
        #expect(file.readOffset == byteOffset("slow", 300))
    }

    @Test func aFileThatOnlyGrewIsReadOn() throws {
        let dir = try TempDirectory("sluice-truncated")
        defer { dir.remove() }
        let path = dir.path + "/app.log"
        try write(path, numbered("a", 0..<2000))
        let (file, fd) = try tailedFile(path)
        defer { close(fd) }
        var lines = 0
        while case .lines(var read) = try file.readChunk(chunkSize: 4096, readTime: 0, counters: nil) {
            var batch = Batch(events: read.events, lines: read.lines)
            read.lines = nil
            batch.cutLines()
            lines += batch.events.count
        }
        #expect(lines == 2000)
        #expect(file.readOffset == byteOffset("a", 2000))
    }

    /// copytruncate, and the new generation reaches exactly the size already read (lines of
    /// equal length): no growth, no shrink. Still read, whether the file keeps its name or is
    /// renamed away after.
    @Test(arguments: [false, true])
    func aRefillToExactlyTheSizeReadIsRead(renamedAway: Bool) throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        try h.start()
        try h.append("app.log", numbered("old", 0..<1000))
        #expect(h.waitFor(1000))
        let path = h.log("app.log")
        try truncate(path, copyTo: path + ".1", refill: numbered("new", 0..<1000))
        if renamedAway { try FileManager.default.moveItem(atPath: path, toPath: path + ".2") }
        #expect(h.waitFor(2000))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text) == (0..<1000).map { "old-\($0)" } + (0..<1000).map { "new-\($0)" })
    }

    /// Checkpoints of two generations of one inode: the old one (its lines were still in
    /// flight when the file was truncated) and the current one. A restart drains the old one
    /// from the rotated copy and resumes the current one where it was, not from its start.
    @Test func restartDrainsTheOldGenerationFromItsCopyAndResumesTheNewOne() throws {
        let h = try TailerHarness(include: ["app.log"])
        defer { h.finish() }
        let path = h.log("app.log")
        try write(path, numbered("old", 0..<1000))
        var st = stat()
        #expect(stat(path, &st) == 0)
        // The old generation's identity, as the tailer knew it before the truncation.
        let oldFD = try FileIO.open(path, O_RDONLY)
        let oldIdentity = try FileIdentity.of(oldFD, path: path, cap: h.settings.fingerprintBytes)
        close(oldFD)
        // copytruncate: copy, truncate in place, the new generation is written.
        try truncate(path, copyTo: path + ".1", refill: numbered("new", 0..<1000))
        let newFD = try FileIO.open(path, O_RDONLY)
        let newIdentity = try FileIdentity.of(newFD, path: path, cap: h.settings.fingerprintBytes)
        let newOffset = byteOffset("new", 300)
        let check = try FileIdentity.readAt(newFD, offset: newOffset - 64, count: 64, path: path)
        close(newFD)
        try FileManager.default.createDirectory(atPath: h.dataDir, withIntermediateDirectories: true)
        try CheckpointStore(directory: h.dataDir).save([
            Checkpoint(path: path, identity: oldIdentity, offset: byteOffset("old", 400), checkLength: 0, check: 0),
            Checkpoint(path: path, identity: newIdentity, offset: newOffset, checkLength: 64, check: check.withUnsafeBytes { FNV1a.hash($0) }),
        ])

        try h.start()
        #expect(h.waitFor(1300))
        #expect(h.waitUntilQuiet())
        try h.stop()
        let texts = h.received.map(\.text)
        #expect(texts.count == 1300)
        #expect(texts.filter { $0.hasPrefix("old-") } == (400..<1000).map { "old-\($0)" }, "the old generation from its checkpoint, from the copy")
        #expect(texts.filter { $0.hasPrefix("new-") } == (300..<1000).map { "new-\($0)" }, "the new generation from its own checkpoint")
        #expect(h.metrics.counter("sluice_tailer_truncations_recovered_from_copy_total") == 1)
        #expect(h.metrics.counter("sluice_tailer_files_resumed_total") == 1)
    }

    /// The same through the tailer: truncated while the old lines wait for an output that is
    /// down, then a crash. The checkpoint on disk holds both generations of the inode; after
    /// the restart every line arrives.
    @Test(arguments: ["app.log", "app.log*"])
    func aCrashWhileTheOldGenerationIsInFlightLosesNothing(include: String) throws {
        let h = try TailerHarness(include: [include])
        defer { h.finish() }
        try h.start()
        h.stallConsumer()
        try h.append("app.log", numbered("old", 0..<1000))
        // Read (and held unacknowledged) before the truncation.
        #expect(waitUntil { h.metrics.counter("sluice_tailer_read_bytes_total") >= Int(byteOffset("old", 1000)) })
        let path = h.log("app.log")
        try truncate(path, copyTo: path + ".1", refill: numbered("new", 0..<500))
        var st = stat()
        #expect(stat(path, &st) == 0)
        let inode = "\(st.st_ino)"
        let entriesForInode = { () -> Int in
            let text = (try? String(contentsOfFile: h.dataDir + "/checkpoints", encoding: .utf8)) ?? ""
            // Positions only (an entry with the largest offset records a truncated generation).
            return text.split(separator: "\n").dropFirst().filter {
                $0.split(separator: "\t")[2] == inode && $0.split(separator: "\t")[6] != "\(UInt64.max)"
            }.count
        }
        #expect(waitUntil { entriesForInode() == 2 }, "both generations of the inode are checkpointed")
        h.crash()
        try h.start()
        #expect(waitUntil { Set(h.received.map(\.text)).count >= 1500 })
        try h.stop()
        let texts = Set(h.received.map(\.text))
        #expect(texts == Set(numbered("old", 0..<1000).split(separator: "\n").map(String.init) + numbered("new", 0..<500).split(separator: "\n").map(String.init)))
    }

    /// A glob that selects the rotated names too (`app.log*`): the copy copytruncate leaves
    /// is the old generation, not a new file; its lines arrive once. Whether the tailer had
    /// read the old generation whole before the copy, or was held back by a full queue (the
    /// rest then comes from the copy).
    @Test(arguments: [false, true])
    func aCopyInTheGlobIsNotShippedAgain(heldBack: Bool) throws {
        let h = try TailerHarness(include: ["app.log*"])
        defer { h.finish() }
        h.settings.chunkSize = 4096
        try h.start()
        if heldBack { h.stallConsumer() }
        try h.append("app.log", numbered("old", 0..<5000))
        if heldBack {
            // Blocked on the full queue, far from the end of the old generation.
            #expect(waitUntil { h.metrics.counter("sluice_tailer_read_bytes_total") >= 4 * 4096 })
        } else {
            #expect(h.waitFor(5000))
        }
        let path = h.log("app.log")
        try truncate(path, copyTo: path + ".1", refill: numbered("new", 0..<500))
        if heldBack { h.resumeConsumer() }
        #expect(h.waitFor(5500))
        #expect(h.waitUntilQuiet())
        try h.stop()
        let texts = h.received.map(\.text)
        #expect(texts.count == 5500, "\(texts.count) lines for 5500")
        #expect(texts.filter { $0.hasPrefix("old-") } == (0..<5000).map { "old-\($0)" })
        #expect(texts.filter { $0.hasPrefix("new-") } == (0..<500).map { "new-\($0)" })
        #expect(h.metrics.counter("sluice_tailer_copies_recognized_total") == 1)
    }

    /// A copy that appears before the original was read at all (a busy agent that opened
    /// both in one pass, as after a restart or under load): still a copy, not a file of its
    /// own; its lines arrive once, from the original. Before, a copy was recognised only by
    /// the bytes last read from the original, so with none read it was shipped again whole.
    @Test func aCopyOfAFileNotReadYetIsNotShippedAgain() throws {
        let h = try TailerHarness(include: ["app.log*"])
        defer { h.finish() }
        try h.append("app.log", numbered("a", 0..<1000))
        try FileManager.default.copyItem(atPath: h.log("app.log"), toPath: h.log("app.log.1"))
        try h.start()
        #expect(h.waitFor(1000))
        try h.append("app.log", numbered("a", 1000..<1200))
        #expect(h.waitFor(1200))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text) == (0..<1200).map { "a-\($0)" })
        #expect(h.metrics.counter("sluice_tailer_copies_recognized_total") == 1)
    }

    /// A log of a few short lines (fewer than the 64 bytes a copy must otherwise share with
    /// its original), copytruncated with `app.log*`: the copy, named as a rotation of the
    /// original, is a copy too; its lines arrive once. Before, it was read again whole.
    @Test func aCopyOfAFewShortLinesNamedAsARotationIsACopy() throws {
        let h = try TailerHarness(include: ["app.log*"])
        defer { h.finish() }
        try h.start()
        try h.append("app.log", numbered("a", 0..<3))
        #expect(h.waitFor(3))
        #expect(h.waitUntilQuiet())
        let path = h.log("app.log")
        try truncate(path, copyTo: path + ".1", refill: "")
        try h.append("app.log", numbered("b", 0..<2))
        #expect(h.waitFor(5))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text) == ["a-0", "a-1", "a-2", "b-0", "b-1"])
    }

    /// A `cp` of a followed log beside it, in the globs, and the original goes on: the copy's
    /// lines are the original's, shipped once; the original's new lines still arrive.
    @Test func aBackupCopyOfAFollowedFileIsNotShippedAgain() throws {
        let h = try TailerHarness(include: ["*"])
        defer { h.finish() }
        try h.start()
        try h.append("app.log", numbered("a", 0..<1000))
        #expect(h.waitFor(1000))
        try FileManager.default.copyItem(atPath: h.log("app.log"), toPath: h.log("app.log.bak"))
        #expect(waitUntil { h.metrics.counter("sluice_tailer_copies_recognized_total") == 1 })
        try h.append("app.log", numbered("a", 1000..<1200))
        #expect(h.waitFor(1200))
        #expect(h.waitUntilQuiet())
        try h.stop()
        #expect(h.received.map(\.text) == (0..<1200).map { "a-\($0)" })
    }
}
