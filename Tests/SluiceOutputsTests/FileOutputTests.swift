import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceOutputs

@Suite struct FileOutputTests {
    func events(_ lines: [String]) throws -> [Event] {
        try lines.map { line in
            var e = Event(line)
            e.fields = try JSONObject(parsing: e.line)
            e.flags.remove(.raw)
            return e
        }
    }

    @Test func appendsNDJSONAcrossReopens() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let options = FileOutput.Options(path: dir.file("out.ndjson"))
        let first = try FileOutput(name: "debug", options: options)
        try first.write(try events([#"{"a":1}"#, #"{"b": "x"}"#]))
        try first.close()
        let second = try FileOutput(name: "debug", options: options)
        try second.write(try events([#"{"c":3}"#]) + [Event("not json")])
        try second.close()
        #expect(try dir.read("out.ndjson") == "{\"a\":1}\n{\"b\": \"x\"}\n{\"c\":3}\n{\"message\":\"not json\"}\n")
    }

    /// kill -9 in the middle of a write leaves a last line without its newline; the next run
    /// must not append its first line onto it (that line would be unreadable, i.e. lost).
    @Test func aLineCutOffByACrashIsRemovedOnReopen() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("out.ndjson", "{\"a\":1}\n{\"b\":2}\n{\"seq\":70133,\"msg\":")
        let output = try FileOutput(name: "debug", options: FileOutput.Options(path: dir.file("out.ndjson")))
        #expect(output.cutOnOpen == #"{"seq":70133,"msg":"#.utf8.count)
        try output.write(try events([#"{"seq":100000}"#]))
        try output.close()
        #expect(try dir.read("out.ndjson") == "{\"a\":1}\n{\"b\":2}\n{\"seq\":100000}\n")
    }

    @Test func unwritablePathIsAClearError() throws {
        let options = FileOutput.Options(path: "/nonexistent-dir-sluice/out.ndjson")
        #expect {
            _ = try FileOutput(name: "debug", options: options)
        } throws: { error in
            "\(error)" == "open /nonexistent-dir-sluice/out.ndjson: No such file or directory"
        }
    }

    @Test func previewIsTheLineThatWouldBeWritten() throws {
        var out: [UInt8] = []
        FileOutput.Options(path: "/x").preview(try events([#"{"k":"v"}"#])[0], into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"k":"v"}"#)
    }

    @Test func linkedLibrariesReportVersions() {
        #expect(LinkedLibraries.curl.split(separator: ".").count >= 2)
        #expect(LinkedLibraries.libdeflate.split(separator: ".").count >= 2)
    }
}

/// A full disk in the middle of a batch: the file keeps exactly the earlier batches' lines,
/// and the retry once space is back appends the batch once (no duplicates, no line run into
/// the next).
@Suite struct FileOutputFullDiskTests {
    @Test func aWriteThatFailsPartWayLeavesOnlyWholeBatches() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let disk = FillingDisk()
        let path = dir.file("out.ndjson")
        let output = FileOutput(name: "debug", options: .init(path: path), file: try LineAppender(path: path, calls: disk.calls))
        defer { try? output.close() }
        try output.write(try numberedEvents(from: 0, count: 20))
        disk.setFree(1_000)
        let batch = try numberedEvents(from: 20, count: 20)
        #expect(throws: SystemError.self) { try output.write(batch) }
        let afterFailure = try LineAudit(path: path).problems(expecting: 0..<20)
        #expect(afterFailure == [])
        disk.setFree(nil)
        try output.write(batch)
        let afterRetry = try LineAudit(path: path).problems(expecting: 0..<40)
        #expect(afterRetry == [])
    }

    /// The real thing: a tmpfs of 64 KiB filled by batches until ENOSPC.
    @Test func aRealFullDiskLeavesOnlyWholeBatchesAndTheRetryWritesTheBatchOnce() throws {
        guard let disk = try mountSmallFileSystem(bytes: 64 << 10) else { return }
        defer { disk.unmount() }
        try disk.fill("filler", bytes: 16 << 10)
        let path = disk.file("out.ndjson")
        let output = try FileOutput(name: "debug", options: .init(path: path))
        defer { try? output.close() }
        var written = 0
        var batch: [Event] = []
        var failure: SystemError?
        for _ in 0..<100 {
            batch = try numberedEvents(from: written, count: 37)
            do {
                try output.write(batch)
                written += batch.count
            } catch let error as SystemError {
                failure = error
                break
            }
        }
        #expect(failure?.code == ENOSPC)
        let afterFailure = try LineAudit(path: path).problems(expecting: 0..<written)
        #expect(afterFailure == [])
        try disk.remove("filler")
        try output.write(batch)
        written += batch.count
        try output.write(try numberedEvents(from: written, count: 37))
        written += 37
        let afterRetry = try LineAudit(path: path).problems(expecting: 0..<written)
        #expect(afterRetry == [])
    }
}
