import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// A read whose size is not asked first (``TailedFile/readChunk(chunkSize:size:scratch:readTime:counters:)``
/// with a scratch buffer): it tells growth, the file's end and a truncation by itself.
@Suite struct ProbingReadTests {
    func lines(_ stream: String, _ range: Range<Int>) -> String {
        range.map { "\(stream)-\($0)\n" }.joined()
    }

    /// A ``TailedFile`` over `path`, read to its end once (the caller closes `fd`).
    func readToItsEnd(_ path: String) throws -> (file: TailedFile, fd: Int32) {
        let (file, fd) = try tailedFile(path)
        guard case .lines = try file.readChunk(chunkSize: 1 << 16, readTime: 0, counters: nil) else {
            Issue.record("the first read gave no lines")
            return (file, fd)
        }
        return (file, fd)
    }

    /// Ten lines written to a new file and read, then `body` with the file, a 4 KB scratch
    /// buffer and the read offset.
    func withTenLinesRead(_ body: (_ path: String, _ file: TailedFile, _ scratch: UnsafeMutableRawBufferPointer, _ offset: UInt64) throws -> Void) throws {
        let dir = try TempDirectory("sluice-probe")
        defer { dir.remove() }
        let path = dir.path + "/app.log"
        try Data(lines("old", 0..<10).utf8).write(to: URL(fileURLWithPath: path))
        let (file, fd) = try readToItsEnd(path)
        defer { close(fd) }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
        defer { scratch.deallocate() }
        try body(path, file, scratch, file.readOffset)
    }

    func append(_ path: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func aProbeReadsWhatTheFileGainedAndStopsAtItsEnd() throws {
        try withTenLinesRead { path, file, scratch, offset in
            guard case .endOfFile = try file.readChunk(chunkSize: 1 << 16, scratch: scratch, readTime: 0, counters: nil) else {
                Issue.record("a file that did not grow gave something")
                return
            }
            let gained = lines("new", 0..<5)
            try append(path, gained)
            guard case .lines(let read) = try file.readChunk(chunkSize: 1 << 16, scratch: scratch, readTime: 0, counters: nil) else {
                Issue.record("the bytes gained were not read")
                return
            }
            #expect(read.start == offset && read.end == offset + UInt64(gained.utf8.count))
            #expect(read.reachedEnd, "fewer bytes than the scratch buffer holds: the end")
            #expect(read.lines.map { String(decoding: $0.bytes, as: UTF8.self) } == gained)
        }
    }

    /// More than the scratch buffer holds: one buffer's worth, not at the end; the next
    /// read, sized, takes the rest.
    @Test func aProbeThatFillsTheScratchBufferIsNotTheEnd() throws {
        try withTenLinesRead { path, file, scratch, offset in
            let gained = lines("burst", 0..<1000)
            try append(path, gained)
            guard case .lines(let first) = try file.readChunk(chunkSize: 1 << 16, scratch: scratch, readTime: 0, counters: nil) else {
                Issue.record("the burst was not read")
                return
            }
            #expect(!first.reachedEnd)
            #expect(file.readOffset == offset + 4096, "one scratch buffer's worth")
            let size = FileBytes.size(file.fd)
            guard case .lines(let rest) = try file.readChunk(chunkSize: 1 << 16, size: size, readTime: 0, counters: nil) else {
                Issue.record("the rest was not read")
                return
            }
            #expect(rest.reachedEnd && file.readOffset == size)
            let firstText = first.lines.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
            #expect(!firstText.isEmpty && gained.hasPrefix(firstText))
            // The line the scratch buffer cut is carried into the rest as an event of its own.
            let count = (first.lines?.lineCount ?? 0) + rest.events.count + (rest.lines?.lineCount ?? 0)
            #expect(count == 1000, "every line of the burst, once")
        }
    }

    /// Truncated below the read offset, or truncated and refilled past it with other bytes:
    /// the probe refuses the read, as a read after `fstat` would, and nothing counts as read.
    @Test func aProbeOfATruncatedFileIsRefused() throws {
        for refill in [lines("new", 0..<3), lines("new", 0..<40)] {
            try withTenLinesRead { path, file, scratch, offset in
                let emitted = file.emittedUpTo
                #expect(Glibc.truncate(path, 0) == 0)
                try append(path, refill)
                #expect((FileBytes.size(file.fd) > offset) == (refill.utf8.count > Int(offset)))
                guard case .rewritten = try file.readChunk(chunkSize: 1 << 16, scratch: scratch, readTime: 0, counters: nil) else {
                    Issue.record("a truncated file's bytes were taken for its old generation's (\(refill.utf8.count) bytes refilled)")
                    return
                }
                #expect(file.readOffset == offset && file.emittedUpTo == emitted)
            }
        }
    }
}
