import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

/// The dead-letter file on a full disk: a batch of records is appended whole or not at all,
/// so the retry writes each record once and no record runs into the next. And its mode.
@Suite struct DeadLetterWriterTests {
    func letters(from first: Int, count: Int) throws -> [DeadLetter] {
        try numberedEvents(from: first, count: count).map {
            DeadLetter(event: $0, stage: "stages[0] (parse_json)", reason: "not a JSON object")
        }
    }

    @Test func aWriteThatFailsPartWayLeavesOnlyWholeRecords() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let disk = FillingDisk()
        let writer = DeadLetterWriter(dataDir: dir.path, files: SourceFiles(), calls: disk.calls)
        defer { writer.close() }
        try writer.write(try letters(from: 0, count: 10))
        disk.setFree(700)
        let batch = try letters(from: 10, count: 10)
        #expect(throws: SystemError.self) { try writer.write(batch) }
        let afterFailure = try LineAudit(path: writer.path).problems(expecting: 0..<10)
        #expect(afterFailure == [])
        disk.setFree(nil)
        try writer.write(batch)
        let afterRetry = try LineAudit(path: writer.path).problems(expecting: 0..<20)
        #expect(afterRetry == [])
    }

    /// The real thing: a data_dir on a tmpfs of 64 KiB filled until ENOSPC.
    @Test func aRealFullDiskLeavesOnlyWholeRecordsAndTheRetryWritesThemOnce() throws {
        guard let disk = try mountSmallFileSystem(bytes: 64 << 10) else { return }
        defer { disk.unmount() }
        try disk.fill("filler", bytes: 20 << 10)
        let writer = DeadLetterWriter(dataDir: disk.path, files: SourceFiles())
        defer { writer.close() }
        var written = 0
        var batch: [DeadLetter] = []
        var failure: SystemError?
        for _ in 0..<100 {
            batch = try letters(from: written, count: 23)
            do {
                try writer.write(batch)
                written += batch.count
            } catch let error as SystemError {
                failure = error
                break
            }
        }
        #expect(failure?.code == ENOSPC)
        let afterFailure = try LineAudit(path: writer.path).problems(expecting: 0..<written)
        #expect(afterFailure == [])
        try disk.remove("filler")
        try writer.write(batch)
        written += batch.count
        try writer.write(try letters(from: written, count: 23))
        written += 23
        let afterRetry = try LineAudit(path: writer.path).problems(expecting: 0..<written)
        #expect(afterRetry == [])
    }

    /// Dead letters hold event content: the file is created 0600, in a directory created 0700
    /// when it is missing (compared after the umask).
    @Test func theFileIsCreated0600InADirectoryCreated0700() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let writer = DeadLetterWriter(dataDir: dir.file("state/data"), files: SourceFiles())
        defer { writer.close() }
        try writer.write(try letters(from: 0, count: 1))
        for created in [dir.file("state"), dir.file("state/data")] {
            #expect(FileModes.permissions(created) == FileModes.created(0o700), "\(created) is \(FileModes.octal(FileModes.permissions(created)))")
        }
        #expect(FileModes.permissions(writer.path) == FileModes.created(0o600), "\(FileModes.octal(FileModes.permissions(writer.path)))")
    }
}
