/// One counter of a ``MetricsRegistry`` read in process, resolved once
/// (``MetricsRegistry/counterReader(_:_:)``): each read of ``value`` is one atomic load.
public struct CounterReader: Sendable {
    private let counter: ReadableCounter

    init(_ counter: ReadableCounter) {
        self.counter = counter
    }

    /// The counter's whole increments so far.
    public var value: Int { counter.total }
}
