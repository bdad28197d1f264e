import Testing
@testable import SluiceCore

@Suite struct LineBlockTests {
    func block(_ text: String, offset: UInt64 = 0, fileID: UInt32 = 1) -> LineBlock {
        LineBlock(bytes: Array(text.utf8)[...], offset: offset, fileID: fileID, readTime: 7, maxLineBytes: 1000, counters: nil)
    }

    @Test func cutAppendsOneEventPerLineInOrder() {
        var events = [Event("earlier")]
        block("a\nbb\n", offset: 10).cut(into: &events)
        #expect(events.map { String(decoding: $0.line, as: UTF8.self) } == ["earlier", "a", "bb"])
        #expect(events[1].origin.offset == 10 && events[1].origin.length == 2)
        #expect(events[2].origin.offset == 12 && events[2].origin.length == 3)
    }

    @Test func aBlockIntoAnEmptyArrayGetsRoomForExactlyItsLines() {
        var events: [Event] = []
        block(String(repeating: "line\n", count: 300)).cut(into: &events)
        #expect(events.count == 300)
        // Exactly, give or take what the allocator rounds up to: not twice the lines.
        #expect(events.capacity < 330)
    }

    /// A pass over many files cuts a few lines of each into one array: its room must grow by
    /// doubling, not by each block's lines (that moved the whole array at every block).
    @Test func manySmallBlocksGrowTheArrayByDoubling() {
        var events: [Event] = []
        var capacities: Set<Int> = []
        for k in 0..<2000 {
            block("x\ny\n", offset: UInt64(4 * k), fileID: UInt32(k)).cut(into: &events)
            capacities.insert(events.capacity)
        }
        #expect(events.count == 4000)
        #expect(events[3999].origin.fileID == 1999 && events[3999].origin.offset == 4 * 1999 + 2)
        // Doubling from 2 to 4,000 changes the capacity about 11 times; exact room, 2,000 times.
        #expect(capacities.count <= 16)
    }
}
