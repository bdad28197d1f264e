@testable import SluiceCore
@testable import SluiceStages

/// Parsed events from JSON lines, as `parse_json` would leave them.
func events(_ lines: [String]) -> [Event] {
    lines.enumerated().map { i, line in
        var event = Event(line, origin: Origin(fileID: 1, offset: UInt64(i * 100), length: UInt32(line.utf8.count + 1)))
        event.fields = try! JSONObject(parsing: event.line)
        event.flags.remove(.raw)
        return event
    }
}

/// The event as the outputs would write it.
func json(_ event: Event) -> String {
    var out: [UInt8] = []
    event.serialize(into: &out)
    return String(decoding: out, as: UTF8.self)
}

extension Event {
    func string(_ path: String) -> String? { fields.string(FieldPath(path)!) }
    func raw(_ path: String) -> String? {
        fields.withValue(FieldPath(path)!) { _, raw in String(decoding: raw, as: UTF8.self) }
    }
}

/// Runs `stage` over `lines`.
func run(_ stage: any Stage, _ lines: [String]) -> Batch {
    var batch = Batch(events: events(lines))
    stage.process(&batch)
    return batch
}

/// A minimal output type so pipeline files can be loaded in these tests.
struct NullOutputOptions: OutputOptions {
    static let typeName = "discard"
    init?(from map: ConfigMapping) { map.finish() }
    struct Unsupported: Error {}
    func makeOutput(name: String, context: OutputContext) throws -> any Output { throw Unsupported() }
    func preview(_ event: Event, into out: inout [UInt8]) { event.serialize(into: &out) }
}

/// The stages' options of a pipeline whose `stages:` are `stagesYAML` (indented by two
/// spaces), or every error the loader found.
func loadStages(_ stagesYAML: String, environment: [String: String] = [:]) -> Result<[any StageOptions], PipelineConfigError> {
    let text = """
        sources:
          s: { type: file, include: ["/tmp/x.jsonl"] }
        stages:
        \(stagesYAML)
        outputs:
          o: { type: discard }
        """
    let loader = PipelineLoader(stageTypes: StageTypes.all, outputTypes: [NullOutputOptions.self], environment: environment)
    return loader.load(text: text, file: "pipeline.yaml").map { $0.stages.map(\.options) }
}

/// The error texts for a pipeline whose stages are `stagesYAML` (none when it loads).
func stageErrors(_ stagesYAML: String) -> [String] {
    switch loadStages(stagesYAML) {
    case .success: return []
    case .failure(let failure): return failure.errors.map(\.description)
    }
}
