import SluiceCore

/// The whole-trace buffer of `sample`: events of traces the sampler rejected, held for a
/// while in case a line of the same trace turns out to be an error.
///
/// ```
///  unsampled trace t ──▶ held[t] (oldest first) ──┬─ an error of t arrives ──▶ released, t kept for `window`
///                                                 ├─ `window` passes         ──▶ dropped (trace_window_expired)
///                                                 └─ over `max_events`       ──▶ oldest trace dropped (hold_full)
/// ```
///
/// Held events are neither delivered nor dropped, so they delay the acknowledgement of their
/// lines (and the file offset) by at most `window`; both bounds keep memory and delay finite.
struct TraceHold: Sendable {
    struct Held: Sendable {
        var events: [Event]
        var since: Int64
    }

    let maxEvents: Int
    let window: Int64
    private(set) var held: [UInt128: Held] = [:]
    /// Traces in the order they were first held (entries of released traces are skipped).
    private var order: [(UInt128, Int64)] = []
    private var orderStart = 0
    /// Traces with an error seen, kept whole until `window` after the error.
    private var kept: [UInt128: Int64] = [:]
    private(set) var count = 0

    init(maxEvents: Int, window: Int64) {
        self.maxEvents = maxEvents
        self.window = window
    }

    /// Whether an error of `trace` was seen within the window.
    func isKept(_ trace: UInt128) -> Bool { kept[trace] != nil }

    /// Where every held event came from.
    var origins: [Origin] { held.values.flatMap { $0.events.map(\.origin) } }

    /// Holds `event`; returns how many events were dropped to stay within `maxEvents`.
    mutating func hold(_ event: Event, trace: UInt128, now: Int64) -> Int {
        if held[trace] == nil {
            held[trace] = Held(events: [event], since: now)
            order.append((trace, now))
        } else {
            held[trace]!.events.append(event)
        }
        count += 1
        var dropped = 0
        while count > maxEvents, let oldest = popOldest() {
            dropped += oldest
        }
        return dropped
    }

    /// An error of `trace` arrived: its held events, oldest first; the trace is kept whole
    /// from now on (for `window`).
    mutating func release(_ trace: UInt128, now: Int64) -> [Event] {
        if kept.count >= maxEvents, kept[trace] == nil, let oldest = kept.min(by: { $0.value < $1.value }) {
            kept[oldest.key] = nil  // bounded like the held events
        }
        kept[trace] = now
        guard let entry = held.removeValue(forKey: trace) else { return [] }
        count -= entry.events.count
        return entry.events
    }

    /// Drops what has been held for `window` or longer; returns how many events.
    mutating func expire(now: Int64) -> Int {
        var dropped = 0
        while orderStart < order.count {
            let (trace, since) = order[orderStart]
            guard let entry = held[trace], entry.since == since else {
                orderStart += 1  // released earlier
                continue
            }
            guard now - since >= window else { break }
            dropped += entry.events.count
            count -= entry.events.count
            held[trace] = nil
            orderStart += 1
        }
        compact()
        if !kept.isEmpty { kept = kept.filter { now - $0.value < window } }
        return dropped
    }

    /// Drops everything held (end of input); returns how many events.
    mutating func dropAll() -> Int {
        let n = count
        held = [:]
        order = []
        orderStart = 0
        kept = [:]
        count = 0
        return n
    }

    private mutating func popOldest() -> Int? {
        while orderStart < order.count {
            let (trace, since) = order[orderStart]
            orderStart += 1
            if let entry = held[trace], entry.since == since {
                held[trace] = nil
                count -= entry.events.count
                compact()
                return entry.events.count
            }
        }
        return nil
    }

    private mutating func compact() {
        if orderStart > 1024 && orderStart * 2 > order.count {
            order.removeFirst(orderStart)
            orderStart = 0
        }
    }
}
