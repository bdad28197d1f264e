import Glibc
import SluiceCore

/// Cuts a byte stream into lines without copying: each complete line is a slice of the
/// chunk it was read into. A line that spans chunks is assembled once in a carry buffer.
/// ``feedBlock(_:)`` only finds where a chunk's whole lines end, for ``LineBlock`` to cut later.
///
/// Lines longer than `maxLineBytes` keep their first `maxLineBytes` bytes and are marked
/// truncated; the rest is skipped up to the newline, so memory stays bounded. A trailing
/// `\r` (CRLF) is removed from the line but counted in its length.
public struct LineSplitter: Sendable {
    /// One line found by the splitter.
    public struct Line {
        /// The line's bytes without the terminator (at most `maxLineBytes`).
        public var bytes: ArraySlice<UInt8>
        /// Offset of the line's first byte in the stream.
        public var offset: UInt64
        /// Bytes the line occupies in the stream, terminator included.
        public var length: Int
        /// The line was longer than `maxLineBytes` and was cut.
        public var truncated: Bool
    }

    public let maxLineBytes: Int
    /// Offset of the next byte to be fed.
    public private(set) var offset: UInt64
    /// Bytes of an incomplete line held from earlier chunks (at most `maxLineBytes`).
    private var carry: [UInt8] = []
    private var carryStart: UInt64 = 0
    private var carryLength = 0
    /// Bytes of the held line were skipped because it is longer than the cap.
    private var carryOverflow = false

    public init(maxLineBytes: Int, startOffset: UInt64 = 0) {
        self.maxLineBytes = maxLineBytes
        self.offset = startOffset
    }

    /// Bytes of the incomplete last line held so far (including any skipped overflow).
    public var pendingBytes: Int { carryLength }

    /// What one chunk completed: the held line it finished, then the chunk's range of whole
    /// lines after it (not cut yet: ``LineBlock`` cuts them).
    public struct Fed {
        /// A line begun in earlier chunks and ended in this one.
        public var carried: Line?
        /// Indices of the chunk holding whole lines, each ending with `\n`.
        public var block: Range<Int>?
        /// Stream offset of `block`'s first byte.
        public var blockOffset: UInt64 = 0
    }

    /// Feeds `chunk` (the next bytes of the stream): finishes the held line at the first
    /// newline, finds the last newline (scanning back from the end), and holds what follows it. The lines in
    /// between are not looked at.
    public mutating func feedBlock(_ chunk: [UInt8]) -> Fed {
        var fed = Fed()
        let count = chunk.count
        guard count > 0 else { return fed }
        var start = 0
        chunk.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            if carryLength > 0 {
                guard let nl = memchr(base, 0x0A, count) else { return }
                let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                appendCarry(chunk, 0, end)
                fed.carried = takeCarry(terminated: true)
                start = end + 1
            }
            // Backwards from the end: what follows the last newline is less than a line.
            var end = count - 1
            while end >= start && base[end] != 0x0A { end -= 1 }
            guard end >= start else { return }
            fed.block = start..<(end + 1)
            fed.blockOffset = offset + UInt64(start)
            start = end + 1
        }
        if start < count {
            if carryLength == 0 { carryStart = offset + UInt64(start) }
            appendCarry(chunk, start, count)
        }
        offset += UInt64(count)
        return fed
    }

    /// Emits the held incomplete line, if any (at the end of a file that will not grow).
    public mutating func flushPartial(_ emit: (Line) -> Void) {
        guard carryLength > 0 else { return }
        emit(takeCarry(terminated: false))
    }

    /// Holds up to `maxLineBytes + 1` bytes: one more than the cap, so that a line of exactly
    /// the cap followed by CRLF is not mistaken for an oversize one.
    private mutating func appendCarry(_ chunk: [UInt8], _ from: Int, _ to: Int) {
        carryLength += to - from
        let n = min(maxLineBytes + 1 - carry.count, to - from)
        if n > 0 { carry.append(contentsOf: chunk[from..<(from + n)]) }
        if to - from > n { carryOverflow = true }
    }

    private mutating func takeCarry(terminated: Bool) -> Line {
        var bytes = ArraySlice(carry)
        if terminated && !carryOverflow && bytes.last == 0x0D { bytes = bytes.dropLast() }
        var truncated = carryOverflow
        if bytes.count > maxLineBytes {
            bytes = bytes.prefix(maxLineBytes)
            truncated = true
        }
        let line = Line(bytes: bytes, offset: carryStart, length: carryLength + (terminated ? 1 : 0), truncated: truncated)
        carry = []
        carryLength = 0
        carryOverflow = false
        return line
    }
}
