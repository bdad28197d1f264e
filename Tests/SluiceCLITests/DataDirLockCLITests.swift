import Foundation
import SluiceTestSupport
import Testing

/// One agent per `data_dir`: a second `sluice run` on the same one would ship everything again
/// and race the first on the checkpoint files.
@Suite struct DataDirLockCLITests {
    func pipeline(_ dir: TempDirectory) throws -> String {
        try dir.write("logs/app.log", "{\"seq\":1}\n{\"seq\":2}\n")
        return try dir.write("pipeline.yaml", """
            data_dir: \(dir.file("data"))
            shutdown_timeout: 5s
            sources:
              app: { type: file, include: ["\(dir.file("logs"))/*.log"], start_at: beginning }
            stages:
              - type: parse_json
            outputs:
              out: { type: file, path: "\(dir.file("out.ndjson"))" }
            """)
    }

    @Test func aSecondAgentOnTheSameDataDirExitsNamingTheFirstsPID() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let config = try pipeline(dir)
        let first = try RunningBinary(["run", "-c", config])
        defer { if first.process.isRunning { first.send(SIGKILL) } }
        #expect(waitUntil(timeout: 30) { first.stderr.contains(#""msg":"started""#) }, "\(first.stderr.suffix(2000))")

        let second = try RunningBinary(["run", "-c", config])
        defer { if second.process.isRunning { second.send(SIGKILL) } }
        // It either refuses to start (exits) or starts; either ends the wait.
        _ = waitUntil(timeout: 30) { !second.process.isRunning || second.stderr.contains(#""msg":"started""#) }
        #expect(!second.process.isRunning, "a second agent runs on the same data_dir")
        second.send(SIGTERM)
        #expect(second.wait() != 0)
        #expect(second.stderr.contains("PID \(first.process.processIdentifier)"), "\(second.stderr)")
        #expect(second.stderr.contains(dir.file("data")), "\(second.stderr)")

        // Commands that write no checkpoints do not take the lock.
        let validate = try BinaryRunner.run(["validate", config])
        #expect(validate.status == 0, "\(validate.stderr)")
        let dryRun = try BinaryRunner.run(["dry-run", "-c", config, "--input", "-"], stdin: "{\"a\":1}\n")
        #expect(dryRun.status == 0, "\(dryRun.stderr)")

        first.send(SIGTERM)
        #expect(first.wait() == 0)
        let third = try RunningBinary(["run", "-c", config])
        defer { if third.process.isRunning { third.send(SIGKILL) } }
        #expect(waitUntil(timeout: 30) { third.stderr.contains(#""msg":"started""#) }, "\(third.stderr.suffix(2000))")
        third.send(SIGTERM)
        #expect(third.wait() == 0)
        // The lines were shipped once, by the first agent.
        let shipped = try dir.read("out.ndjson")
        #expect(shipped == "{\"seq\":1}\n{\"seq\":2}\n")
    }
}
