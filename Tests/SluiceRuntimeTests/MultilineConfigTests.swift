import Testing
@testable import SluiceCore
@testable import SluiceRuntime

/// `multiline:` on a file source: the built-in rule, the pattern form with its limits, and
/// errors that name the key and line.
@Suite struct MultilineConfigTests {
    func load(_ multiline: String) -> Result<PipelineConfig, PipelineConfigError> {
        Pipelines.loader(environment: [:]).load(text: """
            sources:
              app:
                type: file
                include: ["/app/logs/*.log"]
            \(multiline)
            outputs:
              out: { type: stdout }
            """, file: "pipeline.yaml")
    }

    func errors(_ multiline: String) -> [String] {
        if case .failure(let failure) = load(multiline) { return failure.errors.map(\.description) }
        return []
    }

    @Test func python() throws {
        let rule = try #require(try load("    multiline: python").get().sources[0].multiline)
        guard case .python = rule.kind else { Issue.record("not the python rule"); return }
        #expect(rule.maxLines == 500 && rule.maxBytes == 1 << 20 && rule.timeout == 1 && rule.field == "exception")
        #expect(try load("").get().sources[0].multiline == nil)
    }

    @Test func aStartPatternWithItsLimits() throws {
        let rule = try #require(try load("""
                multiline:
                  start: '^\\d{4}-'
                  continue: '^\\s'
                  max_lines: 50
                  max_bytes: 64KiB
                  timeout: 2s
                  field: stack
            """).get().sources[0].multiline)
        guard case .pattern(let start, let continuation) = rule.kind else { Issue.record("not a pattern rule"); return }
        #expect(start.pattern == "^\\d{4}-" && continuation?.pattern == "^\\s")
        #expect(rule.maxLines == 50 && rule.maxBytes == 65536 && rule.timeout == 2 && rule.field == "stack")
    }

    @Test func badValuesNameTheKeyAndLine() {
        #expect(errors("    multiline: java") == [
            "sources.app.multiline: expected python, or a mapping with start: (and continue:, max_lines, max_bytes, timeout, field) (pipeline.yaml:5:16)",
        ])
        #expect(errors("    multiline: { start: '(' }").first?.hasPrefix("sources.app.multiline.start: invalid regular expression at offset 1") == true)
        #expect(errors("    multiline: { max_lines: 5 }").first?.contains("give start:") == true)
        #expect(errors("    multiline: { start: '^x', max_lines: 1 }").first?.contains("sources.app.multiline.max_lines") == true)
        #expect(errors("    multiline: { start: '^x', strat: '^y' }").first?.contains("sources.app.multiline.strat: unknown key") == true)
    }
}
