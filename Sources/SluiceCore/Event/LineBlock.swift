import Glibc

/// Whole lines read from a file and not cut into events yet.
///
/// The tailer only looks for the last newline of what it read; the
/// thread that takes the batch cuts the lines (``cut(into:)``). The reading thread then does
/// little besides `read`, and the events are allocated, used and freed on one thread.
public struct LineBlock: Sendable {
    /// Whole lines, each ending with `\n` (a slice of the buffer they were read into).
    public var bytes: ArraySlice<UInt8>
    /// File offset of the first byte of `bytes`.
    public var offset: UInt64
    /// The file's id, for each event's origin.
    public var fileID: UInt32
    /// The file generation's stable key, for each event's origin (set once it is fixed).
    public var fileKey: UInt64 = 0
    /// The source that read the lines (``SourceNames``), for each event's origin.
    public var source: UInt16 = 0
    /// When the bytes were read (nanoseconds since the epoch).
    public var readTime: Int64
    /// Lines longer than this keep this many bytes and are marked truncated.
    public var maxLineBytes: Int
    /// Where the lines are counted (read, truncated) once they are cut.
    public var counters: LineCounters?

    public init(bytes: ArraySlice<UInt8>, offset: UInt64, fileID: UInt32, readTime: Int64, maxLineBytes: Int, counters: LineCounters?) {
        self.bytes = bytes
        self.offset = offset
        self.fileID = fileID
        self.readTime = readTime
        self.maxLineBytes = maxLineBytes
        self.counters = counters
    }

    /// Appends one raw event per line to `events`, in order.
    public func cut(into events: inout [Event]) {
        // Room for exactly its lines in an empty array (a backlog's batch is one block): an
        // estimate from the byte count reserved twice the events needed for 300-byte lines,
        // about 1.7 MB of a backlog's peak resident memory (massif) for the batches in flight.
        // Counted with memchr (glibc's vector search): about 3 M instructions per 50,000 bench
        // lines, a byte loop took 17 M (callgrind). Into an array holding events already (a
        // pass over many files, each giving a few lines), room grows by doubling: reserving
        // exactly, block after block, moved the whole array at every block (500 files written
        // slowly: 649 M of the tailer's 1,287 M instructions).
        let needed = events.count + lineCount
        if needed > events.capacity { events.reserveCapacity(events.isEmpty ? needed : max(needed, 2 * events.capacity)) }
        cutEach { events.append($0) }
    }

    /// How many lines (events) the block holds: its newlines.
    public var lineCount: Int {
        bytes.withUnsafeBufferPointer { p in
            guard var at = UnsafeRawPointer(p.baseAddress) else { return 0 }
            let end = at + p.count
            var count = 0
            while at < end, let newline = memchr(at, 0x0A, end - at) {
                count += 1
                at = UnsafeRawPointer(newline) + 1
            }
            return count
        }
    }

    /// Hands one raw event per line to `body`, in order (each made for it, not copied).
    public func cutEach(_ body: (consuming Event) -> Void) {
        let base = bytes.startIndex
        let fileID = fileID
        let fileKey = fileKey
        let source = source
        let offset = offset
        let readTime = readTime
        var lines = 0
        var truncated = 0
        bytes.withUnsafeBufferPointer { p in
            Self.forEachLine(p, maxLineBytes: maxLineBytes) { start, stop, end, cut in
                body(Event(
                    line: bytes[(base + start)..<(base + stop)],
                    origin: Origin(fileID: fileID, offset: offset + UInt64(start), length: UInt32(clamping: end - start + 1), fileKey: fileKey, source: source),
                    readTime: readTime, flags: cut ? [.truncatedLine] : []))
                lines += 1
                if cut { truncated += 1 }
            }
        }
        counters?.add(lines: lines, truncated: truncated)
    }

    /// The first line's bytes as its event would hold them (nil when there is none).
    public func firstLine() -> ArraySlice<UInt8>? {
        var line: ArraySlice<UInt8>?
        let base = bytes.startIndex
        bytes.withUnsafeBufferPointer { p in
            Self.forEachLine(p, maxLineBytes: maxLineBytes, limit: 1) { start, stop, _, _ in
                line = bytes[(base + start)..<(base + stop)]
            }
        }
        return line
    }

    /// Calls `body(start, stop, end, truncated)` for each `\n`-terminated line of `p` (at
    /// most `limit`): the line's content is `start..<stop` (a trailing `\r` removed, at most
    /// `maxLineBytes` kept), its newline is at `end`. Bytes after the last newline are ignored.
    @inline(__always)
    public static func forEachLine(
        _ p: UnsafeBufferPointer<UInt8>, maxLineBytes: Int, limit: Int = .max,
        _ body: (_ start: Int, _ stop: Int, _ end: Int, _ truncated: Bool) -> Void
    ) {
        guard let base = p.baseAddress else { return }
        let count = p.count
        var start = 0
        var found = 0
        while start < count && found < limit {
            guard let nl = memchr(base + start, 0x0A, count - start) else { return }
            let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            var stop = end
            if stop > start && base[stop - 1] == 0x0D { stop -= 1 }
            let truncated = stop - start > maxLineBytes
            if truncated { stop = start + maxLineBytes }
            body(start, stop, end, truncated)
            found += 1
            start = end + 1
        }
    }
}
