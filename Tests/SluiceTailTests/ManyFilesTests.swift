import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// Many files, each written now and then: a wake-up looks at the files its directory events
/// named, not at every followed file (that is for the fallback every `poll_interval`, scans
/// and events other than writes).
@Suite struct ManyFilesTests {
    /// A harness over `count` files of one line each, followed and read; no timer pass (the
    /// fallback and the scans are far off), so only events make passes.
    func started(files count: Int, looked: RecordedValues<String>) throws -> TailerHarness {
        let h = try TailerHarness()
        h.settings.pollInterval = 60
        h.settings.scanInterval = 60
        h.source.rotateWait = 60
        h.settings.lookedAt = { looked.record($0) }
        for index in 0..<count { try h.append("app-\(index).log", "line of \(index)\n") }
        try h.start()
        #expect(h.waitFor(count))
        #expect(h.waitUntilQuiet())
        return h
    }

    @Test func aWriteToOneOfManyFilesIsLookedAtAlone() throws {
        let looked = RecordedValues<String>()
        let h = try started(files: 50, looked: looked)
        defer { h.finish() }
        #expect(looked.take().count >= 100, "the passes of the look looked at every file")
        try h.append("app-17.log", "late\n")
        #expect(h.waitFor(51))
        #expect(h.received.last?.text == "late")
        let paths = looked.take()
        #expect(!paths.isEmpty)
        #expect(paths.allSatisfy { $0 == h.log("app-17.log") }, "only the file written: \(Set(paths).sorted())")
    }

    /// A file renamed out of the globs keeps its old path; the events of its writes name its
    /// new one: it is found by device and inode, and still read at once.
    @Test func aFileRenamedOutOfTheGlobsIsReadFromItsWritesEvents() throws {
        let looked = RecordedValues<String>()
        let h = try started(files: 5, looked: looked)
        defer { h.finish() }
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: h.log("app-1.log")))
        defer { try? writer.close() }
        try writer.seekToEnd()
        try FileManager.default.moveItem(atPath: h.log("app-1.log"), toPath: h.log("app-1.log.1"))
        #expect(waitUntil(timeout: 10) { h.metrics.counter("sluice_tailer_rotations_total") == 1 })
        // The passes that saw the rename looked at every file; those of the write, at one.
        #expect(h.waitUntilQuiet())
        _ = looked.take()
        try writer.write(contentsOf: Data("after the rename\n".utf8))
        #expect(h.waitFor(6))
        #expect(h.received.last?.text == "after the rename")
        let paths = looked.take()
        #expect(!paths.isEmpty)
        #expect(paths.allSatisfy { $0 == h.log("app-1.log") }, "only the renamed file: \(Set(paths).sorted())")
    }
}
