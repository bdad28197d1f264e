import Foundation
import Glibc
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceTail

/// A checkpoint behind the read offset takes its check from the bytes as they were read: the
/// same hash a read of the file gives.
@Suite struct RecentLineEndChecksTests {
    static func fileHash(_ bytes: [UInt8], before end: Int) -> UInt64 {
        Array(bytes[max(0, end - 64)..<end]).withUnsafeBytes { FNV1a.hash($0) }
    }

    /// Any end within a chunk, whatever the chunk's length and however far into the file:
    /// the hash of the up to 64 bytes before it, the bytes read before the chunk making up
    /// what the chunk lacks.
    @Test func theHashIsTheFilesBytesBeforeTheEnd() {
        var rng = SystemRandomNumberGenerator()
        let file = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for _ in 0..<2000 {
            let start = Int.random(in: 0..<4000, using: &rng)
            let length = Int.random(in: 0...min(96, file.count - start), using: &rng)
            let chunk = Array(file[start..<(start + length)])
            let previous = Array(file[max(0, start - 64)..<start])
            for end in start...(start + length) {
                let hash = RecentLineEndChecks.hash(before: UInt64(end), chunk: chunk, start: UInt64(start), previous: previous)
                if end == 0 {
                    #expect(hash == FNV1a.offsetBasis)
                } else {
                    #expect(hash == Self.fileHash(file, before: end), "start \(start), length \(length), end \(end)")
                }
            }
            // Outside the chunk, or with fewer bytes before it than the end needs: none.
            #expect(RecentLineEndChecks.hash(before: UInt64(start + length + 1), chunk: chunk, start: UInt64(start), previous: previous) == nil)
            if start > 0 {
                #expect(RecentLineEndChecks.hash(before: UInt64(start - 1), chunk: chunk, start: UInt64(start), previous: previous) == nil)
                if length < 64 {
                    #expect(RecentLineEndChecks.hash(before: UInt64(start + length), chunk: chunk, start: UInt64(start), previous: []) == nil)
                }
            }
        }
    }

    @Test func theLastEndsAreRememberedAndTheOldestForgotten() {
        var checks = RecentLineEndChecks()
        #expect(checks.hash(before: 10) == nil)
        for end in 1...UInt64(RecentLineEndChecks.capacity + 3) { checks.remember(end: end * 100, hash: end) }
        for end in 1...3 { #expect(checks.hash(before: UInt64(end) * 100) == nil) }
        for end in 4...UInt64(RecentLineEndChecks.capacity + 3) { #expect(checks.hash(before: end * 100) == end) }
        checks.remember(end: 500, hash: 55)
        #expect(checks.hash(before: 500) == 55)
        #expect(checks.hash(before: 400) == 4, "remembering an end again forgets nothing")
        checks.removeAll()
        #expect(checks.hash(before: 500) == nil)
    }

    /// Reads of a growing file: the check at the end of every read, taken after later reads
    /// (the durable offset behind the read offset), is the file's; after a truncation none
    /// of the old generation's ends is known.
    @Test func aFilesCheckBehindTheReadOffsetIsTheFilesBytes() throws {
        let dir = try TempDirectory("sluice-checks")
        defer { dir.remove() }
        let path = dir.path + "/app.log"
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var written: [UInt8] = []
        func append(_ text: String) throws {
            written += Array(text.utf8)
            try writer.write(contentsOf: Data(text.utf8))
        }
        try append((0..<40).map { "{\"seq\":\($0),\"msg\":\"first lines of the file\"}\n" }.joined())
        let (file, fd) = try tailedFile(path)
        defer { close(fd) }
        var ends: [UInt64] = []
        for round in 0..<6 {
            // A partial last line now and then: the end is the last whole line's.
            try append((0..<(round + 1)).map { "{\"seq\":\(round * 10 + $0),\"msg\":\"more\"}\n" }.joined() + (round % 2 == 0 ? "{\"partial\":" : "true}\n"))
            guard case .lines(let lines) = try file.readChunk(chunkSize: 1 << 16, size: UInt64(written.count), readTime: 0, counters: nil) else {
                Issue.record("round \(round) read nothing")
                return
            }
            ends.append(lines.end)
        }
        for end in ends {
            let check = file.check(before: end)
            #expect(check.length == 64 && check.hash == Self.fileHash(written, before: Int(end)), "end \(end)")
        }
        try writer.truncate(atOffset: 0)
        try writer.close()
        file.restart(newID: 2, identity: file.identity, fingerprintCap: 1024, now: 0)
        for end in ends { #expect(file.check(before: end) == (0, 0) || end == 0) }
    }
}
