import Glibc
import SluiceTestSupport
import Testing
@testable import SluiceCore

/// A batch is appended whole or not at all: a write or fsync that fails part-way takes the
/// batch's bytes back, so the retry appends it exactly once after the earlier batches.
@Suite struct LineAppenderTests {
    func lines(_ range: Range<Int>) -> [UInt8] {
        Array(range.map { #"{"seq":\#($0),"msg":"some text"}"# + "\n" }.joined().utf8)
    }

    @Test func aBatchThatFillsTheDiskPartWayIsTakenBackAndTheRetryAppendsItOnce() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let disk = FillingDisk()
        let file = try LineAppender(path: dir.file("out.ndjson"), calls: disk.calls)
        try file.append(sync: true) { $0 += lines(0..<10) }
        try file.append(sync: true) { $0 += lines(10..<20) }
        disk.setFree(45)  // the disk fills in the middle of the batch's second line
        #expect(throws: SystemError("write", path: dir.file("out.ndjson"), code: ENOSPC)) {
            try file.append(sync: true) { $0 += lines(20..<30) }
        }
        let afterFailure = try LineAudit(path: dir.file("out.ndjson")).problems(expecting: 0..<20)
        #expect(afterFailure == [])
        disk.setFree(nil)
        try file.append(sync: true) { $0 += lines(20..<30) }
        let afterRetry = try LineAudit(path: dir.file("out.ndjson")).problems(expecting: 0..<30)
        #expect(afterRetry == [])
    }

    @Test func aFailedFsyncTakesTheBatchBack() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let disk = FillingDisk()
        let file = try LineAppender(path: dir.file("out.ndjson"), calls: disk.calls)
        try file.append(sync: true) { $0 += lines(0..<5) }
        disk.failNextFsync(EIO)
        #expect(throws: SystemError("fsync", path: dir.file("out.ndjson"), code: EIO)) {
            try file.append(sync: true) { $0 += lines(5..<10) }
        }
        #expect(try FileIO.readAll(dir.file("out.ndjson")) == lines(0..<5))
        try file.append(sync: true) { $0 += lines(5..<10) }
        #expect(try FileIO.readAll(dir.file("out.ndjson")) == lines(0..<10))
    }

    /// The rollback itself fails: the file is cut back before the next batch is written.
    @Test func aFailedRollbackIsDoneBeforeTheNextBatch() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let disk = FillingDisk()
        let file = try LineAppender(path: dir.file("out.ndjson"), calls: disk.calls)
        try file.append(sync: false) { $0 += lines(0..<5) }
        disk.setFree(30)
        disk.failNextTruncate(EIO)
        #expect(throws: SystemError.self) { try file.append(sync: false) { $0 += lines(5..<10) } }
        disk.setFree(nil)
        try file.append(sync: false) { $0 += lines(5..<10) }
        #expect(try FileIO.readAll(dir.file("out.ndjson")) == lines(0..<10))
    }

    @Test func aBatchThatFitsIsAppendedWithoutCuts() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let disk = FillingDisk()
        let file = try LineAppender(path: dir.file("out.ndjson"), calls: disk.calls)
        try file.append(sync: true) { $0 += lines(0..<3) }
        try file.append(sync: false) { $0 += lines(3..<6) }
        #expect(disk.truncates == 0)
        #expect(try FileIO.readAll(dir.file("out.ndjson")) == lines(0..<6))
    }
}
