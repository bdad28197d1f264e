import Glibc
import SluiceCore

/// One file being read: its descriptor, identity, read position and line splitter.
///
/// The descriptor follows the file, not the name: after a rename or a delete, reading goes
/// on from the same descriptor until the file is drained and quiet for `rotate_wait`.
final class TailedFile {
    enum State: Equatable {
        /// Its path still names it.
        case active
        /// Renamed away, deleted, or replaced at its path; drained, then closed.
        case rotated(since: Double)
    }

    /// The id events carry in their origin; a new one for each generation (after a truncation).
    private(set) var id: UInt32
    /// Its name as last seen; changed only through ``FileRegistry/rename(_:to:)``, which
    /// indexes files by it.
    var path: String
    /// The name it had when it was opened (the writer's name for it, before any rotation).
    let openedPath: String
    /// The source that selects it (replaced with the sources: ``Tailer/replaceSources(_:)``).
    var source: FileSourceConfig {
        didSet { groupingChanged = true }
    }
    /// Decodes, joins and annotates lines when the source asks for it (`format:`,
    /// `multiline:`, `kubernetes:`; nil: one event per line, cut later).
    private(set) var assembler: LineAssembler?
    /// The source was replaced: its settings are taken up once nothing is held.
    private var groupingChanged = false
    let fd: Int32
    var identity: FileIdentity
    var splitter: LineSplitter
    var state: State = .active
    /// End of the last line handed to the pipeline; batches cover [previous end, this).
    var emittedUpTo: UInt64
    /// Whether `identity.key` is final for this generation (see `Tailer.fixKey(of:chunk:firstLine:)`).
    var keyFixed = false
    /// Last time the file grew or was read (monotonic seconds).
    var lastActivity: Double
    /// Last observed size.
    var lastSize: UInt64 = 0
    /// Modification time at the last look (nanoseconds): a file rewritten to exactly the
    /// size already read changes only this.
    var lastModified: Int64 = 0
    /// Read by a probe (``Tailer/probe(_:now:)``) since `lastModified` was taken: the growth
    /// it read changed the modification time, so the next look takes the new one without
    /// reading the file to compare (a rewrite to the same size is then found when the file
    /// grows: the check of its first bytes after that read).
    var grewUnseen = false
    /// Whether the fingerprint still grows (the file was shorter than the cap).
    var fingerprintGrowing: Bool
    /// Consecutive read failures, and when to try again (monotonic seconds).
    var readFailures = 0
    var retryAt = 0.0
    /// The last bytes read (up to 64), to recognise a copy of this file after copytruncate.
    private(set) var lastBytes: [UInt8] = []
    /// The checks of the ends of the last reads, for checkpoints behind the read offset.
    private var recentChecks = RecentLineEndChecks()
    /// The generation this file is a copy of (see ``CopyDetector/originalOf(_:size:identity:path:)``): never read on its
    /// own; drained only for what the original lost to its truncation.
    var copyOf: FileIdentity?
    /// When the file was first seen with no name left (deleted; monotonic seconds).
    var deletedSince: Double?
    /// False once the descriptor is closed: nothing touches `fd` after that (the number may
    /// already name another file).
    private(set) var isOpen = true
    /// Whether it is in the ``FileRegistry``'s list of files to look at in the next pass.
    var isWanted = false

    /// Its device and inode (unchanged across generations: a truncation keeps the inode).
    var key: FileKey { FileKey(identity) }

    init(id: UInt32, path: String, source: FileSourceConfig, fd: Int32, identity: FileIdentity, offset: UInt64, now: Double, fingerprintCap: Int) {
        self.id = id
        self.path = path
        self.openedPath = path
        self.source = source
        self.fd = fd
        self.identity = identity
        self.splitter = LineSplitter(maxLineBytes: source.maxLineBytes, startOffset: offset)
        self.assembler = source.assemblesLines ? LineAssembler(source: source, path: path) : nil
        self.emittedUpTo = offset
        self.lastActivity = now
        self.fingerprintGrowing = identity.fingerprintLength < fingerprintCap
    }

    var readOffset: UInt64 { splitter.offset }

    /// Whether read bytes wait to be handed on: an incomplete last line, or a group of lines
    /// that may go on.
    var hasPending: Bool { splitter.pendingBytes > 0 || assembler?.hasPending == true }

    /// How long a held last line or group waits, quiet, before it is handed on as it is.
    var pendingTimeout: Double {
        splitter.pendingBytes > 0 ? source.partialLineTimeout : (source.multiline?.timeout ?? source.partialLineTimeout)
    }

    /// The bytes the fingerprint was last found to match, with the fingerprint they matched:
    /// the next checks compare bytes instead of hashing them again (a check after every
    /// read, with many files read a line at a time).
    private var matchedPrefix: (length: Int, fingerprint: UInt64, bytes: [UInt8])?

    /// Whether the file still starts with its fingerprinted bytes (``FileIdentity/fingerprintMatches(_:path:)``).
    func prefixStillMatches() throws -> Bool {
        let length = identity.fingerprintLength
        guard length > 0 else { return true }
        if let known = matchedPrefix, known.length == length, known.fingerprint == identity.fingerprint {
            // Into a scratch buffer: the check follows every read (no array a read).
            return try withUnsafeTemporaryAllocation(byteCount: length, alignment: 8) { scratch throws(SystemError) in
                try FileIdentity.readAt(fd, offset: 0, into: scratch, path: path) == length
                    && known.bytes.withUnsafeBytes { memcmp(scratch.baseAddress!, $0.baseAddress!, length) == 0 }
            }
        }
        let bytes = try FileIdentity.readAt(fd, offset: 0, count: length, path: path)
        guard bytes.count == length else { return false }
        guard bytes.withUnsafeBytes({ FNV1a.hash($0) }) == identity.fingerprint else { return false }
        matchedPrefix = (length, identity.fingerprint, bytes)
        return true
    }

    /// Reads the next chunk (at most `chunkSize` bytes; when `size`, from `fstat`, is past the
    /// read offset, at most the bytes it says are there): its lines and the byte range they
    /// cover. `counters` count the lines once they are cut.
    ///
    /// Reads at the read offset (`pread`: the descriptor's position plays no part). A read
    /// starts at the (up to 64) bytes before the read offset, the bytes last read: one system
    /// call both reads and checks that they are still there (a file truncated and refilled past
    /// its read offset between two looks fails this). A large read checks them apart, first, so
    /// that its bytes are not copied out of a larger buffer.
    ///
    /// A truncation between two reads, refilled past the read offset (copytruncate under a
    /// fast writer), leaves no trace in the size; the bytes before the offset and the file's
    /// first bytes tell. The first bytes are checked after every read: a truncation comes before
    /// any byte of the new generation is written, so bytes read before it show the old prefix
    /// still in place.
    ///
    /// `scratch`, when the size is not known: the read goes into it (as many bytes as it and
    /// `chunkSize` allow) and what it read is copied out (``FileBytes/read(_:at:after:scratch:path:)``);
    /// the end is reached when it was not filled.
    func readChunk(chunkSize: Int, size: UInt64? = nil, scratch: UnsafeMutableRawBufferPointer? = nil, readTime: Int64, counters: LineCounters?) throws -> Read {
        guard isOpen else { return .endOfFile }
        let offset = readOffset
        var want = chunkSize
        if let size, size > offset { want = Int(min(UInt64(chunkSize), size - offset)) }
        let head = lastBytes.count
        var chunk: [UInt8]
        // Its size not known: read into the scratch buffer, copied out exactly.
        let probing = size == nil && scratch != nil && head > 0
        if probing || (head > 0 && want <= chunkSize / 2) {
            let read: [UInt8]?
            if probing, let scratch {
                want = min(scratch.count, chunkSize)
                read = try FileBytes.read(fd, at: offset, after: lastBytes, scratch: UnsafeMutableRawBufferPointer(rebasing: scratch[..<want]), path: path)
            } else {
                read = try FileBytes.read(fd, at: offset, after: lastBytes, count: want, path: path)
            }
            guard let read else { return .rewritten }
            guard !read.isEmpty else { return .endOfFile }
            chunk = read
        } else {
            if head > 0 {
                let bytes = try FileIdentity.readAt(fd, offset: offset - UInt64(head), count: head, path: path)
                guard FileBytes.same(bytes, lastBytes) else { return .rewritten }
            }
            chunk = try FileBytes.readOnce(fd, at: offset, count: want, path: path)
        }
        // A short read: events keep their chunk alive, so do not pin a whole buffer.
        if chunk.count < want / 2 && !probing { chunk = chunk.withUnsafeBufferPointer { Array($0) } }
        let n = chunk.count
        guard n > 0 else { return .endOfFile }
        guard try prefixStillMatches() else { return .rewritten }
        let previous = lastBytes
        var lines = split(chunk, readTime: readTime, counters: counters)
        // Read with the fingerprinted prefix in place: the check a checkpoint at this end takes.
        if lines.end > offset, let hash = RecentLineEndChecks.hash(before: lines.end, chunk: chunk, start: offset, previous: previous) {
            recentChecks.remember(end: lines.end, hash: hash)
        }
        // Fewer bytes than asked for, or all that `fstat` said: the file ended there when it was read.
        // (Probing: fewer than the scratch buffer holds.)
        lines.reachedEnd = probing ? n < want : n < chunkSize
        return .lines(lines)
    }

    /// Feeds bytes that continue this file (read from it, or from a copy of it). Only the
    /// ends of the chunk's whole lines are found here; the lines are cut by whoever takes
    /// the batch.
    func split(_ chunk: [UInt8], readTime: Int64, counters: LineCounters?) -> ReadLines {
        let n = chunk.count
        if n >= 64 {
            lastBytes = Array(chunk[(n - 64)...])
        } else {
            lastBytes = Array((lastBytes + chunk).suffix(64))
        }
        let fed = splitter.feedBlock(chunk)
        if groupingChanged && assembler?.hasPending != true {
            assembler = source.assemblesLines ? LineAssembler(source: source, path: openedPath) : nil
            groupingChanged = false
        }
        if assembler != nil { return assemble(fed, chunk, readTime: readTime, counters: counters) }
        var read = ReadLines(start: emittedUpTo, end: emittedUpTo)
        if let carried = fed.carried {
            read.events.append(Self.event(carried, fileID: id, readTime: readTime))
            read.end = carried.offset + UInt64(carried.length)
        }
        if let range = fed.block {
            read.lines = LineBlock(
                bytes: chunk[range], offset: fed.blockOffset, fileID: id, readTime: readTime,
                maxLineBytes: splitter.maxLineBytes, counters: counters)
            read.end = fed.blockOffset + UInt64(range.count)
        }
        emittedUpTo = read.end
        return read
    }

    /// An assembling source's lines: cut here (the assembler looks at each line); what may
    /// still go on is held, and the batch ends before it.
    private func assemble(_ fed: LineSplitter.Fed, _ chunk: [UInt8], readTime: Int64, counters: LineCounters?) -> ReadLines {
        if assembler!.passesJSONLinesThrough, let range = fed.block, fed.carried.map({ $0.bytes.first == UInt8(ascii: "{") }) ?? true,
            let last = Self.lastLineIfAllJSON(chunk, range)
        {
            return passThrough(fed, chunk, range: range, lastLine: last, readTime: readTime, counters: counters)
        }
        var read = ReadLines(start: emittedUpTo, end: emittedUpTo)
        read.linesCounted = true
        var firstLine: ArraySlice<UInt8>? = assembler?.firstPendingLine
        // Events are made for the assembler and handed over, not copied.
        if let carried = fed.carried {
            if firstLine == nil { firstLine = carried.bytes }
            assembler!.feed(carriedEvent(carried, readTime: readTime, counters: counters), into: &read.events)
        }
        if let range = fed.block {
            let block = keyedBlock(chunk[range], offset: fed.blockOffset, readTime: readTime, counters: counters)
            if firstLine == nil { firstLine = block.firstLine() }
            read.events.reserveCapacity(range.count / 160 + 1)
            block.cutEach { assembler!.feed($0, into: &read.events) }
        }
        read.rawFirstLine = firstLine
        if let last = read.events.last { read.end = last.origin.offset + UInt64(last.origin.length) }
        emittedUpTo = read.end
        return read
    }

    /// The common case of a multiline source: every line of the block is a JSON line, so each
    /// begins an event and none joins another. What was held is complete; the lines but the
    /// last go on uncut, as for any source (cut by the worker); the last is held, since a
    /// traceback may still follow it. Costs one look at each line's first byte.
    private func passThrough(
        _ fed: LineSplitter.Fed, _ chunk: [UInt8], range: Range<Int>, lastLine: Int, readTime: Int64, counters: LineCounters?
    ) -> ReadLines {
        var read = ReadLines(start: emittedUpTo, end: emittedUpTo)
        read.linesCounted = true
        read.rawFirstLine = assembler!.firstPendingLine ?? fed.carried?.bytes ?? chunk[range].prefix { $0 != 0x0A }
        assembler!.flush(into: &read.events)
        if let carried = fed.carried { read.events.append(carriedEvent(carried, readTime: readTime, counters: counters)) }
        if let event = read.events.last { read.end = event.origin.offset + UInt64(event.origin.length) }
        if lastLine > range.lowerBound {
            read.lines = LineBlock(
                bytes: chunk[range.lowerBound..<lastLine], offset: fed.blockOffset, fileID: id, readTime: readTime,
                maxLineBytes: splitter.maxLineBytes, counters: counters)
            read.end = fed.blockOffset + UInt64(lastLine - range.lowerBound)
        }
        let held = keyedBlock(
            chunk[lastLine..<range.upperBound], offset: fed.blockOffset + UInt64(lastLine - range.lowerBound), readTime: readTime,
            counters: counters)
        var none: [Event] = []
        held.cutEach { assembler!.feed($0, into: &none) }
        emittedUpTo = read.end
        return read
    }

    /// The line completed in this read, counted, as an event made with the generation's key
    /// and the source's number (once the key is fixed), so that handing it on changes
    /// nothing in it.
    private func carriedEvent(_ line: LineSplitter.Line, readTime: Int64, counters: LineCounters?) -> Event {
        counters?.add(lines: 1, truncated: line.truncated ? 1 : 0)
        var event = Self.event(line, fileID: id, readTime: readTime)
        event.origin.fileKey = keyFixed ? identity.key : 0
        event.origin.source = source.sourceID
        return event
    }

    /// Whole lines to be cut here, their events made with the key and source number.
    private func keyedBlock(_ bytes: ArraySlice<UInt8>, offset: UInt64, readTime: Int64, counters: LineCounters?) -> LineBlock {
        var block = LineBlock(bytes: bytes, offset: offset, fileID: id, readTime: readTime, maxLineBytes: splitter.maxLineBytes, counters: counters)
        block.fileKey = keyFixed ? identity.key : 0
        block.source = source.sourceID
        return block
    }

    /// The index of the last line of `chunk[range]` (whole lines) when every line there
    /// starts with `{`; nil otherwise.
    static func lastLineIfAllJSON(_ chunk: [UInt8], _ range: Range<Int>) -> Int? {
        chunk.withUnsafeBufferPointer { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            var start = range.lowerBound
            while true {
                guard base[start] == UInt8(ascii: "{") else { return nil }
                guard let nl = memchr(base + start, 0x0A, range.upperBound - start) else { return nil }
                let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
                if end >= range.upperBound { return start }
                start = end
            }
        }
    }

    /// Emits what is held: the partial last line and the open group (the file will not grow
    /// any more, or they were quiet long enough).
    func flushPartial(readTime: Int64) -> ReadLines? {
        var read = ReadLines(start: emittedUpTo, end: emittedUpTo)
        let id = self.id
        read.rawFirstLine = assembler?.firstPendingLine
        var partial: Event?
        splitter.flushPartial { line in partial = Self.event(line, fileID: id, readTime: readTime) }
        if assembler != nil {
            read.linesCounted = true
            if let partial { assembler!.feed(partial, into: &read.events) }
            assembler!.flush(into: &read.events)
            // Only the partial line is a line not counted yet.
            read.uncountedLines = partial == nil ? 0 : 1
        } else if let partial {
            read.events.append(partial)
        }
        if read.rawFirstLine == nil { read.rawFirstLine = partial?.line }
        guard let last = read.events.last else { return nil }
        read.end = last.origin.offset + UInt64(last.origin.length)
        emittedUpTo = read.end
        return read
    }

    static func event(_ line: LineSplitter.Line, fileID: UInt32, readTime: Int64) -> Event {
        Event(
            line: line.bytes, origin: Origin(fileID: fileID, offset: line.offset, length: UInt32(clamping: line.length)),
            readTime: readTime, flags: line.truncated ? [.truncatedLine] : [])
    }

    /// Hash of up to 64 bytes before `offset`, for the checkpoint; none when the file no
    /// longer starts with the fingerprinted bytes after they were read (truncated and refilled
    /// before the tailer noticed: they would be the new generation's, and the checkpoint would
    /// match neither the file nor its rotated copy).
    ///
    /// At the read offset, the last bytes read are those bytes, read (and found with the
    /// fingerprinted prefix still in place) before any truncation was noticed: hashed as they
    /// are, without reading the file again (a checkpoint of every file written since the last,
    /// each interval).
    func check(before offset: UInt64) -> (length: Int, hash: UInt64) {
        let length = Int(min(offset, 64))
        if length > 0, offset == readOffset, lastBytes.count == length {
            return (length, lastBytes.withUnsafeBytes { FNV1a.hash($0) })
        }
        // The end of a recent read: its bytes as read, with the prefix in place.
        if length > 0, let hash = recentChecks.hash(before: offset) { return (length, hash) }
        guard isOpen, length > 0, let bytes = try? FileIdentity.readAt(fd, offset: offset - UInt64(length), count: length, path: path),
            bytes.count == length, (try? identity.fingerprintMatches(fd, path: path)) == true
        else { return (0, 0) }
        return (length, bytes.withUnsafeBytes { FNV1a.hash($0) })
    }

    /// Moves the read position to `offset` (a line start) with nothing held or emitted past it.
    func moveTo(_ offset: UInt64) {
        splitter = LineSplitter(maxLineBytes: source.maxLineBytes, startOffset: offset)
        assembler = source.assemblesLines ? LineAssembler(source: source, path: openedPath) : nil
        emittedUpTo = offset
        loadLastBytes()
        lseek(fd, off_t(offset), SEEK_SET)
    }

    /// Takes the (up to 64) bytes before the read offset as the last bytes read: a file
    /// resumed or moved there is then recognised in its copies as if it had just read them.
    func loadLastBytes() {
        let count = Int(min(readOffset, 64))
        lastBytes = count > 0 ? ((try? FileIdentity.readAt(fd, offset: readOffset - UInt64(count), count: count, path: path)) ?? []) : []
        if lastBytes.count != count { lastBytes = [] }
        recentChecks.removeAll()
    }

    /// Starts a new generation at offset 0 (after a truncation), under a new id.
    func restart(newID: UInt32, identity: FileIdentity, fingerprintCap: Int, now: Double) {
        id = newID
        self.identity = identity
        splitter = LineSplitter(maxLineBytes: source.maxLineBytes, startOffset: 0)
        assembler = source.assemblesLines ? LineAssembler(source: source, path: openedPath) : nil
        emittedUpTo = 0
        keyFixed = false
        lastActivity = now
        lastBytes = []
        recentChecks.removeAll()
        fingerprintGrowing = identity.fingerprintLength < fingerprintCap
        lseek(fd, 0, SEEK_SET)
    }

    func close() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
    }
}
