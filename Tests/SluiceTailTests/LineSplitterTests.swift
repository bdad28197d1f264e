import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

@Suite struct LineSplitterTests {
    struct Seen: Equatable {
        var text: String
        var offset: UInt64
        var length: Int
        var truncated: Bool
    }

    func split(_ chunks: [[UInt8]], max: Int = 1 << 20, flush: Bool = false) -> (lines: [Seen], pending: Int) {
        var splitter = LineSplitter(maxLineBytes: max)
        var seen: [Seen] = []
        let emit: (LineSplitter.Line) -> Void = { line in
            seen.append(Seen(text: String(decoding: line.bytes, as: UTF8.self), offset: line.offset, length: line.length, truncated: line.truncated))
        }
        for chunk in chunks { splitter.feed(chunk, emit) }
        if flush { splitter.flushPartial(emit) }
        return (seen, splitter.pendingBytes)
    }

    /// Feeds `chunks` the tailer's way: `feedBlock` finds only the ends, `LineBlock.cut`
    /// makes the events later. Returns the lines and how many came from blocks.
    func splitInBlocks(_ chunks: [[UInt8]], max: Int, counters: LineCounters) -> (lines: [Seen], fromBlocks: Int, pending: Int) {
        var splitter = LineSplitter(maxLineBytes: max)
        var events: [Event] = []
        var fromBlocks = 0
        for chunk in chunks {
            let fed = splitter.feedBlock(chunk)
            if let carried = fed.carried {
                events.append(Event(
                    line: carried.bytes, origin: Origin(fileID: 7, offset: carried.offset, length: UInt32(carried.length)),
                    readTime: 1, flags: carried.truncated ? [.truncatedLine] : []))
            }
            if let range = fed.block {
                let before = events.count
                LineBlock(bytes: chunk[range], offset: fed.blockOffset, fileID: 7, readTime: 1, maxLineBytes: max, counters: counters)
                    .cut(into: &events)
                fromBlocks += events.count - before
            }
        }
        #expect(events.allSatisfy { $0.origin.fileID == 7 && $0.flags.contains(.raw) })
        let seen = events.map {
            Seen(text: String(decoding: $0.line, as: UTF8.self), offset: $0.origin.offset, length: Int($0.origin.length), truncated: $0.flags.contains(.truncatedLine))
        }
        return (seen, fromBlocks, splitter.pendingBytes)
    }

    /// The tailer's path gives the same lines as cutting line by line, across chunk ends,
    /// CRLF and oversize lines; block lines are counted where they are cut.
    @Test(arguments: [97, 4096])
    func blocksCutLaterGiveTheSameLinesAsFeedingLineByLine(chunkSize: Int) {
        let text = "first\r\nsecond\n" + String(repeating: "y", count: 700) + "\n\nthird line\nfour" + "th\r\nfifth\npartial"
        let bytes = Array(text.utf8)
        let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map { Array(bytes[$0..<min($0 + chunkSize, bytes.count)]) }
        let expected = split(chunks, max: 300).lines
        let metrics = MetricsRegistry()
        let (seen, fromBlocks, pending) = splitInBlocks(chunks, max: 300, counters: LineCounters(metrics.scope()))
        #expect(seen == expected)
        #expect(seen.map(\.text) == ["first", "second", String(repeating: "y", count: 300), "", "third line", "fourth", "fifth"])
        #expect(seen[2].truncated && seen[2].length == 701)
        #expect(pending == "partial".utf8.count)
        #expect(metrics.counter("sluice_tailer_lines_read_total") == fromBlocks)
        if chunkSize > bytes.count {
            // One chunk: every line is in the block, the oversize one counted there.
            #expect(fromBlocks == 7 && metrics.counter("sluice_tailer_lines_truncated_total") == 1)
        } else {
            #expect(fromBlocks > 0 && fromBlocks < 7)
        }
    }

    @Test func completeLinesOnlyWithOffsets() {
        let (lines, pending) = split([Array("a\nbb\nccc".utf8)])
        #expect(lines == [Seen(text: "a", offset: 0, length: 2, truncated: false), Seen(text: "bb", offset: 2, length: 3, truncated: false)])
        #expect(pending == 3)
    }

    @Test func partialLineIsHeldUntilItsNewline() {
        let (lines, _) = split([Array("ab".utf8), Array("cd".utf8), Array("e\nf\n".utf8)])
        #expect(lines == [Seen(text: "abcde", offset: 0, length: 6, truncated: false), Seen(text: "f", offset: 6, length: 2, truncated: false)])
    }

    @Test func flushEmitsTheHeldPartialLine() {
        let (lines, _) = split([Array("x\ntail".utf8)], flush: true)
        #expect(lines.last == Seen(text: "tail", offset: 2, length: 4, truncated: false))
    }

    @Test func crlfIsStrippedButCounted() {
        let (lines, _) = split([Array("a\r\nb\r".utf8), Array("\n\r\n".utf8)])
        #expect(lines == [
            Seen(text: "a", offset: 0, length: 3, truncated: false),
            Seen(text: "b", offset: 3, length: 3, truncated: false),
            Seen(text: "", offset: 6, length: 2, truncated: false),
        ])
    }

    @Test func longLinesAreTruncatedAndMemoryStaysBounded() {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 1000)
        let (inOne, _) = split([long + [0x0A] + Array("ok\n".utf8)], max: 300)
        #expect(inOne.map(\.truncated) == [true, false])
        #expect(inOne[0].text.utf8.count == 300 && inOne[0].length == 1001)
        #expect(inOne[1] == Seen(text: "ok", offset: 1001, length: 3, truncated: false))
        // Spread over many chunks, the held part never exceeds the cap.
        var splitter = LineSplitter(maxLineBytes: 300)
        var seen: [LineSplitter.Line] = []
        for _ in 0..<100 { splitter.feed(long) { seen.append($0) } }
        #expect(seen.isEmpty && splitter.pendingBytes == 100_000)
        splitter.feed([0x0A]) { seen.append($0) }
        #expect(seen.count == 1 && seen[0].bytes.count == 300 && seen[0].truncated && seen[0].length == 100_001)
    }

    /// Any way of cutting the stream into chunks yields the same lines.
    @Test(arguments: 0..<25)
    func randomChunkingGivesTheSameLines(seed: Int) {
        var rng = SplitMix(seed: UInt64(seed))
        var stream: [UInt8] = []
        var expected: [Seen] = []
        for _ in 0..<200 {
            let length = Int(rng.next() % 40)
            let text = String((0..<length).map { _ in Character(Unicode.Scalar(UInt8(97 + rng.next() % 26))) })
            let crlf = rng.next() % 5 == 0
            expected.append(Seen(text: String(text.prefix(30)), offset: UInt64(stream.count), length: length + (crlf ? 2 : 1), truncated: length > 30))
            stream += Array(text.utf8) + (crlf ? [0x0D, 0x0A] : [0x0A])
        }
        var chunks: [[UInt8]] = []
        var i = 0
        while i < stream.count {
            let n = min(stream.count - i, 1 + Int(rng.next() % 97))
            chunks.append(Array(stream[i..<(i + n)]))
            i += n
        }
        #expect(split(chunks, max: 30).lines == expected)
    }
}

extension LineSplitter {
    /// Feeds `chunk` (the next bytes of the stream) and calls `emit` for each complete line:
    /// ``feedBlock(_:)`` with the block cut as the tailer cuts it.
    mutating func feed(_ chunk: [UInt8], _ emit: (Line) -> Void) {
        let fed = feedBlock(chunk)
        if let carried = fed.carried { emit(carried) }
        guard let block = fed.block else { return }
        let first = block.lowerBound
        chunk.withUnsafeBufferPointer { p in
            LineBlock.forEachLine(UnsafeBufferPointer(rebasing: p[block]), maxLineBytes: maxLineBytes) { start, stop, end, truncated in
                emit(Line(
                    bytes: chunk[(first + start)..<(first + stop)], offset: fed.blockOffset + UInt64(start),
                    length: end - start + 1, truncated: truncated))
            }
        }
    }
}
