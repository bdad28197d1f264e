import Logging

/// A destination for events.
///
/// The pipeline's worker hands every output the same events in read order with ``submit(_:acknowledging:)``.
/// An output settles each event — delivers it, dead-letters it, or deliberately drops it —
/// and then completes one party of the acknowledgements handed over with it, so a file's
/// durable offset moves only past lines that every output has settled.
///
/// ```
///  worker ──submit(events, acks)──▶ output (its own queue, batching, retries, thread)
///                                       └─ delivered / dead-lettered ──▶ ack.acknowledge()
/// ```
public protocol Output: AnyObject, Sendable {
    /// The output's name from the `outputs` mapping.
    var name: String { get }
    /// Takes `events` (possibly none) in order. Once every event submitted so far, these
    /// included, is settled, calls `acknowledge()` once on each of `acks`. Blocks while the
    /// output holds as much as it may (backpressure). Returns false, without taking the
    /// events, once ``abandon()`` was called.
    func submit(_ events: [Event], acknowledging acks: [Acknowledgement]) -> Bool
    /// True when everything submitted so far is settled (`sluice run --once` waits for it).
    var isIdle: Bool { get }
    /// Nothing more is coming for now (`sluice run --once` read everything): send what is
    /// batched without waiting for the batch's age limit.
    func flushSoon()
    /// Stops taking events and settles what it holds, until the shutdown deadline its
    /// ``OutputContext/stop`` carries (an output that cannot settle it by then — its next
    /// retry would come later — gives up at once). Returns whether everything submitted was
    /// settled.
    func finish() -> Bool
    /// Gives up at once: retries stop, blocked submits return false, nothing more is
    /// acknowledged (what was not is read again on the next start).
    func abandon()
    /// Releases resources (after ``finish()`` or ``abandon()``), waiting for the output's
    /// thread no longer than ``StopSignal/grace``.
    func close()
}

extension Output {
    public func flushSoon() {}
}

/// What an output gets from the pipeline that runs it.
public struct OutputContext: Sendable {
    /// The agent's logger. Never give it event content.
    public var logger: Logger
    /// Where events refused for good are written (already redacted by the stages).
    public var deadLetters: any DeadLetterSink
    /// The pipeline's shutdown deadline: every wait of the output (a blocked submit, a
    /// backoff, a dead-letter retry, a request in flight) ends by it.
    public var stop: StopSignal
    /// What the output records its metrics with (events delivered, retried, dead-lettered…),
    /// with the dimensions `output="<name>"` and `type="<type>"`. Handles are made once, when
    /// the output is opened.
    public var metrics: MetricsScope
    /// Where the output reports each delivery attempt's result (readiness reads it).
    public var health: DeliveryHealth

    public init(
        logger: Logger, deadLetters: any DeadLetterSink, stop: StopSignal = StopSignal(),
        metrics: MetricsScope = .discarding, health: DeliveryHealth = DeliveryHealth()
    ) {
        self.logger = logger
        self.deadLetters = deadLetters
        self.stop = stop
        self.metrics = metrics
        self.health = health
    }

    /// The context for output `name` of type `type`: this one, recording into `registry`
    /// as `output="<name>"`, `type="<type>"`, reporting to `health` (a new one by default).
    public func scoped(output name: String, type: String, in registry: MetricsRegistry, health: DeliveryHealth? = nil) -> OutputContext {
        var context = self
        context.metrics = registry.scope(["output": name, "type": type])
        context.health = health ?? DeliveryHealth(metrics: context.metrics)
        return context
    }
}

/// Takes events set aside for good, durably (the dead-letter file). Safe to call from any
/// thread.
public protocol DeadLetterSink: Sendable {
    func write(_ letters: [DeadLetter]) throws
}

/// An output's options as read from the pipeline file; each output type has one.
public protocol OutputOptions: Sendable {
    /// The `type:` that selects this output, e.g. `stdout`.
    static var typeName: String { get }
    /// Reads the output's keys (the `type` key is handled by the loader); nil when invalid.
    init?(from map: ConfigMapping)
    /// Opens the output.
    func makeOutput(name: String, context: OutputContext) throws -> any Output
    /// Appends what this output would send for `event`, for dry runs (no I/O).
    func preview(_ event: Event, into out: inout [UInt8])
}

/// A declared output: its name and decoded options.
public struct OutputDeclaration: Sendable {
    public var name: String
    public var options: any OutputOptions
    /// The declaration as written (its YAML, normalised): a reload keeps an output whose
    /// name and settings did not change, and reopens the others.
    public var settings: String

    public init(name: String, options: any OutputOptions, settings: String = "") {
        self.name = name
        self.options = options
        self.settings = settings
    }

    /// `elasticsearch`
    public var typeName: String { type(of: options).typeName }
}
