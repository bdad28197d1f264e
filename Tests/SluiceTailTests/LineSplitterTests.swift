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

