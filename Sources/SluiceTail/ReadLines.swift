import SluiceCore

/// What one read of a file produced, covering the file range `start..<end`: lines already
/// cut into events (a line completed from earlier reads, a flushed partial line), then whole
/// lines still to cut.
struct ReadLines {
    var events: [Event] = []
    var lines: LineBlock?
    var start: UInt64
    var end: UInt64
    /// The lines behind `events` were counted when they were cut (a multiline source's),
    /// but for `uncountedLines`.
    var linesCounted = false
    var uncountedLines = 0
    /// The first line of the file's bytes in this range as read, when `events` may hold
    /// joined lines instead (the file's key is made from its first line).
    var rawFirstLine: ArraySlice<UInt8>?
    /// The read that gave these lines was short: it reached the file's end.
    var reachedEnd = false

    init(start: UInt64, end: UInt64) {
        self.start = start
        self.end = end
    }

    var isEmpty: Bool { events.isEmpty && lines == nil }

    /// The first line's bytes as its event holds them.
    var firstLine: ArraySlice<UInt8>? { rawFirstLine ?? events.first?.line ?? lines?.firstLine() }
}
