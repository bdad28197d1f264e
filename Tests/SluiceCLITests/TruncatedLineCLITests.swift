import Foundation
import SluiceTestSupport
import Testing

/// A line longer than `max_line_bytes`, tailed and shipped by the real binary: marked, and
/// nothing of the secret the cut fell into is shipped.
@Suite struct TruncatedLineCLITests {
    @Test func aLineCutInAnEmailIsShippedMarkedWithoutTheFragment() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let head = #"{"level":"info","msg":"contact "#
        let filler = String(repeating: "x", count: 256 - head.utf8.count - "user33.leak@exa".utf8.count - 1) + " "
        let long = head + filler + "user33.leak@example.com today" + #"","n":1}"#
        _ = try dir.write("app.jsonl", long + "\n" + #"{"msg":"next","n":2}"# + "\n")
        let pipeline = try dir.write("pipeline.yaml", """
            data_dir: \(dir.path)/data
            sources:
              app: { type: file, include: ["\(dir.path)/*.jsonl"], start_at: beginning, max_line_bytes: 256 }
            stages:
              - type: parse_json
              - type: redact
            outputs:
              console: { type: stdout }
            """)
        let result = try BinaryRunner.run(["run", "--once", "-c", pipeline])
        #expect(result.status == 0, "\(result.stderr)")
        var kept: [UInt8] = []
        for b in (head + filler).utf8 {
            if b == UInt8(ascii: "\"") { kept.append(UInt8(ascii: "\\")) }
            kept.append(b)
        }
        let expected = #"{"message":""# + String(decoding: kept, as: UTF8.self) + #"[REDACTED:truncated]","truncated":true,"parse_error":true}"#
        #expect(result.stdout == expected + "\n" + #"{"msg":"next","n":2}"# + "\n")
        #expect(!result.stdout.contains("user33"))
        #expect(!result.stderr.contains("user33"))
    }
}
