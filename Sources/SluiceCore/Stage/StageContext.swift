/// What a stage gets from the chain that runs it.
public struct StageContext: Sendable {
    /// Where the stage is declared, e.g. `stages[0] (parse_json)`: named in dead-letter
    /// records and `--explain` output.
    public var name: String
    /// The stage's metrics, with the dimensions `component="stages[0]"` and
    /// `type="parse_json"`. Handles are made once, in the stage's initialiser.
    public var metrics: MetricsScope
    /// Collects what redaction stages did, for `dry-run --explain` (holds original values:
    /// nil everywhere else).
    public var redactions: RedactionRecorder?

    public init(name: String, metrics: MetricsScope = .discarding, redactions: RedactionRecorder? = nil) {
        self.name = name
        self.metrics = metrics
        self.redactions = redactions
    }

    /// The context of stage `index` of type `type`: named `stages[index] (type)`, recording
    /// into `registry` as `component="stages[index]"`, `type="type"`.
    public init(index: Int, type: String, metrics registry: MetricsRegistry, redactions: RedactionRecorder? = nil) {
        self.init(
            name: Self.name(index: index, type: type),
            metrics: registry.scope(["component": Self.component(index: index), "type": type]),
            redactions: redactions)
    }

    /// `stages[0]`: the `component` label of stage `index`.
    public static func component(index: Int) -> String { "stages[\(index)]" }

    /// `stages[0] (parse_json)`: how stage `index` of type `type` is named.
    public static func name(index: Int, type: String) -> String { "\(component(index: index)) (\(type))" }
}
