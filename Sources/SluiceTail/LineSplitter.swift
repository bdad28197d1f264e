import Glibc

/// Cuts a byte stream into lines without copying: each complete line is a slice of the
/// chunk it was read into. A line that spans chunks is assembled once in a carry buffer.
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

    /// Feeds `chunk` (the next bytes of the stream) and calls `emit` for each complete line.
    public mutating func feed(_ chunk: [UInt8], _ emit: (Line) -> Void) {
        let count = chunk.count
        guard count > 0 else { return }
        var start = 0
        chunk.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            while start < count {
                guard let nl = memchr(base + start, 0x0A, count - start) else { break }
                let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                if carryLength > 0 {
                    appendCarry(chunk, start, end)
                    emitCarry(terminated: true, emit)
                } else {
                    emitSlice(chunk, start, end, emit)
                }
                start = end + 1
            }
        }
        if start < count {
            if carryLength == 0 { carryStart = offset + UInt64(start) }
            appendCarry(chunk, start, count)
        }
        offset += UInt64(count)
    }

    /// Emits the held incomplete line, if any (at the end of a file that will not grow).
    public mutating func flushPartial(_ emit: (Line) -> Void) {
        guard carryLength > 0 else { return }
        emitCarry(terminated: false, emit)
    }

    /// Holds up to `maxLineBytes + 1` bytes: one more than the cap, so that a line of exactly
    /// the cap followed by CRLF is not mistaken for an oversize one.
    private mutating func appendCarry(_ chunk: [UInt8], _ from: Int, _ to: Int) {
        carryLength += to - from
        let n = min(maxLineBytes + 1 - carry.count, to - from)
        if n > 0 { carry.append(contentsOf: chunk[from..<(from + n)]) }
        if to - from > n { carryOverflow = true }
    }

    private mutating func emitCarry(terminated: Bool, _ emit: (Line) -> Void) {
        var bytes = ArraySlice(carry)
        if terminated && !carryOverflow && bytes.last == 0x0D { bytes = bytes.dropLast() }
        var truncated = carryOverflow
        if bytes.count > maxLineBytes {
            bytes = bytes.prefix(maxLineBytes)
            truncated = true
        }
        emit(Line(bytes: bytes, offset: carryStart, length: carryLength + (terminated ? 1 : 0), truncated: truncated))
        carry = []
        carryLength = 0
        carryOverflow = false
    }

    private func emitSlice(_ chunk: [UInt8], _ start: Int, _ end: Int, _ emit: (Line) -> Void) {
        var stop = end
        if stop > start && chunk[stop - 1] == 0x0D { stop -= 1 }
        let truncated = stop - start > maxLineBytes
        if truncated { stop = start + maxLineBytes }
        emit(Line(bytes: chunk[start..<stop], offset: offset + UInt64(start), length: end - start + 1, truncated: truncated))
    }
}
