import Testing
@testable import SluiceCore
@testable import SluiceStages

@Suite struct FieldsStageTests {
    func stage(_ options: FieldsStage.Options) -> (FieldsStage, MetricsRegistry) {
        let metrics = MetricsRegistry()
        return (FieldsStage(options: options, context: StageContext(index: 3, type: "fields", metrics: metrics)), metrics)
    }

    @Test func renameDropKeepOnlyThenAdd() {
        var options = FieldsStage.Options()
        options.rename = [(FieldPath(key: "msg"), FieldPath(key: "message")), (FieldPath("ctx.user")!, FieldPath(key: "user"))]
        options.drop = [FieldPath(key: "password"), FieldPath("ctx.secret")!]
        options.keepOnly = [FieldKey("message"), FieldKey("user"), FieldKey("level"), FieldKey("ctx")]
        options.add = [(FieldPath(key: "pod"), Array(#""api-0""#.utf8), .string), (FieldPath(key: "replicas"), Array("3".utf8), .number)]
        let (stage, metrics) = stage(options)
        let batch = run(stage, [#"{"msg":"hi","password":"hunter2","noise":1,"ctx":{"user":"u1","secret":"s"},"level":"info"}"#])
        #expect(json(batch.events[0]) == #"{"ctx":{},"level":"info","message":"hi","user":"u1","pod":"api-0","replicas":3}"#)
        #expect(metrics.counter("sluice_fields_renamed_total") == 2)
        #expect(metrics.counter("sluice_fields_dropped_total") == 2)  // password, ctx.secret
        #expect(metrics.counter("sluice_fields_events_kept_only_total") == 1)
        #expect(metrics.counter("sluice_fields_added_total") == 2)
    }

    /// Level spellings → one spelling (python numeric scheme by default).
    static let levels: [(String, String)] = [
        (#""warn""#, "warning"), (#""WARN""#, "warning"), (#""Warning""#, "warning"),
        (#""ERR""#, "error"), (#""Fatal""#, "critical"), (#""CRITICAL""#, "critical"),
        (#""trace""#, "debug"), (#""DEBUG""#, "debug"), (#""Information""#, "info"), (#""notice""#, "info"),
        ("10", "debug"), ("20", "info"), ("30", "warning"), ("40", "error"), ("50", "critical"), ("35", "warning"),
        (#""30""#, "warning"), ("0", "debug"),
    ]

    @Test(arguments: levels)
    func levelsAreNormalised(_ raw: String, _ expected: String) {
        var options = FieldsStage.Options()
        options.normalizeLevel = true
        let (stage, metrics) = stage(options)
        let batch = run(stage, [#"{"level":\#(raw)}"#])
        #expect(batch.events[0].raw("level") == "\"\(expected)\"")
        #expect(metrics.counter("sluice_fields_levels_total", ["result": "normalized"]) == 1)
    }

    static let schemes: [(LevelNormalizer.NumericScheme, Int, LogLevel?)] = [
        (.bunyan, 10, .debug), (.bunyan, 20, .debug), (.bunyan, 30, .info), (.bunyan, 40, .warning),
        (.bunyan, 50, .error), (.bunyan, 60, .critical),
        (.syslog, 0, .critical), (.syslog, 2, .critical), (.syslog, 3, .error), (.syslog, 4, .warning),
        (.syslog, 5, .info), (.syslog, 6, .info), (.syslog, 7, .debug), (.syslog, 8, nil),
        (.python, 5, .debug), (.python, 25, .info), (.python, 45, .error), (.python, 99, .critical),
        (.none, 30, nil),
    ]

    @Test(arguments: schemes)
    func numericSchemes(_ scheme: LevelNormalizer.NumericScheme, _ number: Int, _ expected: LogLevel?) {
        #expect(LevelNormalizer(numeric: scheme).level(number: number) == expected)
        let raw = Array(String(number).utf8)
        #expect(raw.withUnsafeBufferPointer { LevelNormalizer(numeric: scheme).level(.number, $0) } == expected)
    }

    @Test func canonicalAndUnknownLevelsAreLeftAlone() {
        var options = FieldsStage.Options()
        options.normalizeLevel = true
        let (stage, metrics) = stage(options)
        let lines = [#"{"level":"info"}"#, #"{"level":"verbose-ish"}"#, #"{"level":true}"#, #"{"n":1}"#]
        let batch = run(stage, lines)
        #expect(batch.events.map(json) == lines)
        #expect(metrics.counter("sluice_fields_levels_total", ["result": "normalized"]) == 0)
        #expect(metrics.counter("sluice_fields_levels_total", ["result": "unrecognized"]) == 2)
    }

    @Test func nestedLevelFieldAndAddOverwrites() {
        var options = FieldsStage.Options()
        options.normalizeLevel = true
        options.levelField = FieldPath("log.level")!
        options.add = [(FieldPath(key: "env"), Array(#""prod""#.utf8), .string)]
        let (stage, _) = stage(options)
        let batch = run(stage, [#"{"log":{"level":"WARN"},"env":"dev"}"#])
        #expect(json(batch.events[0]) == #"{"log":{"level":"warning"},"env":"prod"}"#)
    }
}

@Suite struct DropStageTests {
    @Test func dropsEverythingItIsGivenAndCounts() {
        let metrics = MetricsRegistry()
        let stage = DropStage(context: StageContext(index: 4, type: "drop", metrics: metrics))
        let batch = run(stage, [#"{"a":1}"#, #"{"a":2}"#])
        #expect(batch.events.isEmpty)
        #expect(batch.droppedCount == 2)
        #expect(metrics.counter("sluice_stage_events_dropped_total", ["component": "stages[4]", "type": "drop", "reason": "condition"]) == 2)
        #expect(DropStage.Options.requiresCondition)
        #expect(!FieldsStage.Options.requiresCondition)
    }
}
