import Glibc
import SluiceCore

/// Reads one file from an offset to its current end and hands its lines over in batches.
///
/// This is the reading half of the tailer: large reads into fresh chunks, line ends found by
/// ``LineSplitter`` and lines cut by ``LineBlock`` without copying, events with their origin.
public struct FileBatchReader {
    public var chunkSize = 1 << 20
    public var maxBatchEvents = 4096
    public var maxLineBytes: Int
    /// The source whose `format:`, `multiline:` and `kubernetes:` apply (as the tailer applies
    /// them); nil: one event per line.
    public var source: FileSourceConfig?

    public init(maxLineBytes: Int, source: FileSourceConfig? = nil) {
        self.maxLineBytes = maxLineBytes
        self.source = source
    }

    /// Reads `path` from the start to its end and calls `deliver` with each batch. A last
    /// line with no newline is delivered too (the file is read once, not followed).
    /// Returns the number of lines read.
    @discardableResult
    public func readWhole(path: String, fileID: UInt32, deliver: (inout Batch) throws -> Void) throws -> Int {
        let fd = try FileIO.open(path, O_RDONLY)
        defer { close(fd) }
        return try readToEnd(fd: fd, name: path, fileID: fileID, deliver: deliver)
    }

    /// Reads the open descriptor `fd` (a file or standard input) to its end; `name` is used in
    /// error messages.
    @discardableResult
    public func readToEnd(fd: Int32, name path: String, fileID: UInt32, deliver: (inout Batch) throws -> Void) throws -> Int {
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        var assembler = source.flatMap { $0.assemblesLines ? LineAssembler(source: $0, path: path) : nil }
        var batch = Batch()
        batch.events.reserveCapacity(maxBatchEvents)
        var lines = 0
        let readTime = FileIO.nowNanoseconds()
        func add(_ line: LineSplitter.Line) {
            if assembler != nil {
                assembler!.feed(TailedFile.event(line, fileID: fileID, readTime: readTime), into: &batch.events)
            } else {
                batch.events.append(TailedFile.event(line, fileID: fileID, readTime: readTime))
            }
            lines += 1
        }
        while true {
            let chunk = try FileIO.readChunk(fd, count: chunkSize, path: path)
            if chunk.isEmpty { break }
            // As the tailer does: the ends found by the splitter, the lines cut by LineBlock.
            let fed = splitter.feedBlock(chunk)
            if let carried = fed.carried { add(carried) }
            if let range = fed.block {
                let block = LineBlock(bytes: chunk[range], offset: fed.blockOffset, fileID: fileID, readTime: readTime, maxLineBytes: maxLineBytes, counters: nil)
                if assembler != nil {
                    block.cutEach { event in
                        assembler!.feed(event, into: &batch.events)
                        lines += 1
                    }
                } else {
                    let before = batch.events.count
                    block.cut(into: &batch.events)
                    lines += batch.events.count - before
                }
            }
            if batch.events.count >= maxBatchEvents {
                try deliver(&batch)
                batch = Batch()
                batch.events.reserveCapacity(maxBatchEvents)
            }
        }
        splitter.flushPartial(add)
        assembler?.flush(into: &batch.events)
        if !batch.events.isEmpty { try deliver(&batch) }
        return lines
    }
}
