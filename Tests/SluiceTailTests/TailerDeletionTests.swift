import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// A deleted file keeps its disk space only while Sluice holds it open: drained, it is closed
/// without waiting for acknowledgements; behind a stalled output, at most `rotate_wait` after
/// the deletion, with what is abandoned counted in bytes.
@Suite struct TailerDeletionTests {
    @Test func deletedFileBehindAStalledOutputIsAbandonedAfterRotateWaitWithItsBytesCounted() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try h.start()
        try h.append("app.log", "first\n")
        #expect(h.waitFor(1))
        h.stallConsumer()
        // Far more than the queue holds (4 batches of one read each), then no newline at the end.
        let line = String(repeating: "x", count: 200)
        try h.append("app.log", (0..<40_000).map { "\($0) \(line)\n" }.joined() + "partial")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: h.log("app.log"))[.size] as? Int)
        try FileManager.default.removeItem(atPath: h.log("app.log"))
        #expect(waitUntil(timeout: 10) { h.metrics.counter("sluice_tailer_files_abandoned_total") == 1 })
        #expect(waitUntil(timeout: 2) { !h.holdsDeleted("app.log") }, "the descriptor is closed: the disk space is free")
        h.resumeConsumer()
        let abandoned = h.metrics.counter("sluice_tailer_abandoned_bytes_total")
        #expect(abandoned > 0)
        // Every byte is accounted for: lines handed on (with their newlines) plus what was abandoned.
        #expect(waitUntil(timeout: 10) { h.received.reduce(0) { $0 + $1.text.utf8.count + 1 } + abandoned == size })
        let texts = h.received.map(\.text)
        #expect(texts.first == "first")
        #expect(texts.dropFirst().enumerated().allSatisfy { $0.element == "\($0.offset) \(line)" }, "a prefix, in order, nothing skipped")
        try h.stop()
    }

    @Test func drainedDeletedFileIsClosedBeforeItsLinesAreAcknowledged() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try h.start()
        h.stallConsumer()
        try h.append("app.log", "one\ntwo\n")
        #expect(waitUntil(timeout: 5) { h.metrics.counter("sluice_tailer_lines_read_total") == 2 })
        try FileManager.default.removeItem(atPath: h.log("app.log"))
        // Quiet for rotate_wait (0.5 s), then closed although nothing is acknowledged yet.
        #expect(waitUntil(timeout: 5) { !h.holdsDeleted("app.log") })
        #expect(h.metrics.counter("sluice_tailer_files_closed_total", ["reason": "finished"]) == 1)
        #expect(h.metrics.counter("sluice_tailer_abandoned_bytes_total") == 0)
        h.resumeConsumer()
        #expect(h.waitFor(2))
        try h.stop()
        #expect(h.received.map(\.text) == ["one", "two"])
    }

    @Test func deletedFileThatKeepsUpIsReadToItsEnd() throws {
        let h = try TailerHarness()
        defer { h.finish() }
        try h.start()
        try h.append("app.log", "line-0\n")
        #expect(h.waitFor(1))
        try h.append("app.log", (1..<5000).map { "line-\($0)\n" }.joined())
        try FileManager.default.removeItem(atPath: h.log("app.log"))
        #expect(h.waitFor(5000))
        #expect(waitUntil(timeout: 5) { !h.holdsDeleted("app.log") })
        try h.stop()
        let texts = h.received.map(\.text)
        #expect(texts.count == 5000 && texts == (0..<5000).map { "line-\($0)" })
        #expect(h.metrics.counter("sluice_tailer_abandoned_bytes_total") == 0)
    }
}
