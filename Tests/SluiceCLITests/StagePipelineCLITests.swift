import Foundation
import SluiceTestSupport
import Testing

/// The shipped pipelines that use trace, sample, fields and drop, run by the real binary.
@Suite struct StagePipelineCLITests {
    static let repository = CLITests.repository

    @Test func testCommandPassesForEveryShippedPipeline() throws {
        let pipelines = try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/pipelines").filter { $0.hasSuffix(".yaml") }
        #expect(pipelines.contains("ai-workflow.yaml"))
        for name in pipelines {
            let result = try BinaryRunner.run(["test", "-c", "pipelines/" + name], directory: Self.repository)
            #expect(result.status == 0, "\(name): \(result.stdout)")
            #expect(result.stdout.hasSuffix(" 0 failed\n"), "\(name)")
        }
    }

    @Test func aiWorkflowRunNormalisesTraceIDsAndLevels() throws {
        let data = try TempDirectory()
        defer { data.remove() }
        let result = try BinaryRunner.run(
            ["run", "--once", "-c", "pipelines/ai-workflow.yaml"],
            environment: ["SLUICE_DATA_DIR": data.path, "POD_NAME": "api-7"],
            directory: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.isEmpty)
        let hex32 = try Regex("^[0-9a-f]{32}$")
        var sampledOut = 0
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["pod"] as? String == "api-7")
            if let trace = object["trace_id"] as? String, object["trace_invalid"] == nil {
                #expect(trace.wholeMatch(of: hex32) != nil, "\(line)")
                #expect(object["trace_url"] as? String == "https://tempo.example.com/trace/" + trace)
            } else if object["trace_invalid"] == nil {
                #expect(object["trace_missing"] as? Bool == true, "\(line)")
            }
            if let level = object["level"] as? String {
                #expect(["debug", "info", "warning", "error", "critical"].contains(level), "\(line)")
            }
            #expect(object["sample_rate"] as? Int == 1 || object["sample_rate"] as? Int == 4, "\(line)")
            if object["event"] as? String == "heartbeat" { sampledOut += 1 }
        }
        #expect(sampledOut == 0)
    }
}
