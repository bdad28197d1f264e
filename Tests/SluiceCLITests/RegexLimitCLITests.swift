import Foundation
import SluiceTestSupport
import Testing

/// Regular expressions that backtrack without end, run by the real binary: the run finishes,
/// nothing of the values is shipped or logged, and each expression warns once.
@Suite struct RegexLimitCLITests {
    @Test func runawayPatternsWarnOncePerExpressionAndNeverLogOrShipTheValue() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let runaway = String(repeating: "a", count: 40) + "b"
        let lines = (1...3).map { #"{"msg":"\#(runaway)","n":\#($0)}"# } + [#"{"msg":"baaa","n":4}"#]
        _ = try dir.write("app.jsonl", lines.joined(separator: "\n") + "\n")
        let pipeline = try dir.write("pipeline.yaml", """
            data_dir: \(dir.path)/data
            sources:
              app: { type: file, include: ["\(dir.path)/*.jsonl"], start_at: beginning }
            stages:
              - type: parse_json
              - type: drop
                when: { msg: { matches: "(a+)+$" } }
              - type: redact
                custom: [{ name: runaway, pattern: "(a+)+$" }]
            outputs:
              console: { type: stdout }
            """)
        let result = try BinaryRunner.run(["run", "--once", "-c", pipeline])
        #expect(result.status == 0, "\(result.stderr)")
        // The condition gave up (not dropped), then the custom pattern did (masked whole);
        // "baaa" matched the condition and was dropped.
        #expect(result.stdout == (1...3).map { #"{"msg":"[REDACTED:runaway]","n":\#($0)}"# + "\n" }.joined())
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("gave up at its limit") }
        #expect(warnings.count == 2, "\(result.stderr)")
        #expect(warnings.contains { $0.contains(#""regex":"stages[1].when.msg.matches (\#(pipeline):7:29)""#) })
        #expect(warnings.contains { $0.contains(#""regex":"stages[2].custom[0].pattern (\#(pipeline):9:40)""#) })
        #expect(warnings.allSatisfy { $0.contains(#""level":"warning""#) && $0.contains(#""limit":"match_limit""#) })
        #expect(!result.stderr.contains("aaaa"))
    }
}
