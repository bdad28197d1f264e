import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

/// `dry-run --explain`: before/after with marks, and the plain dry run stays redacted.
@Suite struct DryRunExplainTests {
    func config(_ dir: TempDirectory) throws -> PipelineConfig {
        let yaml = """
            data_dir: \(dir.path)/data
            sources:
              app: { type: file, include: ["\(dir.path)/logs/*.jsonl"] }
            stages:
              - type: parse_json
              - type: redact
                fields: { user.email: hash }
                hmac_key: test-key
            outputs:
              out: { type: stdout }
            """
        return try Pipelines.loader(environment: [:]).load(text: yaml, file: dir.file("pipeline.yaml")).get()
    }

    static let line = #"{"msg":"mail alice@example.com from 10.0.0.1","user":{"email":"bob@example.org"},"n":1}"#

    func run(_ explain: DryRunExplain?) throws -> String {
        let dir = try TempDirectory()
        defer { dir.remove() }
        try dir.write("logs/a.jsonl", Self.line + "\n" + #"{"clean":true}"# + "\n")
        var dryRun = DryRun(config: try config(dir), input: .sources)
        dryRun.explain = explain
        var text: [UInt8] = []
        _ = try dryRun.execute { text.append(contentsOf: $0) }
        return String(decoding: text, as: UTF8.self)
    }

    @Test func plainMarksShowEachRedactionWithItsRule() throws {
        let text = try run(DryRunExplain(style: .plain))
        #expect(text.contains(#"before: {"msg":"mail <<email:alice@example.com>> from <<ipv4:10.0.0.1>>","user":{"email":"<<field:hash:bob@example.org>>"},"n":1}"#), "\(text)")
        #expect(text.contains(#"after:  {"msg":"mail <<email:[REDACTED:email]>> from <<ipv4:[REDACTED:ipv4]>>","user":{"email":"<<field:hash:hmac:"#), "\(text)")
        #expect(text.contains("  - email at msg by stages[1] (redact)\n"))
        #expect(text.contains("  - ipv4 at msg by stages[1] (redact)\n"))
        #expect(text.contains("  - field:hash at user.email by stages[1] (redact)\n"))
        // The event nothing touched gets no explanation, and the marks use no colour.
        #expect(!text.contains("clean\":true}\n  after"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test func colourMarksOnATerminal() throws {
        let text = try run(DryRunExplain(style: .color))
        #expect(text.contains("\u{1B}[1;31malice@example.com\u{1B}[0;33m{email}\u{1B}[0m"))
        #expect(text.contains("\u{1B}[1;32m[REDACTED:email]\u{1B}[0;33m{email}\u{1B}[0m"))
    }

    @Test func withoutExplainNothingOriginalIsShown() throws {
        let text = try run(nil)
        #expect(!text.contains("alice@example.com"))
        #expect(!text.contains("bob@example.org"))
        #expect(!text.contains("10.0.0.1"))
        #expect(text.contains("[REDACTED:email]"))
    }
}
