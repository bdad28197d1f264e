import Testing
import SluiceCore
import SluiceStages

/// Helpers shared by the redact tests: run the stage over JSON lines and read results back.
enum RedactHarness {
    /// Runs a redact stage with `options` over `lines` (parsed first); returns the batch and
    /// the metrics it recorded.
    static func run(_ lines: [String], _ options: RedactStage.Options = .init()) -> (Batch, MetricsRegistry) {
        let metrics = MetricsRegistry()
        let stage = RedactStage(options: options, context: StageContext(index: 1, type: "redact", metrics: metrics))
        var batch = Batch(events: lines.enumerated().map { i, line in
            var event = Event(line: ArraySlice(Array(line.utf8)), origin: Origin(fileID: 1, offset: UInt64(i), length: 0), readTime: 0)
            if let object = try? JSONObject(parsing: event.line) {
                event.fields = object
                event.flags.remove(.raw)
            }
            return event
        })
        stage.process(&batch)
        return (batch, metrics)
    }

    /// The serialised event.
    static func json(_ event: Event) -> String {
        var out: [UInt8] = []
        event.serialize(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` as the `msg` of an event, redacted; returns the new `msg`.
    static func redactMessage(_ text: String, _ options: RedactStage.Options = .init()) -> String {
        var line: [UInt8] = Array(#"{"msg":"#.utf8)
        JSONStringCodec.appendQuoted(text.utf8, to: &line)
        line.append(UInt8(ascii: "}"))
        let (batch, _) = run([String(decoding: line, as: UTF8.self)], options)
        guard let event = batch.events.first else { return "<dead-lettered>" }
        return event.fields.string(FieldPath(key: "msg")) ?? "<absent>"
    }
}

extension RedactHarness {
    /// Loads a pipeline whose stages are `stagesYAML`; returns the redact options or the errors.
    static func load(_ stagesYAML: String, environment: [String: String] = [:]) -> Result<RedactStage.Options, PipelineConfigError> {
        loadStages(stagesYAML, environment: environment).map { stages in stages.compactMap { $0 as? RedactStage.Options }.first! }
    }
}

extension RedactHarness {
    /// Expects `stagesYAML` to be refused with an error holding `expected` and the file:line.
    static func expectConfigError(_ stagesYAML: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .failure(let failure) = load(stagesYAML) else {
            Issue.record("expected an error", sourceLocation: sourceLocation)
            return
        }
        let text = failure.description
        #expect(text.contains(expected), "\(text)", sourceLocation: sourceLocation)
        #expect(text.contains("pipeline.yaml:"), "\(text)", sourceLocation: sourceLocation)
    }
}
