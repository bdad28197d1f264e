import Foundation
import SluiceTestSupport
import Testing

/// More followed files than the process may hold descriptors for (`prlimit --nofile`).
@Suite struct DescriptorLimitCLITests {
    /// 150 files under a limit of 48 descriptors: every line arrives once, checkpoints are
    /// written (no EMFILE), and a second run reads only what was added to each file.
    @Test func moreFilesThanDescriptorsAreAllShippedOnce() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let files = 150
        for file in 0..<files {
            _ = try dir.write("logs/f\(file).log", (0..<4).map { "{\"f\":\(file),\"n\":\($0)}\n" }.joined())
        }
        let config = try FileToFilePipeline.write(in: dir)
        let limited = ["/usr/bin/prlimit", "--nofile=48:48"]
        let first = try BinaryRunner.run(["run", "--once", "-c", config], timeout: 60, launcher: limited)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("cannot write checkpoints"))
        #expect(!first.stderr.contains("cannot open a file"))
        let lines = try dir.read("out.ndjson").split(separator: "\n")
        #expect(lines.count == files * 4)
        #expect(Set(lines).count == files * 4)

        for file in 0..<files {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.file("logs/f\(file).log")))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"f\":\(file),\"n\":4}\n".utf8))
            try handle.close()
        }
        let second = try BinaryRunner.run(["run", "--once", "-c", config], timeout: 60, launcher: limited)
        #expect(second.status == 0, "\(second.stderr)")
        let all = try dir.read("out.ndjson").split(separator: "\n")
        #expect(all.count == files * 5, "\(all.count) lines for \(files * 5)")
        #expect(Set(all).count == all.count, "no line twice")
    }
}
