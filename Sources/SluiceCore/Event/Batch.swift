/// An event set aside by a stage instead of being shipped: written to the dead-letter file
/// (after redaction stages have seen it) and acknowledged as handled.
public struct DeadLetter: Sendable {
    public var event: Event
    /// The stage that set it aside, e.g. `stages[0] (parse_json)`.
    public var stage: String
    /// A content-free reason, e.g. `invalid JSON (truncated)`.
    public var reason: String

    public init(event: Event, stage: String, reason: String) {
        self.event = event
        self.stage = stage
        self.reason = reason
    }
}

/// The unit that crosses boundaries between parts: the events read together, transformed in
/// place by the stage chain, then handed to the outputs.
public struct Batch: Sendable {
    /// Events still on their way to the outputs, in read order.
    public var events: [Event]
    /// Events set aside by stages.
    public var deadLetters: [DeadLetter]
    /// Events deliberately dropped by stages (sampling, filters, `on_error: drop`).
    public var droppedCount: Int
    /// The file range this batch covers, completed when every output is done with it.
    public var acknowledgement: Acknowledgement?
    /// Lines after `events`, not cut into events yet (from the tailer): whoever takes the
    /// batch calls ``cutLines()`` first.
    public var lines: LineBlock?

    public init(events: [Event] = [], lines: LineBlock? = nil, acknowledgement: Acknowledgement? = nil) {
        self.events = events
        self.deadLetters = []
        self.droppedCount = 0
        self.acknowledgement = acknowledgement
        self.lines = lines
        acknowledgement?.countLines(events.count)
    }

    /// Cuts ``lines`` into events appended to ``events`` (nothing to do when already cut).
    public mutating func cutLines() {
        guard let block = lines else { return }
        lines = nil
        let before = events.count
        block.cut(into: &events)
        acknowledgement?.countLines(events.count - before)
    }
}
