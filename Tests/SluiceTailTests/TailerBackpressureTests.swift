import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// While the tailer waits on a full queue, files change under it; what it reads next must be
/// checked against what it read before.
@Suite struct TailerBackpressureTests {
    /// copytruncate while the tailer is blocked in the middle of a file, then the new
    /// generation written past the old read offset: the rest of the old generation comes from
    /// the copy, the new one from its start, every line exactly once and in order.
    @Test func copytruncateWhileBlockedOnAFullQueueLosesNothing() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        h.settings.chunkSize = 64 * 1024
        try h.start()
        try h.append("app.log", "first\n")
        #expect(h.waitFor(1))
        h.stallConsumer()
        let pad = String(repeating: "x", count: 200)
        let old = (0..<40_000).map { "old-\($0) \(pad)" }
        try h.append("app.log", old.map { $0 + "\n" }.joined())
        // The queue holds 4 batches and the consumer one more: the tailer reads a few 64 KiB
        // chunks, then blocks in the middle of the 8 MB file.
        #expect(waitUntil(timeout: 10) { h.metrics.counter("sluice_tailer_read_bytes_total") >= 300_000 })
        let readWhileBlocked = h.metrics.counter("sluice_tailer_read_bytes_total")
        #expect(readWhileBlocked < 1_000_000, "the tailer is held back, not reading the whole file")
        try FileManager.default.copyItem(atPath: h.log("app.log"), toPath: h.log("app.log.1"))
        try FileHandle(forWritingTo: URL(fileURLWithPath: h.log("app.log"))).truncate(atOffset: 0)
        // Far past the offset the tailer stopped at.
        let new = (0..<10_000).map { "new-\($0) \(pad)" }
        try h.append("app.log", new.map { $0 + "\n" }.joined())
        h.resumeConsumer()
        #expect(h.waitFor(1 + old.count + new.count, timeout: 30))
        try h.stop()
        let texts = h.received.map(\.text)
        #expect(texts.count == 1 + old.count + new.count, "\(texts.count) lines")
        #expect(texts == ["first"] + old + new, "every line once, each generation in order")
        #expect(h.metrics.counter("sluice_tailer_truncations_recovered_from_copy_total") == 1)
        #expect(h.metrics.counter("sluice_tailer_truncated_unread_bytes_total") == 0)
    }
}
