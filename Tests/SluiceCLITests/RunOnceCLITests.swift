import Foundation
import SluiceTestSupport
import Testing

/// `sluice run --once`: reads every file to its end, ships it and exits.
@Suite struct RunOnceCLITests {
    /// A file whose last line has no newline: the end of the input ends that line too.
    @Test func aLastLineWithoutNewlineIsShipped() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        _ = try dir.write("logs/app.log", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}")
        let config = try FileToFilePipeline.write(in: dir)
        let result = try BinaryRunner.run(["run", "--once", "-c", config], timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        let out = try dir.read("out.ndjson")
        #expect(out == "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", "\(out)")
    }
}
