import Foundation
import SluiceTestSupport
import Testing

/// The real binary, as a user runs it.
@Suite struct CLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func validateAcceptsTheShippedPipelines() throws {
        let pipelines = try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/pipelines").filter { $0.hasSuffix(".yaml") }.map { "pipelines/" + $0 }
        #expect(!pipelines.isEmpty)
        let result = try BinaryRunner.run(["validate"] + pipelines, directory: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == pipelines.count)
    }

    @Test func validateReportsEveryErrorAndExits2() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("bad.yaml", """
            sources:
              app:
                type: file
                include: ["/logs/*.json"]
            stages:
              - type: parse_json
                on_eror: keep
            outputs:
              out:
                type: stdot
            """)
        let result = try BinaryRunner.run(["validate", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains(#"error: stages[0].on_eror: unknown key (\#(path):7:5); did you mean "on_error"?"#))
        #expect(result.stderr.contains(#"error: outputs.out.type: "stdot" is not one of stdout, file, blackhole, elasticsearch, loki, http, otlp (\#(path):10:11); did you mean "stdout"?"#))
        #expect(result.stderr.contains("2 errors"))
    }

    @Test func runShipsTheQuickstartSamplesToStdoutAndStopsOnSIGTERM() throws {
        let data = try TempDirectory()
        defer { data.remove() }
        let samples = try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/pipelines/samples").filter { $0.hasSuffix(".jsonl") }
        let expected = try samples.reduce(0) { total, name in
            total + (try String(contentsOfFile: Self.repository + "/pipelines/samples/" + name, encoding: .utf8)).split(separator: "\n").count
        }
        let agent = try RunningBinary(["run", "-c", "pipelines/quickstart.yaml"], environment: ["SLUICE_DATA_DIR": data.path], directory: Self.repository)
        #expect(waitUntil(timeout: 30) { agent.stdout.split(separator: "\n").count >= expected })
        agent.send(SIGTERM)
        #expect(agent.wait() == 0)
        let result = (stdout: agent.stdout, stderr: agent.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == expected)
        // The positions were checkpointed: a second run sends nothing again.
        #expect(FileManager.default.fileExists(atPath: data.path + "/checkpoints"))
        for line in lines {
            // Every output line is a JSON object, even for the malformed input lines.
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
        }
        #expect(lines.contains { $0.contains(#""parse_error":true"#) })
        // The agent's own log is JSON on stderr.
        let log = try #require(result.stderr.split(separator: "\n").last)
        #expect((try? JSONSerialization.jsonObject(with: Data(log.utf8))) is [String: Any])
    }

    @Test func dryRunReadsStandardInput() throws {
        let result = try BinaryRunner.run(["dry-run", "-c", "pipelines/quickstart.yaml", "--input", "-"], stdin: "{\"a\":1}\nnope\n", directory: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[console] {\"a\":1}\n[console] {\"message\":\"nope\",\"parse_error\":true}\n")
        #expect(result.stderr.contains("2 lines read, 2 events out"))
    }

    /// `dry-run --input` reads the input as the first source reads its files: the node-level
    /// pipeline's CRI lines decoded, split lines joined, a traceback joined to its JSON line.
    @Test func dryRunReadsContainerLinesAsTheSourceDoes() throws {
        let input = [
            #"2026-12-03T10:00:00Z stdout F {"level":"error","event":"failed"}"#,
            "2026-12-03T10:00:00Z stdout F Traceback (most recent call last):",
            #"2026-12-03T10:00:00Z stdout F   File "app.py", line 1, in <module>"#,
            "2026-12-03T10:00:00Z stdout F ValueError: bad",
            "2026-12-03T10:00:01Z stderr P half ",
            "2026-12-03T10:00:01Z stderr F line",
        ].joined(separator: "\n") + "\n"
        let result = try BinaryRunner.run(
            ["dry-run", "-c", "pipelines/ai-workflow-node.yaml", "--input", "-"], stdin: input, directory: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("6 lines read, 2 events out"), "\(result.stderr)")
        #expect(result.stdout.contains(#"\"exception\":\"Traceback (most recent call last):\\n  File \\\"app.py\\\", line 1, in <module>\\nValueError: bad\""#), "\(result.stdout)")
        #expect(result.stdout.contains(#"\"message\":\"half line\",\"stream\":\"stderr\""#), "\(result.stdout)")
    }

    @Test func scanReportsShapesAndASuggestedStage() throws {
        let input = #"{"user":{"email":"alice@example.com"},"ip":"10.1.2.3"}"# + "\n" + #"{"user":{"email":"bob@corp.io"},"ip":"10.9.8.7"}"# + "\n"
            + #"{"user":{"email":"carol@mail.co.uk"},"ip":"10.0.0.1"}"# + "\n"
        let result = try BinaryRunner.run(["scan", "-"], stdin: input, directory: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("scanned 1 input: 3 lines, 3 events"))
        #expect(result.stdout.contains("xxxxx@xxxxxxx.xxx") && !result.stdout.contains("alice@example.com") && !result.stdout.contains("10.1.2.3"))
        #expect(result.stdout.contains("      user.email: mask"))
        let none = try BinaryRunner.run(["scan"], directory: Self.repository)
        // A usage error, as ArgumentParser reports them.
        #expect(none.status == 64 && none.stderr.contains("Missing expected argument '<file> ...'"))
    }

    @Test func testCommandRunsTheConfigsCases() throws {
        let result = try BinaryRunner.run(["test", "-c", "pipelines/quickstart.yaml"], directory: Self.repository)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix("2 passed, 0 failed\n"))
    }

    @Test func versionNamesTheLinkedLibraries() throws {
        let result = try BinaryRunner.run(["version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("sluice ") && result.stdout.contains("libcurl") && result.stdout.contains("libdeflate"))
    }
}
