import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

@Suite struct FileBatchReaderTests {
    @Test func readsEveryLineWithOriginsInBatches() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var text = ""
        for i in 0..<1000 { text += "{\"n\":\(i)}\n" }
        text += "{\"last\":true}"  // no newline: read once, so it is delivered too
        let path = try dir.write("a.jsonl", text)
        var reader = FileBatchReader(maxLineBytes: 1024)
        reader.chunkSize = 333  // lines straddle chunks
        reader.maxBatchEvents = 100
        var events: [Event] = []
        var batches = 0
        let count = try reader.readWhole(path: path, fileID: 9) { batch in
            events += batch.events
            batches += 1
        }
        #expect(count == 1001 && events.count == 1001)
        #expect(batches >= 10)
        #expect(events.allSatisfy { $0.origin.fileID == 9 && $0.flags.contains(.raw) })
        #expect(String(decoding: events[500].line, as: UTF8.self) == "{\"n\":500}")
        var offset: UInt64 = 0
        for event in events {
            #expect(event.origin.offset == offset)
            offset += UInt64(event.origin.length)
        }
        #expect(offset == UInt64(text.utf8.count))
    }

    @Test func truncatedLinesAreFlagged() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("big.jsonl", String(repeating: "x", count: 5000) + "\nshort\n")
        var events: [Event] = []
        try FileBatchReader(maxLineBytes: 256).readWhole(path: path, fileID: 0) { events += $0.events }
        #expect(events.map(\.line.count) == [256, 5])
        #expect(events[0].flags.contains(.truncatedLine) && !events[1].flags.contains(.truncatedLine))
    }
}
