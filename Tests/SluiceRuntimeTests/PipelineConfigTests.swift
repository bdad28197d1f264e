import Testing
@testable import SluiceCore
@testable import SluiceRuntime
import SluiceStages
import SluiceOutputs
import SluiceTestSupport

@Suite struct PipelineConfigTests {
    let env = ["POD_NAME": "api-0", "OUT": "/tmp/out.ndjson"]

    func errors(_ yaml: String) -> [String] {
        switch Pipelines.loader(environment: env).load(text: yaml, file: "pipeline.yaml") {
        case .success: return []
        case .failure(let failure): return failure.errors.map(\.description)
        }
    }

    func load(_ yaml: String) throws -> PipelineConfig {
        try Pipelines.loader(environment: env).load(text: yaml, file: "/etc/sluice/pipeline.yaml").get()
    }

    static let valid = """
        data_dir: /var/lib/sluice
        sources:
          app:
            type: file
            include: ["/app/logs/*.json", "/app/logs/**/*.jsonl"]
            exclude: ["/app/logs/*.gz"]
            start_at: end
        stages:
          - type: parse_json
            on_error: dead_letter
        outputs:
          out:
            type: file
            path: ${OUT}
        """

    @Test func readsAValidPipeline() throws {
        let config = try load(Self.valid)
        #expect(config.dataDir == "/var/lib/sluice")
        #expect(config.sources.map(\.name) == ["app"])
        #expect(config.sources[0].include == ["/app/logs/*.json", "/app/logs/**/*.jsonl"])
        #expect(config.sources[0].startAt == .end)
        #expect(config.stages.count == 1)
        #expect((config.stages[0].options as? ParseJSONStage.Options)?.onError == .deadLetter)
        #expect((config.outputs[0].options as? FileOutput.Options)?.path == "/tmp/out.ndjson")
        #expect(config.warnings.isEmpty)
    }

    @Test func unknownKeyNamesPathLineAndSuggestion() {
        let yaml = Self.valid.replacingOccurrences(of: "    on_error: dead_letter", with: "    on_eror: dead_letter")
        #expect(errors(yaml) == [#"stages[0].on_eror: unknown key (pipeline.yaml:10:5); did you mean "on_error"?"#])
    }

    @Test func unknownTopLevelKey() {
        #expect(errors(Self.valid + "\noutput:\n  x: 1\n") == [#"output: unknown key (pipeline.yaml:15:1); did you mean "outputs"?"#])
    }

    @Test func unknownKeyFarFromAnyKnownOneHasNoSuggestion() {
        let yaml = Self.valid.replacingOccurrences(of: "    start_at: end", with: "    start_at: end\n    colour: blue")
        #expect(errors(yaml) == ["sources.app.colour: unknown key (pipeline.yaml:8:5)"])
    }

    @Test func wrongTypes() {
        let yaml = Self.valid
            .replacingOccurrences(of: #"include: ["/app/logs/*.json", "/app/logs/**/*.jsonl"]"#, with: "include: { a: 1 }")
            .replacingOccurrences(of: "stages:\n  - type: parse_json\n    on_error: dead_letter", with: "stages: parse_json")
        #expect(errors(yaml) == [
            "sources.app.include: expected a list, found a mapping (pipeline.yaml:5:14)",
            "stages: expected a list, found a scalar (pipeline.yaml:8:9)",
        ])
    }

    @Test func missingRequiredKeys() {
        let yaml = """
            sources:
              app:
                type: file
            outputs:
              out:
                type: file
            """
        #expect(errors(yaml) == [
            "sources.app.include: missing required key (pipeline.yaml:3:5)",
            "outputs.out.path: missing required key (pipeline.yaml:6:5)",
        ])
    }

    @Test func missingSectionsAndEmptyFile() {
        #expect(errors("data_dir: /x\n") == [
            "sources: missing required key (pipeline.yaml:1:1)",
            "outputs: missing required key (pipeline.yaml:1:1)",
        ])
        #expect(errors("") == ["the file is empty (pipeline.yaml:1:1)"])
        #expect(errors("- a\n- b\n") == ["expected a mapping, found a list (pipeline.yaml:1:1)"])
    }

    @Test func badValues() {
        let yaml = Self.valid
            .replacingOccurrences(of: "start_at: end", with: "start_at: middle\n    max_line_bytes: 12 parsecs")
            .replacingOccurrences(of: "on_error: dead_letter", with: "on_error: dead-letter")
            .replacingOccurrences(of: "type: file\n    path", with: "type: fiel\n    path")
        #expect(errors(yaml) == [
            #"sources.app.start_at: "middle" is not one of beginning, end (pipeline.yaml:7:15)"#,
            #"sources.app.max_line_bytes: expected a size such as 1048576, 512KiB or 1MiB, found "12 parsecs" (pipeline.yaml:8:21)"#,
            #"stages[0].on_error: "dead-letter" is not one of keep, drop, dead_letter (pipeline.yaml:11:15); did you mean "dead_letter"?"#,
            #"outputs.out.type: "fiel" is not one of stdout, file, blackhole, elasticsearch, loki, http, otlp (pipeline.yaml:14:11); did you mean "file"?"#,
        ])
    }

    @Test func coalesceReads() throws {
        #expect(try load(Self.valid).coalesceReads == 0.25)
        #expect(try load(Self.valid + "\ncoalesce_reads: 20ms\n").coalesceReads == 0.02)
        #expect(try load(Self.valid + "\ncoalesce_reads: 0s\n").coalesceReads == 0)
        #expect(errors(Self.valid + "\ncoalesce_reads: 10s\n") == ["coalesce_reads: 10s is out of range (pipeline.yaml:15:17)"])
    }

    @Test func unknownStageTypeIsSuggested() {
        let yaml = Self.valid.replacingOccurrences(of: "- type: parse_json", with: "- type: parse_jsno")
        // The list is every registered stage type (it grows as stages land on other branches).
        let types = StageTypes.all.map { $0.typeName }.joined(separator: ", ")
        #expect(types.hasPrefix("parse_json, "))
        #expect(errors(yaml).first == #"stages[0].type: "parse_jsno" is not one of \#(types) (pipeline.yaml:9:11); did you mean "parse_json"?"#)
    }

    @Test func everyErrorIsReportedAtOnce() {
        let yaml = """
            sources:
              app:
                type: file
                include: []
                strat_at: end
            stages:
              - type: parse_json
                on_error: maybe
              - {}
            outputs:
              out:
                type: stdout
                colour: red
            api:
              listen: nowhere
            """
        #expect(errors(yaml) == [
            "sources.app.include: must list at least one pattern (pipeline.yaml:4:14)",
            #"sources.app.strat_at: unknown key (pipeline.yaml:5:5); did you mean "start_at"?"#,
            #"stages[0].on_error: "maybe" is not one of keep, drop, dead_letter (pipeline.yaml:8:15)"#,
            "stages[1].type: missing required key (pipeline.yaml:9:5)",
            "outputs.out.colour: unknown key (pipeline.yaml:13:5)",
            #"api.listen: expected host:port such as 127.0.0.1:9598, found "nowhere" (pipeline.yaml:15:11)"#,
        ])
    }

    @Test func yamlSyntaxErrorsNameTheLine() {
        let found = errors("sources:\n  app: [unclosed\noutputs: {}\n")
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("not valid YAML: "))
        #expect(found[0].contains("(pipeline.yaml:"))
    }

    /// libyaml's reader refuses control characters before any node exists: the error still
    /// names the file, line and column like every other config error, on one line, without
    /// echoing the file's text (or the control character) back.
    @Test func aControlCharacterNamesTheFileLineAndColumn() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("pipeline.yaml", Self.valid.replacingOccurrences(of: "start_at: end", with: "start_at: \"e\u{01}nd\""))
        let line = Self.valid.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("start_at: end") }! + 1
        let found: [String]
        switch Pipelines.loader(environment: env).load(path: path) {
        case .success: found = []
        case .failure(let failure): found = failure.errors.map(\.description)
        }
        #expect(found == ["not valid YAML: control characters are not allowed (U+0001) (\(path):\(line):17)"])
    }

    @Test func brokenYAMLInAFileNamesItsPathAndLine() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = try dir.write("broken.yaml", "sources:\n  app: [unclosed\noutputs: {}\n")
        let found: [String]
        switch Pipelines.loader(environment: env).load(path: path) {
        case .success: found = []
        case .failure(let failure): found = failure.errors.map(\.description)
        }
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix("(\(path):3:8)") == true, "\(found)")
    }

    @Test func duplicateKeys() {
        let yaml = Self.valid + "\nsources:\n  other: {}\n"
        // Composing stops at the first repeated key and names its first occurrence (as Yams did).
        #expect(errors(yaml) == ["sources: duplicate key (pipeline.yaml:2:1)"])
        let nested = Self.valid.replacingOccurrences(of: "    start_at: end", with: "    start_at: end\n    start_at: beginning")
        #expect(errors(nested) == ["start_at: duplicate key (pipeline.yaml:7:5)"])
        // A number and a quoted string are two keys to YAML, one to Sluice.
        #expect(errors(Self.valid + "\n1: x\n\"1\": y\n") == ["1: duplicate key (pipeline.yaml:16:1)", "1: unknown key (pipeline.yaml:15:1)"])
        // A key that is a list or a mapping is named by its flow text.
        #expect(errors(Self.valid + "\n? [a, {b: 1}]\n: 1\n") == ["[a, {b: 1}]: unknown key (pipeline.yaml:15:3)"])
    }

    @Test func interpolationInValuesWithWarningsForUnsetVariables() throws {
        let yaml = Self.valid.replacingOccurrences(of: "data_dir: /var/lib/sluice", with: "data_dir: /data/${POD_NAME}/${NOPE}")
        let config = try load(yaml)
        #expect(config.dataDir == "/data/api-0")
        #expect(config.warnings.map(\.description) == [
            "data_dir: environment variable NOPE is not set; using an empty string (write ${NOPE:-default} to give a default) (/etc/sluice/pipeline.yaml:1:11)",
        ])
        let required = Self.valid.replacingOccurrences(of: "path: ${OUT}", with: "path: ${NOPE:?point OUT at a file}")
        #expect(errors(required) == ["outputs.out.path: required variable NOPE is not set: point OUT at a file (pipeline.yaml:14:11)"])
        let escaped = Self.valid.replacingOccurrences(of: "path: ${OUT}", with: "path: /tmp/$${OUT}")
        #expect((try load(escaped).outputs[0].options as? FileOutput.Options)?.path == "/tmp/${OUT}")
    }

    @Test func relativePathsResolveAgainstThePipelineFile() throws {
        let yaml = Self.valid
            .replacingOccurrences(of: "data_dir: /var/lib/sluice", with: "data_dir: ./state")
            .replacingOccurrences(of: #"include: ["/app/logs/*.json", "/app/logs/**/*.jsonl"]"#, with: #"include: ["../logs/*.json"]"#)
        let config = try load(yaml)
        #expect(config.dataDir == "/etc/sluice/state")
        #expect(config.sources[0].include == ["/etc/logs/*.json"])
    }

    @Test func badGlobs() {
        let yaml = Self.valid.replacingOccurrences(of: #"exclude: ["/app/logs/*.gz"]"#, with: #"exclude: ["/app/logs/{a,b"]"#)
        #expect(errors(yaml) == [#"sources.app.exclude: "/app/logs/{a,b" has an unclosed "{" (pipeline.yaml:6:14)"#])
    }

    @Test func testsSectionIsValidated() throws {
        let yaml = Self.valid + """

            tests:
              - name: masked
                input: '{"msg":"x"}'
                expect: { msg: x, n: 2, ok: true, gone: { exists: false } }
                must_not_contain: ["alice@example.com"]
              - name: nothing to check
                input: '{}'
              - input: '{}'
                expect_dropped: maybe
            """
        #expect(errors(yaml) == [
            "tests[1]: a test needs at least one of expect, must_not_contain or expect_dropped (pipeline.yaml:20:5)",
            "tests[2].name: missing required key (pipeline.yaml:22:5)",
            #"tests[2].expect_dropped: expected true or false, found "maybe" (pipeline.yaml:23:21)"#,
        ])
        let ok = try load(Self.valid + "\ntests:\n  - name: t\n    input: ['{\"n\":2}']\n    expect: { n: 2, s: \"2\", gone: { exists: false } }\n")
        #expect(ok.tests[0].expect.map(\.value) == [.number(2), .string("2"), .absent])
    }

    @Test func suggestionsTolerateTyposNotStrangers() {
        #expect(closestSpelling(to: "detecors", in: ["detectors", "fields"]) == "detectors")
        #expect(closestSpelling(to: "detecotrs", in: ["detectors"]) == "detectors")
        #expect(closestSpelling(to: "Include", in: ["include"]) == "include")
        #expect(closestSpelling(to: "colour", in: ["include", "exclude"]) == nil)
    }
}
