import Foundation
import Glibc
import SluiceTestSupport
import Testing

/// What Sluice keeps in `data_dir` is its user's only, whatever the umask: the directory (and
/// the parents it creates for it) 0700; checkpoints (`checkpoints.tmp` is renamed to
/// `checkpoints`, then to `checkpoints.prev`), dead letters, `sluice.lock` and `started` 0600.
@Suite struct DataDirectoryModeCLITests {
    /// Two `run --once` under umask 0 (the second makes `checkpoints.prev`), with a line that is
    /// not JSON dead-lettered each time.
    @Test func dataDirIs0700AndEveryFileInIt0600UnderAPermissiveUmask() throws {
        let dir = try TempDirectory("sluice-modes")
        defer { dir.remove() }
        let dataDir = dir.file("state/nested/data")  // none of it exists yet
        let config = try dir.write("pipeline.yaml", """
            data_dir: \(dataDir)
            sources:
              app: { type: file, include: ["\(dir.file("logs"))/*.log"], start_at: beginning }
            stages:
              - type: parse_json
                on_error: dead_letter
            outputs:
              out: { type: file, path: "\(dir.file("out.ndjson"))" }
            """)
        // The shell sets the umask, proves it with a probe file, and execs the agent.
        let probe = dir.file("umask-probe")
        let umaskZero = ["/bin/sh", "-c", "umask 000 && : > '\(probe)' && exec \"$0\" \"$@\""]

        try dir.write("logs/app.log", "{\"n\":1}\nnot json 1\n")
        let first = try BinaryRunner.run(["run", "--once", "-c", config], timeout: 30, launcher: umaskZero)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileModes.permissions(probe) == 0o666, "the agent did not run under umask 0: the probe is \(FileModes.octal(FileModes.permissions(probe)))")
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.file("logs/app.log")))
        log.seekToEndOfFile()
        log.write(Data("{\"n\":2}\nnot json 2\n".utf8))
        try log.close()
        let second = try BinaryRunner.run(["run", "--once", "-c", config], timeout: 30, launcher: umaskZero)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try dir.read("out.ndjson") == "{\"n\":1}\n{\"n\":2}\n")

        for directory in [dir.file("state"), dir.file("state/nested"), dataDir] {
            #expect(FileModes.permissions(directory) == 0o700, "\(directory) is \(FileModes.octal(FileModes.permissions(directory)))")
        }
        let expected = ["checkpoints", "checkpoints.prev", "dead_letter.ndjson", "sluice.lock", "started"]
        let present = try FileManager.default.contentsOfDirectory(atPath: dataDir).sorted()
        #expect(present == expected, "data_dir holds \(present)")
        for name in present {
            #expect(FileModes.permissions(dataDir + "/" + name) == 0o600, "\(name) is \(FileModes.octal(FileModes.permissions(dataDir + "/" + name)))")
        }
        let letters = try String(contentsOfFile: dataDir + "/dead_letter.ndjson", encoding: .utf8)
        #expect(letters.split(separator: "\n").count == 2, "\(letters)")
    }
}
