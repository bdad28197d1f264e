/// A step of the stage chain: a function of a batch, run in place on the pipeline's worker
/// thread. Stages never block on I/O and never spawn per-event work.
public protocol Stage: AnyObject, Sendable {
    /// Where the stage is declared, e.g. `stages[0] (parse_json)` (``StageContext/name``):
    /// used in dead-letter records.
    var name: String { get }
    /// Transforms `batch` in place: edits events, drops them (counting in
    /// ``Batch/droppedCount``) or moves them to ``Batch/deadLetters``.
    func process(_ batch: inout Batch)
}

/// A stage's options as read from the pipeline file; each stage type has one.
public protocol StageOptions: Sendable {
    /// The `type:` that selects this stage, e.g. `parse_json`.
    static var typeName: String { get }
    /// Reads the stage's own keys from `map` (the `type` key is handled by the loader),
    /// reporting every problem to the map's diagnostics; nil when invalid.
    init?(from map: ConfigMapping)
    /// Builds the stage. The context names it and holds what it records its metrics with.
    func makeStage(context: StageContext) -> any Stage
    /// True for stage types that make no sense without a `when:` condition (`drop`); the
    /// loader reports a missing one. False unless a type says otherwise.
    static var requiresCondition: Bool { get }
    /// False for stage types that run before events have fields (`parse_json`), where a
    /// `when:` condition could never hold; the loader reports one. True unless a type says
    /// otherwise.
    static var acceptsCondition: Bool { get }
    /// True for stage types that take the lines as read (`parse_json`). When the first stage
    /// does not, the chain first turns each raw line into an event whose only field is
    /// `message`. False unless a type says otherwise.
    static var takesRawLines: Bool { get }
}

extension StageOptions {
    public static var requiresCondition: Bool { false }
    public static var acceptsCondition: Bool { true }
    public static var takesRawLines: Bool { false }
}

/// A stage that may hold events back across batches (`sample` keeping whole traces while it
/// waits for an error). Held events are neither delivered nor dropped yet, so they delay the
/// acknowledgement of their lines; such a stage bounds how long and how many it holds.
public protocol HoldingStage: Stage {
    /// The input has ended: releases into `batch` what is still held, or drops it (counting
    /// in ``Batch/droppedCount``).
    func finish(_ batch: inout Batch)
    /// Origins of the events held right now: their lines must not be acknowledged yet.
    func heldOrigins() -> [Origin]
}

/// A declared stage: its position, type and decoded options.
public struct StageDeclaration: Sendable {
    /// Index in the `stages` list.
    public var index: Int
    public var options: any StageOptions
    /// The stage's `when:` condition: it runs only on events for which it holds.
    public var condition: Condition?

    public init(index: Int, options: any StageOptions, condition: Condition? = nil) {
        self.index = index
        self.options = options
        self.condition = condition
    }

    /// `stages[0] (parse_json)`
    public var name: String { StageContext.name(index: index, type: typeName) }

    /// `parse_json`
    public var typeName: String { type(of: options).typeName }
}

/// A stage that keeps metrics of its own for `/metrics` (the `metrics` stage): rendered in
/// the Prometheus text format at scrape time.
public protocol ExposesMetrics: AnyObject, Sendable {
    /// The stage's families in the text exposition format, each with `# HELP` and `# TYPE`.
    func exposition() -> String
}
