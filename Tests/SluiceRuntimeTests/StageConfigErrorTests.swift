import Testing
@testable import SluiceCore
@testable import SluiceRuntime
@testable import SluiceStages

/// Each stage's options: unknown keys and bad values name the key path and line.
@Suite struct StageConfigErrorTests {
    func errors(_ stage: String) -> [String] {
        loadErrors(pipelineText(stages: stage))
    }

    static let cases: [(String, String)] = [
        ("  - type: trace\n    trace_id_fro: [traceId]",
         #"stages[0].trace_id_fro: unknown key (pipeline.yaml:5:5); did you mean "trace_id_from"?"#),
        ("  - type: trace\n    url: \"https://tempo/trace/{traceid}\"",
         "stages[0].url: unknown placeholder {traceid}; use {trace_id} or {span_id} (pipeline.yaml:5:10)"),
        ("  - type: trace\n    trace_id_to: \"a..b\"",
         #"stages[0].trace_id_to: "a..b" is not a field path (pipeline.yaml:5:18)"#),
        ("  - type: trace\n    ecs: maybe",
         #"stages[0].ecs: expected true or false, found "maybe" (pipeline.yaml:5:10)"#),
        ("  - type: sample\n    rate: 1.5",
         "stages[0].rate: 1.5 is out of range 0.0...1.0 (pipeline.yaml:5:11)"),
        ("  - type: sample\n    rate: 0.1\n    keep_levels: [warning, erorr]",
         #"stages[0].keep_levels: "erorr" is not a level; use debug, info, warning, error, critical (pipeline.yaml:6:18); did you mean "error"?"#),
        ("  - type: sample\n    rat: 0.1",
         #"stages[0].rat: unknown key (pipeline.yaml:5:5); did you mean "rate"?"#),
        ("  - type: sample\n    algorithm: python",
         #"stages[0].algorithm: "python" is not one of threshold, python_ratio (pipeline.yaml:5:16)"#),
        ("  - type: sample\n    precision: 15",
         "stages[0].precision: 15 is out of range 1...14 (pipeline.yaml:5:16)"),
        ("  - type: sample\n    keep_whole_trace: { windw: 10s }",
         #"stages[0].keep_whole_trace.windw: unknown key (pipeline.yaml:5:25); did you mean "window"?"#),
        ("  - type: sample\n    level_rates: { debg: 0.1 }",
         #"stages[0].level_rates.debg: "debg" is not a level; use debug, info, warning, error, critical (pipeline.yaml:5:26); did you mean "debug"?"#),
        ("  - type: sample\n    rules: [ { rate: 0.5 } ]",
         "stages[0].rules[0].when: missing required key (pipeline.yaml:5:14)"),
        ("  - type: fields\n    renam: { a: b }",
         #"stages[0].renam: unknown key (pipeline.yaml:5:5); did you mean "rename"?"#),
        ("  - type: fields\n    add: { pod: [a, b] }",
         "stages[0].add.pod: expected a scalar value, found a list (pipeline.yaml:5:17)"),
        ("  - type: fields\n    numeric_levels: log4j\n    normalize_level: true",
         #"stages[0].numeric_levels: "log4j" is not one of python, bunyan, syslog, none (pipeline.yaml:5:21)"#),
        ("  - type: fields",
         "stages[0]: nothing to do: give at least one of add, rename, drop, keep_only, normalize_level (pipeline.yaml:4:5)"),
        ("  - type: fields\n    keep_only: []",
         "stages[0].keep_only: must list at least one field (keep_only: [] would empty every event) (pipeline.yaml:5:16)"),
    ]

    @Test(arguments: cases)
    func errorsNameKeyPathAndLine(_ stage: String, _ expected: String) {
        #expect(errors(stage) == [expected])
    }

    @Test func theDocumentedShapeLoads() throws {
        let yaml = """
            sources:
              app: { type: file, include: ["/tmp/none/*.jsonl"] }
            stages:
              - type: parse_json
              - type: trace
              - type: sample
                rate: 0.1
                keep_levels: [warning, error, critical]
              - type: fields
                add: { pod: "${POD_NAME:-unknown}" }
                when: { level: { in: [debug] } }     # any stage may carry a condition
            outputs:
              out: { type: stdout }
            """
        let config = try Pipelines.loader(environment: [:]).load(text: yaml, file: "p.yaml").get()
        #expect(config.stages.map { type(of: $0.options).typeName } == ["parse_json", "trace", "sample", "fields"])
        #expect(config.stages[3].condition != nil)
        let sample = try #require(config.stages[2].options as? SampleStage.Options)
        #expect(sample.rate.sampler.ratio == 0.1)
        #expect(sample.keepLevels == [.warning, .error, .critical])
        let fields = try #require(config.stages[3].options as? FieldsStage.Options)
        #expect(fields.add.first?.json == Array(#""unknown""#.utf8))
    }
}
